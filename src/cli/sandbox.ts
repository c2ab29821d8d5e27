import type { Command } from 'commander';
import { parseIntFlag, splitList } from './common.ts';

interface Flags {
  port: string;
  seed: string;
  day: string;
  regions?: string;
  accounts: string;
  resources: string;
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
    .addHelpText(
      'after',
      `
The first line printed is "listening on http://127.0.0.1:<port>". Runs until SIGINT or SIGTERM.
Oracle: GET /_sandbox/truth, GET /_sandbox/stats, POST /_sandbox/reset, POST /_sandbox/day {"day": D}.`,
    )
    .action(async (flags: Flags) => {
      const { startSandbox } = await import('../sandbox/index.ts');
      const regions = splitList(flags.regions);
      const sb = await startSandbox({
        port: parseIntFlag('--port', flags.port),
        seed: parseIntFlag('--seed', flags.seed),
        day: parseIntFlag('--day', flags.day),
        accounts: parseIntFlag('--accounts', flags.accounts),
        resources: parseIntFlag('--resources', flags.resources),
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
