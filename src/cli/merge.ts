// `evidence merge`: combines the shard runs of `evidence run --shard i/n` into one signed
// whole-organization run (src/run/merge.ts). Exit codes and the --json summary are those of `run`.
import { promises as fs } from 'node:fs';
import type { Command } from 'commander';
import { loadCatalog } from '../catalog/index.ts';
import { latestShardRunIds, mergeShards } from '../run/index.ts';
import { REPORT_FORMATS, type ReportFormat } from '../run/index.ts';
import { verifyAsWritten } from '../sign/index.ts';
import { CONTROL_STATUSES, type ControlStatus } from '../domain/index.ts';
import { padesFromConfig } from '../report/index.ts';
import { makeLogger } from '../util/index.ts';
import { TOOL_VERSION } from '../util/index.ts';
import { failureLines, failureSummary, outcomeLines, resolvePath, splitList } from './common.ts';
import { runSigner } from './runs.ts';
import { configuredStore } from './store.ts';
import { EXIT, EXIT_HELP, UsageError } from './exit.ts';
import { paint } from './color.ts';
import { DETAIL_HELP, parseDetail } from './report-options.ts';
import { homeRegion } from '../config/index.ts';
import { notifyClients, notifyLine, notifySection } from './notify.ts';

interface MergeFlags {
  config?: string;
  store?: string;
  shardsOf?: string;
  key?: string;
  createKey?: boolean;
  kmsKey?: string;
  profile?: string;
  publicKey?: string[];
  out?: string;
  formats?: string;
  detail?: string;
  verify?: boolean;
  json?: boolean;
  logLevel?: string;
  metricNamespace?: string;
  notify?: boolean;
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .argument('[runs...]', 'the shard run ids (from `evidence run --shard i/n`), one per shard')
    .description('combine the shard runs of one scope into one signed run whose manifest names its shards')
    .option('-c, --config <file>', 'config file (default: ./evidence.config.yaml when present)')
    .option('--store <url>', 'evidence store URL (default from config)')
    .option('--shards-of <which>', '"latest": the newest run of each shard since the last whole run, instead of naming them')
    .option('--key <file>', 'Ed25519 signing key (default from config)')
    .option('--create-key', 'create the signing key when it does not exist yet')
    .option('--kms-key <keyId>', 'sign with this AWS KMS key instead of the key file (default from config: signing.kms.keyId)')
    .option('--profile <name>', 'AWS shared-config profile (for --kms-key)')
    .option('--public-key <files...>', 'other public keys (PEM) trusted to have signed the shards; the signing key is always trusted')
    .option('-o, --out <dir>', 'folder for report files; writes <dir>/<runId>/ (default from config: ./reports)')
    .option('--formats <list>', `report formats, comma-separated: ${REPORT_FORMATS.join(', ')} (default from config)`)
    .option('--detail <level>', DETAIL_HELP)
    .option('--verify', 'verify the merged run, its chain and its reports after writing them')
    .option('--metric-namespace <ns>', 'publish RunsSucceeded to this CloudWatch namespace after the merge (default from config: notify.metric.namespace)')
    .option('--no-notify', 'send no notifications and publish no metric for this merge')
    .option('--json', 'print one JSON summary object as the last line of stdout')
    .option('--log-level <level>', 'log level on stderr: debug, info, warn, error, silent')
    .addHelpText(
      'after',
      `${EXIT_HELP}

Every shard is verified first (its manifest's signature, every object it pins); the runs must be
shards 1..n of one n, over the same scope, frameworks and config.

Examples:
  evidence merge 20261129T020000Z-1a2b3c-s1of2 20261129T020004Z-4d5e6f-s2of2
  evidence merge --shards-of latest --store s3://evidence-bucket/org --kms-key alias/evidence-signing`,
    )
    .action(async (runs: string[], flags: MergeFlags) => {
      process.exitCode = await mergeCommand(runs, flags);
    });
}

function parseFormats(v: string | undefined, fallback: ReportFormat[]): ReportFormat[] {
  const list = splitList(v);
  if (!list) return fallback;
  const bad = list.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (bad.length > 0 || list.length === 0) throw new UsageError(`--formats: unknown format ${JSON.stringify(bad[0] ?? v)}; expected some of ${REPORT_FORMATS.join(', ')}`);
  return [...new Set(list)] as ReportFormat[];
}

