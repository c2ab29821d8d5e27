// The flags AWS users type on any command: --profile, --region, --output json|text (and --json),
// and the exit code of a bad command line.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCommonOptions, checkProfile, sharedProfiles } from '../../src/cli/options.ts';
import { CommandLineError, ConfigurationError, EXIT } from '../../src/domain/errors.ts';
import { tempDir } from '../helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
let env: Record<string, string>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await fs.writeFile(path.join(dir, 'config'), '[default]\nregion = us-east-1\n[profile audit]\nregion = eu-west-1\n[sso-session corp]\nsso_region = us-east-1\n');
  await fs.writeFile(path.join(dir, 'credentials'), '[ci]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n');
  env = { AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials') };
});
afterAll(() => cleanup?.());

function evidence(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A command shaped like `run` or `diff`, registered as main() does, returning the options its action sees. */
async function parse(name: 'run' | 'diff' | 'keygen', args: string[]): Promise<Record<string, unknown>> {
  const program = new Command('evidence').exitOverride();
  let seen: Record<string, unknown> = {};
  const cmd = program.command(name).action(function (this: Command) {
    seen = this.opts();
  });
  if (name === 'run') cmd.option('--regions <list>').option('-o, --out <dir>').option('--json');
  if (name === 'diff') cmd.argument('[a]').option('--format <f>', 'format', 'text').option('-o, --out <file>');
  program.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  addCommonOptions(program);
  await program.parseAsync(['node', 'evidence', name, ...args]);
  return seen;
}

describe('--output, --json, --region', () => {
  it('--output json and --json are the same switch, and --out stays a path', async () => {
    expect(await parse('run', ['--output', 'json', '-o', 'reports'])).toMatchObject({ json: true, output: 'json', out: 'reports' });
    expect(await parse('run', ['--json'])).toMatchObject({ json: true, output: 'json' });
    expect(await parse('keygen', ['--output', 'text'])).toMatchObject({ output: 'text' });
    expect((await parse('keygen', ['--output', 'text'])).json).toBeUndefined();
    await expect(parse('run', ['--json', '--output', 'text'])).rejects.toBeInstanceOf(CommandLineError);
    await expect(parse('run', ['--output', 'yaml'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });

  it('--region is a one-element --regions where the command collects, and the AWS flags exist only where AWS is reached', async () => {
    expect(await parse('run', ['--region', 'eu-west-1'])).toMatchObject({ region: 'eu-west-1', regions: 'eu-west-1' });
    await expect(parse('run', ['--region', 'eu-west-1', '--regions', 'us-east-1'])).rejects.toThrow(/--region and --regions/);
    await expect(parse('run', ['--region', 'eu-west-1,us-east-1'])).rejects.toThrow(/one region/);
    await expect(parse('keygen', ['--profile', 'x'])).rejects.toMatchObject({ code: 'commander.unknownOption' });
  });

  it('--output json selects the json format of commands that have --format, and refuses a contradiction', async () => {
    expect(await parse('diff', ['--output', 'json'])).toMatchObject({ format: 'json' });
    expect(await parse('diff', [])).toMatchObject({ format: 'text' });
    await expect(parse('diff', ['--output', 'json', '--format', 'html'])).rejects.toThrow(/contradict/);
  });
});

describe('--profile', () => {
  it('reads profile names from both shared files as the SDK does', () => {
    expect([...sharedProfiles({ config: env.AWS_CONFIG_FILE!, credentials: env.AWS_SHARED_CREDENTIALS_FILE! })].sort()).toEqual(['audit', 'ci', 'default']);
  });

  it('a profile that does not exist is named, as a usage error from the flag and a configuration error from the file', () => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      expect(() => checkProfile('audit', { flag: true })).not.toThrow();
      expect(() => checkProfile('nosuch', { flag: true })).toThrow(CommandLineError);
      expect(() => checkProfile('nosuch', { flag: true })).toThrow(`profile 'nosuch' not found in ${env.AWS_CONFIG_FILE} or credentials`);
      expect(() => checkProfile('corp', { configFile: '/x/evidence.config.yaml' })).toThrow(ConfigurationError);
      expect(() => checkProfile('corp', { configFile: '/x/evidence.config.yaml' })).toThrow(/^\/x\/evidence\.config\.yaml: aws\.profile: profile 'corp' not found/);
    } finally {
      process.env = saved;
    }
  });
});

describe('the evidence command', () => {
  it('names a missing profile on a store command and exits with the usage code', () => {
    const r = evidence(['store', 'check', '--store', 's3://bucket/prefix', '--profile', 'nosuch', '--output', 'json']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toContain("evidence: --profile: profile 'nosuch' not found in");
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'failed', exitCode: EXIT.USAGE, error: expect.stringContaining("'nosuch'") });
  }, 180_000);

  it('exits 64 on an unknown option and documents the codes in --help', () => {
    const r = evidence(['verify', '--nosuch']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(/unknown option '--nosuch'/);
    const help = evidence(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}64 +usage error/m);
    expect(help.stdout).toMatch(/^ {2}78 +configuration error/m);
  }, 180_000);
});

describe('keys', () => {
  it('run --create-key writes the public key beside the private one, and verify --public-key uses it as README says', async () => {
    const key = path.join(dir, 'keys', 'signing.key');
    const store = `file://${path.join(dir, 'store')}`;
    const r = evidence(['run', '--sandbox', '--create-key', '--key', key, '--framework', 'aws-baseline', '--region', 'us-east-1', '--store', store, '--out', path.join(dir, 'reports'), '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'complete' });
    const pem = await fs.readFile(path.join(dir, 'keys', 'signing.pub.pem'), 'utf8');
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const v = evidence(['verify', 'latest', '--store', store, '--public-key', path.join(dir, 'keys', 'signing.pub.pem')]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^verified$/m);
  }, 180_000);
});

describe('frameworks named in a config', () => {
  it('an unknown id names the file and line; from --framework it is a usage error', async () => {
    const { loadConfig } = await import('../../src/config/config.ts');
    const { loadCatalog } = await import('../../src/catalog/load.ts');
    const { chosenFrameworks } = await import('../../src/cli/common.ts');
    await fs.writeFile(path.join(dir, 'fw.yaml'), 'store: file://./x\nframeworks:\n  - soc2\n  - soc3\n');
    const loaded = await loadConfig('fw.yaml', dir);
    const catalog = await loadCatalog([]);
    const err = (() => {
      try {
        chosenFrameworks(catalog, loaded, undefined);
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err?.message).toMatch(/^fw\.yaml:4:5: frameworks\.1: unknown framework "soc3"\n\(known: .*soc2/);
    expect(() => chosenFrameworks(catalog, loaded, ['soc3'])).toThrow(CommandLineError);
    expect(chosenFrameworks(catalog, loaded, ['soc2']).map((f) => f.id)).toEqual(['soc2']);
  });
});

describe('the container default command without a config', () => {
  it('schedule prints what to configure and exits 78; the example it prints is a valid config', async () => {
    const empty = path.join(dir, 'empty');
    await fs.mkdir(empty, { recursive: true });
    const r = spawnSync(process.execPath, [BIN, 'schedule'], { cwd: empty, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
    expect(r.status).toBe(EXIT.CONFIG);
    expect(r.stderr).toMatch(/^evidence: nothing to schedule: no evidence\.config\.yaml in .*, and no --config\./m);
    const example = r.stderr.split('\n').filter((l) => l.startsWith('    ')).map((l) => l.slice(4)).join('\n');
    expect(example).toMatch(/^store: /);
    await fs.writeFile(path.join(empty, 'evidence.config.yaml'), example + '\n');
    const check = spawnSync(process.execPath, [BIN, 'schedule', '--check', '--output', 'json'], { cwd: empty, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
    expect(check.status, check.stderr).toBe(0);
    expect((JSON.parse(check.stdout) as { jobs: { name: string }[] }).jobs.map((j) => j.name)).toEqual(['nightly', 'monthly-pack']);
  }, 180_000);
});
