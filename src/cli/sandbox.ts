import type { Command } from 'commander';
import { parseIntFlag, splitList } from './common.ts';
import { EvidenceError } from '../domain/index.ts';
import { UsageError } from './exit.ts';
import type { DeployedRules, FaultSpec } from '../sandbox/index.ts';

interface Flags {
  json?: boolean;
  port: string;
  deployedRules: string;
  seed: string;
  day: string;
  regions?: string;
  accounts: string;
  resources: string;
  faults?: string;
  throttle: boolean;
  latencyMs?: string;
  errorRate?: string;
  denyAccount?: string;
  disableRegion?: string;
}

/** The flag that sets each fault field, for error messages. */
const FAULT_FLAGS: Record<string, string> = { throttling: '--no-throttle', latencyMs: '--latency-ms', errorRate: '--error-rate', deny: '--deny-account', disabledRegions: '--disable-region' };

/** A faults file (JSON or YAML, the shape of FaultSpecSchema); errors name `flag` or the file and field. */
export async function readFaultsFile(file: string, flag: string): Promise<FaultSpec> {
  const { parseFaults } = await import('../sandbox/index.ts');
  const { readFile } = await import('node:fs/promises');
  const { parse } = await import('yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${flag} ${file}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON or YAML: ${(err as Error).message.split('\n')[0]!.replace(/:$/, '')}`);
  }
  try {
    return parseFaults(raw ?? {}, file);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * Faults from a JSON/YAML file, then flags on top. The file and the flags are validated apart,
 * so an error names the file and field, or the flag, that is wrong.
 */
async function faultsFrom(flags: Flags): Promise<FaultSpec> {
  const { parseFaults, FaultSpecSchema } = await import('../sandbox/index.ts');
  const fromFile = flags.faults ? await readFaultsFile(flags.faults, '--faults') : parseFaults({});
  const over: Record<string, unknown> = {};
  if (!flags.throttle) over.throttling = false;
  if (flags.latencyMs !== undefined) over.latencyMs = Number(flags.latencyMs);
  if (flags.errorRate !== undefined) over.errorRate = Number(flags.errorRate);
  const ids = splitList(flags.denyAccount);
  if (ids) over.deny = [{ accounts: ids }];
  const disabled = splitList(flags.disableRegion);
  if (disabled) over.disabledRegions = disabled;
  const raw: Record<string, string | undefined> = { latencyMs: flags.latencyMs, errorRate: flags.errorRate, deny: flags.denyAccount, disabledRegions: flags.disableRegion };
  const checked = FaultSpecSchema.safeParse(over);
  if (!checked.success) {
    throw new UsageError(
      checked.error.issues
        .map((i) => {
          const field = String(i.path[0]);
          return `${FAULT_FLAGS[field] ?? field} ${JSON.stringify(raw[field] ?? '')}: ${i.message}`;
        })
        .join('\n'),
    );
  }
  return {
    ...fromFile,
    ...(over.throttling === false ? { throttling: false } : {}),
    ...(over.latencyMs !== undefined ? { latencyMs: checked.data.latencyMs } : {}),
    ...(over.errorRate !== undefined ? { errorRate: checked.data.errorRate } : {}),
    deny: [...fromFile.deny, ...checked.data.deny],
    disabledRegions: [...fromFile.disabledRegions, ...checked.data.disabledRegions],
  };
}

/** A sandbox option's flag ("accounts" → "--accounts"). */
const flagOf = (option: string): string => `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('serve the built-in synthetic AWS account on loopback over the real AWS wire protocols')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', '4566')
    .option('--seed <n>', 'seed of the synthetic account', '1')
    .option('--day <n>', 'simulated day (also settable with POST /_sandbox/day)', '0')
    .option('--regions <list>', 'regions, comma-separated (default: us-east-1,eu-west-1)')
    .option('--accounts <n>', 'member accounts besides the management account', '3')
    .option('--resources <n>', 'resources per account-region (security groups, buckets, keys, users...)', '300')
    .option('--deployed-rules <which>', 'AWS managed Config rules deployed: all, none, or some (first region only)', 'all')
    .option('--faults <file>', 'faults to inject, JSON or YAML: {throttling, rateLimits, latencyMs, errorRate, deny, disabledRegions}')
    .option('--no-throttle', 'do not enforce AWS\'s request quotas')
    .option('--latency-ms <ms>', 'latency added to every AWS answer')
    .option('--error-rate <share>', 'share (0..1) of AWS requests answered 500/503')
    .option('--deny-account <ids>', 'answer AccessDenied for these accounts, comma-separated')
    .option('--disable-region <regions>', 'answer these regions as not enabled, comma-separated')
    .addHelpText(
      'after',
      `
The first line printed is "listening on http://127.0.0.1:<port>" (with --output json: one JSON object
with the url and the AWS_* variables). Runs until SIGINT or SIGTERM.
Oracle: GET /_sandbox/truth, GET /_sandbox/stats, POST /_sandbox/reset, POST /_sandbox/day {"day": D}.`,
    )
    .action(async (flags: Flags) => {
      const { startSandbox, SandboxOptionError } = await import('../sandbox/index.ts');
      const regions = splitList(flags.regions);
      if (flags.regions !== undefined && !regions) throw new UsageError(`--regions ${JSON.stringify(flags.regions)}: name at least one region`);
      const opts = {
        port: parseIntFlag('--port', flags.port),
        seed: parseIntFlag('--seed', flags.seed),
        day: parseIntFlag('--day', flags.day),
        accounts: parseIntFlag('--accounts', flags.accounts),
        resources: parseIntFlag('--resources', flags.resources),
        faults: await faultsFrom(flags),
        deployedRules: flags.deployedRules as DeployedRules,
        ...(regions ? { regions } : {}),
      };
      let sb: Awaited<ReturnType<typeof startSandbox>>;
      try {
        sb = await startSandbox(opts);
      } catch (err) {
        if (err instanceof SandboxOptionError) throw new UsageError(err.as(flagOf(err.option)));
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new EvidenceError(`--port ${opts.port}: the port is in use (--port 0 picks a free one)`);
        throw err;
      }
      const env = { AWS_ENDPOINT_URL: sb.url, AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: sb.regions[0]! };
      if (flags.json) {
        process.stdout.write(JSON.stringify({ url: sb.url, managementAccount: sb.accountId, memberAccounts: sb.memberAccounts, regions: sb.regions, collectorRole: sb.collectorRole, env }) + '\n');
      } else process.stdout.write(
        `listening on ${sb.url}\n` +
          `organization: management account ${sb.accountId}, ${sb.memberAccounts.length} member account(s); regions ${sb.regions.join(', ')}\n` +
          `members trust the roles OrganizationAccountAccessRole and ${sb.collectorRole}\n` +
          `# point any AWS client at it:\n` +
          `export AWS_ENDPOINT_URL=${sb.url}\n` +
          `export AWS_ACCESS_KEY_ID=${sb.credentials.accessKeyId}\n` +
          `export AWS_SECRET_ACCESS_KEY=${sb.credentials.secretAccessKey}\n` +
          `export AWS_REGION=${sb.regions[0]}\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          void sb.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
