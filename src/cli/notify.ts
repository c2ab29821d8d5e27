// `evidence notify`: re-send a stored run's notifications (--run latest|<id>), or send a sample to
// one target (`notify test --target NAME`). Also the run and merge commands' notify settings.
import { Option, type Command } from 'commander';
import { AwsClients } from '../collect/index.ts';
import { loadCatalog } from '../catalog/index.ts';
import { homeRegion, type Config } from '../config/index.ts';
import { deliver, deliverContext, NO_NOTIFY, notifyRun, sampleMessage, type NotificationsRecord, type NotifyConfig, deliverySummary } from '../notify/index.ts';
import { readManifest, resolveRunId } from '../store/index.ts';
import { makeLogger } from '../util/index.ts';
import { resolvePath } from './common.ts';
import { readPublicKey } from './common.ts';
import { EXIT, UsageError } from './exit.ts';
import { configuredStore } from './store.ts';

interface NotifyFlags {
  config?: string;
  store?: string;
  run?: string;
  target?: string;
  profile?: string;
  publicKey?: string;
  region?: string;
  json?: boolean;
  logLevel?: string;
}

/** The config's notify section with --metric-namespace applied; null when it sends nothing. */
export function notifySection(config: Config, metricNamespace: string | undefined): NotifyConfig | null {
  const n = config.notify ?? NO_NOTIFY;
  const withMetric = metricNamespace ? { ...n, metric: { namespace: metricNamespace } } : n;
  return withMetric.targets.length > 0 || withMetric.metric ? withMetric : null;
}

/** Clients for the notification services: the config's endpoint and profile, the SDK's chain otherwise. */
export function notifyClients(config: Config, profile: string | undefined): AwsClients {
  return new AwsClients({
    ...(config.aws.endpoint ? { endpoint: config.aws.endpoint } : {}),
    ...((profile ?? config.aws.profile) ? { profile: profile ?? config.aws.profile } : {}),
    requestTimeoutMs: config.aws.requestTimeoutMs,
  });
}

/** "  notify     2/2 sent" for a run's summary. */
export function notifyLine(rec: NotificationsRecord | null | undefined): string[] {
  return rec ? [`  notify     ${deliverySummary(rec)} (runs/${rec.runId}/notifications.json)`] : [];
}

const common = (c: Command): Command =>
  c
    .option('-c, --config <file>', 'config file (the notify section)')
    .option('--store <url>', 'evidence store URL (default from config)')
    .option('--profile <name>', 'AWS shared-config profile for SNS, EventBridge and Secrets Manager')
    .option('--region <region>', 'home region: of an event bus named without an ARN, and of the console link (default: AWS_REGION)')
    .addOption(new Option('--output <mode>', 'output: text or json (one JSON document on stdout)').choices(['text', 'json']))
    .option('--json', 'print the deliveries as one JSON object (same as --output json)')
    .option('--log-level <level>', 'log level on stderr: debug, info, warn, error, silent');

export function registerNotify(program: Command): void {
  const notify = common(
    program
      .command('notify')
      .description("send a stored run's notification again to the configured targets, or a sample to one")
      .option('--run <run>', 'the run: id or "latest"', 'latest')
      .option('--target <name>', 'only this target (default: every target, whatever its filter)')
      .option('--public-key <file>', 'trusted public key (PEM) for the runs compared; without it the key kept in the store is used'),
  )
    .addHelpText(
      'after',
      `
A re-send goes to every named target whatever its filter, and is appended to
runs/<id>/notifications.json. Exit 0 when every delivery succeeded, 1 otherwise.

Examples:
  evidence notify --run latest
  evidence notify test --target security-slack`,
    )
    .action(async (flags: NotifyFlags) => {
      process.exitCode = await resend(flags);
    });
  common(notify.command('test').description('send a sample message (marked as a sample) to one target').option('--target <name>', 'the target, by its name in notify.targets (required)')).action(async (flags: NotifyFlags, cmd: Command) => {
    // `notify test --target X`: commander gives --target to whichever command declares it first
    process.exitCode = await sendSample({ ...cmd.parent?.opts(), ...flags });
  });
}

function targetsOf(config: Config, only: string | undefined): NotifyConfig {
  const n = config.notify ?? NO_NOTIFY;
  if (n.targets.length === 0) throw new UsageError('the config has no notify.targets');
  if (only && !n.targets.some((t) => t.name === only)) throw new UsageError(`--target ${only}: no such target; configured: ${n.targets.map((t) => t.name).join(', ')}`);
  return n;
}

function print(flags: NotifyFlags, rec: Pick<NotificationsRecord, 'runId' | 'deliveries'>): number {
  if (flags.json) process.stdout.write(JSON.stringify(rec) + '\n');
  else for (const d of rec.deliveries) process.stdout.write(`${d.target} (${d.kind}): ${d.outcome} after ${d.attempts} attempt(s)${d.detail ? `: ${d.detail}` : ''}\n`);
  return rec.deliveries.every((d) => d.outcome !== 'failed') ? EXIT.OK : EXIT.FAILED;
}

async function sendSample(flags: NotifyFlags): Promise<number> {
  if (!flags.target) throw new UsageError("notify test: --target NAME is required (a target's name in notify.targets)");
  const { loaded, store } = await configuredStore(flags);
  const config = targetsOf(loaded.config, flags.target);
  const target = config.targets.find((t) => t.name === flags.target)!;
  const clients = notifyClients(loaded.config, flags.profile);
  try {
    const d = await deliver(target, sampleMessage(store.url, new Date()), deliverContext({ config, clients, homeRegion: flags.region ?? homeRegion() }), 'resend');
    return print(flags, { runId: 'sample', deliveries: [d] });
  } finally {
    clients.destroy();
  }
}

async function resend(flags: NotifyFlags): Promise<number> {
  const log = makeLogger(flags.logLevel);
  const { loaded, store } = await configuredStore(flags);
  const config = targetsOf(loaded.config, flags.target);
  const runId = await resolveRunId(store, flags.run ?? 'latest');
  const { manifest } = await readManifest(store, runId);
  const { readTrustedResults } = await import('../history/index.ts');
  const results = await readTrustedResults(store, manifest);
  const catalog = await loadCatalog(loaded.config.customFrameworks.map((p) => resolvePath(p)));
  const publicKeyPem = await readPublicKey(flags.publicKey);
  const clients = notifyClients(loaded.config, flags.profile);
  try {
    const rec = await notifyRun(
      { store, config, clients, catalog, homeRegion: flags.region ?? homeRegion(), log, ...(publicKeyPem ? { publicKeyPem } : {}), ...(flags.target ? { only: flags.target } : {}) },
      results,
      manifest.previousManifest?.runId ?? null,
      'resend',
    );
    if (!rec) throw new UsageError(`nothing sent for run ${runId}`);
    return print(flags, { runId, deliveries: rec.deliveries.filter((d) => d.trigger === 'resend').slice(flags.target ? -1 : -config.targets.length) });
  } finally {
    clients.destroy();
  }
}