async function mergeCommand(runs: string[], flags: MergeFlags): Promise<number> {
  const log = makeLogger(flags.logLevel);
  if (flags.shardsOf !== undefined && flags.shardsOf !== 'latest') throw new UsageError(`--shards-of: expected "latest", got ${JSON.stringify(flags.shardsOf)}`);
  if (flags.shardsOf && runs.length > 0) throw new UsageError('name the shard runs or use --shards-of latest, not both');
  if (!flags.shardsOf && runs.length === 0) throw new UsageError('name the shard runs to merge, or use --shards-of latest');
  const { loaded, store } = await configuredStore(flags);
  const config = loaded.config;
  const formats = parseFormats(flags.formats, config.reports.formats);
  const catalog = await loadCatalog(config.customFrameworks.map((p) => resolvePath(p)));
  const trustedKeys: string[] = [];
  for (const f of flags.publicKey ?? []) {
    try {
      trustedKeys.push(await fs.readFile(resolvePath(f), 'utf8'));
    } catch (err) {
      throw new UsageError(`--public-key ${f}: cannot read: ${(err as Error).message}`, { cause: err });
    }
  }
  const signer = await runSigner(flags, config, log);
  const runIds = flags.shardsOf ? await latestShardRunIds(store) : runs;
  const notifyConfig = flags.notify === false ? null : notifySection(config, flags.metricNamespace);
  const clients = notifyConfig ? notifyClients(config, flags.profile) : null;
  // --verify starts when the merged manifest is stored, the reports' check once they are recorded.
  const verification = flags.verify ? verifyAsWritten(store, { publicKeyPem: signer.publicKeyPem() }) : null;
  const outcome = await mergeShards({
    store,
    signer,
    catalog,
    runIds,
    trustedKeys,
    ...(verification ? { onManifest: (runId: string) => verification.start(runId) } : {}),
    toolVersion: TOOL_VERSION,
    reportsOut: resolvePath(flags.out ?? config.reports.out),
    formats,
    failingResourceCap: config.reports.failingResourceCap,
    detail: parseDetail(flags.detail, config.reports.detail),
    log,
    organization: config.organization?.name ?? null,
    pades: await padesFromConfig(config.reports.pdf, resolvePath),
    ...(notifyConfig && clients ? { notify: { config: notifyConfig, clients, homeRegion: homeRegion() } } : {}),
  }).finally(() => clients?.destroy());
  const exitCode = outcome.status === 'complete' ? EXIT.OK : outcome.status === 'partial' ? EXIT.PARTIAL : EXIT.FAILED;
  const verified = verification ? await verification.finish(outcome.runId) : undefined;
  const controls = Object.fromEntries(CONTROL_STATUSES.map((s) => [s, 0])) as Record<ControlStatus, number>;
  for (const f of outcome.results.frameworks) for (const s of CONTROL_STATUSES) controls[s] += f.byStatus[s];

  if (flags.json) {
    process.stdout.write(
      JSON.stringify({
        runId: outcome.runId,
        status: outcome.status,
        shards: outcome.shards.map((s) => s.runId),
        controls,
        frameworks: Object.fromEntries(outcome.results.frameworks.map((f) => [f.id, f.byStatus])),
        evidenceObjects: outcome.evidenceObjects,
        store: store.url,
        manifest: outcome.manifestKey,
        reports: outcome.reports,
        ...(verified ? { verified: verified.ok } : {}),
        ...(outcome.notifications ? { notifications: outcome.notifications.deliveries.map((d) => ({ target: d.target, outcome: d.outcome, attempts: d.attempts })) } : {}),
        ...failureSummary(outcome.results.coverage.collections),
      }) + '\n',
    );
  } else {
    const out: string[] = [`Run ${outcome.runId}: ${paint(outcome.status)} (merged from ${outcome.shards.length} shards)`];
    out.push(`  store      ${store.url}`);
    for (const s of outcome.shards) out.push(`  shard      ${s.index}/${outcome.shards.length} ${s.runId} (manifest sha256 ${s.manifest.sha256.slice(0, 16)}…)`);
    out.push(`  scope      ${outcome.results.scope.accounts.length} account(s); regions ${outcome.results.scope.regions.join(', ')}`);
    out.push(`  evidence   ${outcome.evidenceObjects} objects, pinned as the shards stored them`);
    out.push(...outcomeLines(outcome.results.frameworks, outcome.manifestKey, outcome.reports));
    out.push(...failureLines(outcome.results.coverage.collections));
    out.push(...notifyLine(outcome.notifications));
    if (verified) {
      const problems = verified.runs.flatMap((r) => r.problems);
      out.push(verified.ok ? `  verified   ok: chain of ${verified.chainLength} manifest(s)` : `  verified   FAILED: ${problems.length} problem(s)\n${problems.map((p) => `    - ${p.message}`).join('\n')}`);
    }
    process.stdout.write(out.join('\n') + '\n');
  }
  if (verified && !verified.ok) return EXIT.FAILED;
  return exitCode;
}
