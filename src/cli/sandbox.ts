import type { Command } from 'commander';
import { parseIntFlag, splitList } from './common.ts';
import { UsageError } from './exit.ts';

interface Flags {
  port: string;
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

/** Faults from a JSON/YAML file, then flags on top. Validation names the file and field. */
async function faultsFrom(flags: Flags): Promise<Record<string, unknown>> {
  let spec: Record<string, unknown> = {};
  if (flags.faults) {
    const { readFile } = await import('node:fs/promises');
    const { parse } = await import('yaml');
    let text: string;
    try {
      text = await readFile(flags.faults, 'utf8');
    } catch (err) {
      throw new UsageError(`--faults ${flags.faults}: ${(err as Error).message}`);
    }
    try {
      spec = (parse(text) as Record<string, unknown>) ?? {};
    } catch (err) {
      throw new UsageError(`${flags.faults}: not valid JSON or YAML: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (!flags.throttle) spec.throttling = false;
  if (flags.latencyMs !== undefined) spec.latencyMs = Number(flags.latencyMs);
  if (flags.errorRate !== undefined) spec.errorRate = Number(flags.errorRate);
  const deny = [...((spec.deny as unknown[]) ?? [])];
  const ids = splitList(flags.denyAccount);
  if (ids) deny.push({ accounts: ids });
  if (deny.length) spec.deny = deny;
  const disabled = splitList(flags.disableRegion);
  if (disabled) spec.disabledRegions = [...((spec.disabledRegions as string[]) ?? []), ...disabled];
  return spec;
}

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
    .option('--faults <file>', 'faults to inject, JSON or YAML: {throttling, rateLimits, latencyMs, errorRate, deny, disabledRegions}')
    .option('--no-throttle', 'do not enforce AWS\'s request quotas')
    .option('--latency-ms <ms>', 'latency added to every AWS answer')
    .option('--error-rate <share>', 'share (0..1) of AWS requests answered 500/503')
    .option('--deny-account <ids>', 'answer AccessDenied for these accounts, comma-separated')
    .option('--disable-region <regions>', 'answer these regions as not enabled, comma-separated')
    .addHelpText(
      'after',
      `
The first line printed is "listening on http://127.0.0.1:<port>". Runs until SIGINT or SIGTERM.
Oracle: GET /_sandbox/truth, GET /_sandbox/stats, POST /_sandbox/reset, POST /_sandbox/day {"day": D}.`,
    )
    .action(async (flags: Flags) => {
      const { startSandbox } = await import('../sandbox/index.ts');
      const { parseFaults } = await import('../sandbox/faults.ts');
      const regions = splitList(flags.regions);
      const sb = await startSandbox({
        port: parseIntFlag('--port', flags.port),
        seed: parseIntFlag('--seed', flags.seed),
        day: parseIntFlag('--day', flags.day),
        accounts: parseIntFlag('--accounts', flags.accounts),
        resources: parseIntFlag('--resources', flags.resources),
        faults: parseFaults(await faultsFrom(flags), flags.faults ?? 'fault flags'),
        ...(regions ? { regions } : {}),
      });
      process.stdout.write(
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
