// `evidence run`: its options and help. What a run does is in run-command.ts, loaded when one starts.
import type { Command } from 'commander';
import type { CliContext } from './commands.ts';
import { REPORT_FORMATS } from '../domain/index.ts';
import { EXIT_HELP } from './exit.ts';
import { BASELINE_HELP, DETAIL_HELP } from './report-options.ts';

export interface RunFlags {
  config?: string;
  store?: string;
  framework?: string[];
  regions?: string;
  out?: string;
  key?: string;
  createKey?: boolean;
  kmsKey?: string;
  sandbox?: boolean;
  seed: string;
  day: string;
  profile?: string;
  accounts?: string;
  role?: string;
  externalId?: string;
  sandboxAccounts?: string;
  sandboxFaults?: string;
  resources?: string;
  verify?: boolean;
  json?: boolean;
  logLevel?: string;
  exceptions?: string;
  attestations?: string;
  shard?: string;
  auditmanagerCompare?: boolean;
  formats?: string;
  detail?: string;
  baseline?: string;
  configAggregator?: string;
  metricNamespace?: string;
  notify?: boolean;
}

export function registerRun(program: Command, context: CliContext = {}): void {
  program
    .command('run')
    .description('collect evidence, evaluate every control, store the run and write signed reports')
    .option('-c, --config <file>', 'config file (default: ./evidence.config.yaml when present)')
    .option('--store <url>', 'evidence store URL: file://DIR or s3://bucket/prefix (default from config: file://./evidence-store)')
    .option('-f, --framework <ids...>', 'frameworks to evaluate (ids, comma-separated, or "all")')
    .option('--regions <list>', 'regions to collect, comma-separated, or "all" for each account\'s enabled regions (default: config, then AWS_REGION, then us-east-1)')
    .option('-o, --out <dir>', 'folder for report files; each run writes <dir>/<runId>/ (default from config: ./reports)')
    .option('--formats <list>', `report formats, comma-separated: ${REPORT_FORMATS.join(', ')} (default from config: reports.formats)`)
    .option('--detail <level>', DETAIL_HELP)
    .option('--baseline <name>', BASELINE_HELP)
    .option('--key <file>', 'Ed25519 signing key (default from config: ~/.config/aws-evidence/signing.key)')
    .option('--create-key', 'create the signing key when it does not exist yet')
    .option('--kms-key <keyId>', 'sign with this AWS KMS key (ECC_NIST_P256; id, ARN or alias) instead of the key file (default from config: signing.kms.keyId)')
    .option('--sandbox', 'start the built-in AWS sandbox in-process and collect from it instead of AWS')
    .option('--seed <n>', 'sandbox seed', '1')
    .option('--day <n>', 'sandbox simulated day', '0')
    .option('--profile <name>', 'AWS shared-config profile (default: the SDK credential chain)')
    .option('--accounts <scope>', '"caller" (the credentials\' account), "organization" (every account via AWS Organizations) or account ids, comma-separated (default from config: caller; with --sandbox: organization)')
    .option('--role <name>', 'role to assume in each member account (default from config: EvidenceCollectorReadOnly)')
    .option('--external-id <id>', 'ExternalId for the AssumeRole calls')
    .option('--sandbox-accounts <n>', 'member accounts in the sandbox organization', '3')
    .option('--resources <n>', 'resources per account-region in the sandbox', '300')
    .option('--sandbox-faults <file>', 'faults the sandbox injects, JSON or YAML, as `evidence sandbox --faults` ({throttling: false} stops it enforcing AWS\'s quotas)')
    .option('--exceptions <file>', 'YAML file of exceptions (accepted risks) (default from config: exceptions)')
    .option('--attestations <path>', 'YAML file or folder of attestations for manual controls (default from config: attestations)')
    .option('--shard <i/n>', 'collect only shard i of n of the accounts in scope (a stable split by account id); combine the shards with `evidence merge`')
    .option('--config-aggregator <name>', 'read configuration items of every account through this AWS Config aggregator in the running account\'s home region, instead of per account-region (default from config: collection.configAggregator)')
    .option('--auditmanager-compare', 'also collect the Audit Manager assessments and compare them with this run in the reports\' coverage (default from config: auditManager.compare)')
    .option('--verify', 'verify the stored run, its chain and its reports after writing them')
    .option('--metric-namespace <ns>', 'publish RunsSucceeded to this CloudWatch namespace after the run (default from config: notify.metric.namespace)')
    .option('--no-notify', 'send no notifications and publish no metric for this run')
    .option('--json', 'print one JSON summary object as the last line of stdout')
    .option('--log-level <level>', 'log level on stderr: debug, info, warn, error, silent')
    .addHelpText(
      'after',
      `${EXIT_HELP}
A notification that cannot be delivered is logged and recorded; it never changes the exit code.

Examples:
  evidence run --sandbox --create-key          try it on the built-in synthetic account
  evidence run --regions us-east-1,eu-west-1   collect from AWS with the default credential chain
  AWS_ENDPOINT_URL=http://127.0.0.1:4566 evidence run   any AWS-compatible endpoint`,
    )
    .action(async (flags: RunFlags) => {
      // The pipeline loads only when a run starts: `run --help` stays quick.
      process.exitCode = await (await import('./run-command.ts')).runCommand(flags, context);
    });
}

