// The flags AWS users expect on every command, added in one place after the commands register:
// `--output json|text` (with `--json` as its alias) everywhere, and `--profile` / `--region` on
// the commands that reach AWS (S3 store, KMS signing, Audit Manager, collection).
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { ConfigurationError, unknownRegionProblem } from '../domain/index.ts';
import { UsageError } from './exit.ts';

/** Commands (by path below `evidence`) that can talk to AWS, so take --profile and --region. */
export const AWS_COMMANDS: readonly string[] = ['run', 'merge', 'verify', 'report', 'diff', 'trend', 'pack', 'runs list', 'store check', 'auditmanager push', 'auditmanager export-framework'];

export const OUTPUT_MODES = ['text', 'json'] as const;

function pathOf(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function leaves(cmd: Command): Command[] {
  return cmd.commands.length === 0 ? [cmd] : cmd.commands.flatMap(leaves);
}

const has = (cmd: Command, long: string): boolean => cmd.options.some((o) => o.long === long);

/** Adds the common flags to every registered command, and the hook that reconciles them. */
export function addCommonOptions(program: Command): void {
  for (const cmd of leaves(program)) {
    if (cmd === program) continue;
    if (!has(cmd, '--output')) cmd.addOption(new Option('--output <mode>', 'output: text or json (one JSON document on stdout)').choices(OUTPUT_MODES));
    if (!has(cmd, '--json')) cmd.option('--json', 'same as --output json');
    if (AWS_COMMANDS.includes(pathOf(cmd))) {
      if (!has(cmd, '--profile')) cmd.option('--profile <name>', 'AWS shared-config profile (default: config aws.profile, then the SDK credential chain)');
      if (!has(cmd, '--region')) {
        const what = has(cmd, '--regions') ? 'one region to collect: same as --regions REGION' : 'AWS Region of the S3 store and KMS key (default: config regions, then AWS_REGION)';
        cmd.option('--region <region>', what);
      }
    }
  }
  program.hook('preAction', (_root, action) => reconcile(action));
}

/** --output and --json agree, --region and --regions agree, and --output json reaches --format. */
export function reconcile(cmd: Command): void {
  const o = cmd.opts<{ output?: string; json?: boolean; region?: string; regions?: string; format?: unknown }>();
  if (o.json && o.output === 'text') throw new UsageError('--json and --output text contradict each other');
  if (o.json) cmd.setOptionValue('output', 'json');
  else if (o.output === 'json') cmd.setOptionValue('json', true);
  if (o.region !== undefined && has(cmd, '--regions')) {
    if (o.regions !== undefined) throw new UsageError('--region and --regions both choose the regions: give one of them');
    if (o.region.includes(',')) throw new UsageError(`--region takes one region, got ${JSON.stringify(o.region)} (use --regions for a list)`);
    cmd.setOptionValue('regions', o.region);
  }
  // diff and trend choose their output with --format (text, json, csv, html...): --output sets it.
  const output = cmd.getOptionValue('output') as string | undefined;
  if (output && has(cmd, '--format') && typeof o.format === 'string') {
    if (cmd.getOptionValueSource('format') === 'cli' && o.format !== output) throw new UsageError(`--output ${output} and --format ${o.format} contradict each other`);
    cmd.setOptionValue('format', output);
  }
}

/**
 * `--regions a,b` strictly: an empty item ("us-east-1,,") or a name that is not a Region this
 * release knows is a usage error, before anything reaches AWS (which would answer with an
 * unrelated "security token is invalid"). "all" stands alone.
 */
export function parseRegionsFlag(value: string, flag = '--regions'): string[] | 'all' {
  const items = value.split(',').map((x) => x.trim());
  const empty = items.findIndex((x) => x === '');
  if (empty >= 0) throw new UsageError(`${flag}: item ${empty + 1} of ${JSON.stringify(value)} is empty`);
  if (items.includes('all')) {
    if (items.length > 1) throw new UsageError(`${flag}: "all" cannot be combined with region names`);
    return 'all';
  }
  const problems = items.map((r) => unknownRegionProblem(r)).filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new UsageError(`${flag}: ${problems.join('; ')}`);
  return items;
}

/** Where the SDK reads shared config and credentials (the same variables it honours). */
export function sharedConfigFiles(): { config: string; credentials: string } {
  const home = os.homedir();
  return {
    config: process.env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'),
    credentials: process.env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'),
  };
}

/** Profile names declared in the shared config (`[profile x]`, `[default]`) and credentials (`[x]`) files. */
export function sharedProfiles(files = sharedConfigFiles()): Set<string> {
  const names = new Set<string>();
  for (const [file, inConfig] of [[files.config, true], [files.credentials, false]] as const) {
    if (!existsSync(file)) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/^\s*\[\s*([^\]]+?)\s*\]/gm)) {
      const header = m[1]!;
      if (!inConfig) names.add(header);
      else if (header === 'default') names.add('default');
      else if (/^profile\s+/.test(header)) names.add(header.replace(/^profile\s+/, ''));
    }
  }
  return names;
}

/**
 * Fails early, naming the profile, when it is in neither shared file: the SDK would otherwise
 * say only "Could not load credentials from any providers" after its retries.
 */
export function checkProfile(profile: string, from: { flag: true } | { configFile: string | null }): void {
  if (sharedProfiles().has(profile)) return;
  const files = sharedConfigFiles();
  const home = os.homedir();
  const show = (p: string): string => (p.startsWith(home + path.sep) ? `~${p.slice(home.length)}` : p);
  const where = path.dirname(files.config) === path.dirname(files.credentials) ? `${show(files.config)} or credentials` : `${show(files.config)} or ${show(files.credentials)}`;
  const message = `profile '${profile}' not found in ${where}`;
  if ('flag' in from) throw new UsageError(`--profile: ${message}`);
  throw new ConfigurationError(`${from.configFile ?? 'config'}: aws.profile: ${message}`);
}
