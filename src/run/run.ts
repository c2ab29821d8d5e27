// One run end to end: identity → collect → evaluate → results → manifest (last, signed,
// chained) → reports (signed). The manifest is written only after everything it names is
// stored, so an interrupted run never leaves a manifest claiming completeness.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { AwsClients } from '../collect/index.ts';
import { resolveScope, type ResolvedScope, type ScopeConfig } from '../collect/index.ts';
import type { Baseline, Framework } from '../catalog/index.ts';
import { checksOf, type Catalog } from '../catalog/index.ts';
import { CheckResultsBuilder, StreamingEvaluator } from '../evaluate/index.ts';
import { ResourceIndex, ResourceLog, trimTarget } from '../store/index.ts';
import { countStatuses, evaluateControl } from '../evaluate/index.ts';
import { ensureStoreReady, type EvidenceStore } from '../store/index.ts';
import { makeRunId } from '../store/index.ts';
import { encodeEnvelope, type Signer } from '../sign/index.ts';
import { abortReason, finalizeRun, recordInterrupted, recordReports } from './finalize.ts';
import { reportFileNames, type ReportFormat } from './formats.ts';
import type { RunHooks } from '../domain/index.ts';
import type { ReportsRecord } from '../store/index.ts';
import { collectEvidence } from '../collect/index.ts';
import { applyAcceptance, storeAcceptance, type AcceptanceInput } from '../evaluate/index.ts';
import type { PadesCredentials, ReportDetail } from '../report/index.ts';
import type { FrameworkResult, RunResults, RunStatus } from '../domain/index.ts';
import { shardRunSuffix, type ShardSpec } from '../domain/index.ts';
import type { DatasetId } from '../domain/index.ts';
import type { LoadedMapping } from '../auditmanager/index.ts';
import { notifyRun, type NotificationsRecord, type NotifySettings } from '../notify/index.ts';

export type { ReportFormat };
import { EvidenceError } from '../domain/index.ts';
import { sweepStaleSpools } from '../util/index.ts';
import type { PdfRenderPool } from '../report/pdf-isolated.ts';

export interface RunOptions {
  store: EvidenceStore;
  signer: Signer;
  clients: AwsClients;
  catalog: Catalog;
  frameworks: Framework[];
  /** Regions to collect; with allRegions, the home region only (each account's enabled regions are listed). */
  regions: string[];
  /** Collect every region each account has enabled (Account ListRegions). */
  allRegions?: boolean;
  scope: ScopeConfig;
  concurrency: number;
  /** Accounts collected at once (collection.accountsInFlight). */
  accountsInFlight?: number;
  /** Judge rules that are not deployed from recorded configuration items (collection.configurationItems; default on). */
  configurationItems?: boolean;
  /** Read configuration items through this AWS Config aggregator, from the running account (collection.configAggregator). */
  configAggregator?: string;
  /** Parameters of the local evaluators by managed rule (collection.ruleParameters). */
  ruleParameters?: Record<string, Record<string, string>>;
  /** Overrides of the per-operation rate budgets. */
  rateLimits?: Record<string, number>;
  /** Whole-collection deadline from the start of collection (collection.deadlineMinutes): calls still unanswered then fail. */
  collectionDeadlineMs?: number;
  /** Called as collections finish, for a progress display. */
  onProgress?: (done: number, total: number) => void;
  /** Told when the run's manifest is stored (before its reports are written), e.g. to start verifying it. */
  onManifest?: (runId: string) => void;
  /** Told after each report is written and signed: how many of how many, and the file. */
  onReport?: (written: number, total: number, file: string) => void;
  toolVersion: string;
  configDigest: string;
  /** Folder for report files (<out>/<runId>/...); reports are also kept in the store. */
  reportsOut: string;
  formats: ReportFormat[];
  failingResourceCap: number;
  /** How deep the HTML and PDF reports go, and the NIST baseline they are limited to. */
  detail?: ReportDetail;
  baseline?: Baseline | null;
  log: Logger;
  now?: () => Date;
  /** Aborted (SIGTERM): no new calls, in-flight writes finish, the run is recorded as interrupted (no manifest). */
  signal?: AbortSignal;
  /** collect only this shard's accounts (src/run/shard.ts); the run is recorded as a shard. */
  shard?: ShardSpec;
  /** datasets to collect besides the checks' (auditmanager-assessments for the comparison). */
  extraDatasets?: DatasetId[];
  /** pairs for the Audit Manager comparison in the reports. */
  auditManagerMapping?: LoadedMapping | null;
  // --- exceptions, attestations, report options ---
  /** Accepted risks and attestations, loaded and validated (src/evaluate/exceptions.ts, attestations.ts). */
  acceptance?: AcceptanceInput;
  /** config `organization.name`, shown on the reports. */
  organization?: string | null;
  /** Embeds a PAdES signature in PDF reports. */
  pades?: PadesCredentials | null;
  /** Pause points for crash tests; none in production. */
  hooks?: RunHooks;
  /** Notifications after the run (config notify); a shard sends none, its merge does. */
  notify?: NotifySettings;
}

export interface RunOutcome {
  runId: string;
  status: RunStatus;
  results: RunResults;
  manifestKey: string;
  reports: string[];
  evidenceObjects: number;
  evidenceWritten: number;
  /** Where the run's notifications went (runs/<id>/notifications.json); null when none was configured. */
  notifications?: NotificationsRecord | null;
}

export class RunFailedError extends EvidenceError {
  override readonly name = 'RunFailedError';
}

export async function executeRun(opts: RunOptions): Promise<RunOutcome> {
  const now = opts.now ?? (() => new Date());
  const started = now();
  const runId = makeRunId(started, randomBytes(3).toString('hex')) + (opts.shard ? `-${shardRunSuffix(opts.shard)}` : '');
  const log = opts.log.child({ run: runId });
  log.info({ store: opts.store.url, regions: opts.regions, frameworks: opts.frameworks.map((f) => f.id) }, 'run started');

  const swept = await sweepStaleSpools();
  if (swept.length > 0) log.warn({ folders: swept }, `removed ${swept.length} spool folder(s) left by runs that were killed`);

  const home = opts.regions[0];
  if (!home) throw new RunFailedError('no region configured: set regions in the config or AWS_REGION');
  // --- store safety and interruption ---
  await ensureStoreReady(opts.store); // S3: versioning, public access blocked, write access; before any write
  const interrupt = (phase: string, objects: RunResults['evidence'], scope: { accounts: string[]; identity?: string } | null): Promise<never> =>
    recordInterrupted({
      store: opts.store,
      signer: opts.signer,
      runId,
      startedAt: started.toISOString(),
      phase,
      reason: abortReason(opts.signal),
      toolVersion: opts.toolVersion,
      configDigest: opts.configDigest,
      scope: scope ? { accounts: scope.accounts, regions: opts.regions, ...(scope.identity ? { identity: scope.identity } : {}) } : null,
      objects,
      now,
    });
  if (opts.signal?.aborted) await interrupt('start', [], null);
  // --- end store safety and interruption ---
  let scope: ResolvedScope;
  try {
    scope = await resolveScope(opts.clients, home, opts.scope, runId, opts.shard);
  } catch (err) {
    throw new RunFailedError((err as Error).message, { cause: err });
  }
  const identity = scope.caller;
  log.info({ account: identity.account, identity: identity.arn, accounts: scope.accounts.length, unreachable: scope.unreachable.length }, 'scope resolved');
  for (const u of scope.unreachable) log.warn({ account: u.account, reason: u.reason }, 'account unreachable');
  const scopeAccounts = { accounts: [...scope.accounts.map((a) => a.account), ...scope.unreachable.map((u) => u.account)].sort(), identity: identity.arn };
  if (opts.signal?.aborted) await interrupt('identity', [], scopeAccounts);

  const checks = checksOf(opts.catalog, opts.frameworks);

  // Each target is judged as its evidence arrives: every verdict goes to resources.ndjson, and
  // only what needs attention stays in memory for the results and reports.
  const resourceLog = await ResourceLog.create();
  let pdfPool: Promise<PdfRenderPool> | undefined;
  try {
    // The PDF render children start now, while collection waits on AWS's quotas: each loads the
    // renderer before its first report instead of on the reports' path.
    if (opts.formats.includes('pdf')) {
      pdfPool = import('../report/pdf-isolated.ts').then((m) => {
        const pool = new m.PdfRenderPool({ log });
        pool.warm();
        return pool;
      });
    }
    const builder = new CheckResultsBuilder(checks);
    const evaluator = new StreamingEvaluator(
      checks,
      (check, result) => {
        resourceLog.write(check.id, result);
        builder.add(check, trimTarget(result));
      },
      opts.ruleParameters,
    );
    const collected = await collectEvidence({
      store: opts.store,
      accounts: scope.accounts.map((a) => ({ account: a.account, clients: a.clients })),
      unreachable: scope.unreachable,
      regions: opts.regions,
      discoverRegions: opts.allRegions === true,
      checks,
      concurrency: opts.concurrency,
      ...(opts.accountsInFlight ? { accountsInFlight: opts.accountsInFlight } : {}),
      configurationItems: opts.configurationItems !== false,
      ...(opts.configAggregator ? { configAggregator: { name: opts.configAggregator, account: identity.account, clients: opts.clients } } : {}),
      ...(opts.rateLimits ? { rateLimits: opts.rateLimits } : {}),
      ...(opts.collectionDeadlineMs !== undefined ? { deadlineMs: opts.collectionDeadlineMs } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      log,
      now,
      signal: opts.signal,
      evaluator,
      ...(opts.extraDatasets ? { extraDatasets: opts.extraDatasets } : {}),
    });
    if (opts.signal?.aborted) await interrupt('collect', collected.evidence, scopeAccounts);
    const checkResults = builder.build();
    const spooled = await resourceLog.finish();
    const byId = new Map(checkResults.map((c) => [c.id, c]));
    const accepted = await storeAcceptance(opts.store, opts.acceptance ?? {}, started, now);
    const frameworks: FrameworkResult[] = opts.frameworks.map((fw) => {
      const controls = fw.controls.map((c) => applyAcceptance(fw, c, evaluateControl(c, byId), byId, accepted.context));
      return { id: fw.id, name: fw.name, version: fw.version, controls, byStatus: countStatuses(controls) };
    });

    const collections = collected.coverage.collections;
    const failed = collections.filter((c) => c.status === 'failed').length;
    const status: RunStatus = collections.length > 0 && failed === collections.length ? 'failed' : failed > 0 ? 'partial' : 'complete';
    const results: RunResults = {
      schema: 'run-results/v1',
      runId,
      startedAt: started.toISOString(),
      finishedAt: now().toISOString(),
      status,
      toolVersion: opts.toolVersion,
      scope: {
        accounts: [...scope.accounts.map((a) => a.account), ...scope.unreachable.map((u) => u.account)].sort(),
        regions: collected.regions.length > 0 ? collected.regions : opts.regions,
        // Organizations' account names, so reports can show them beside the ids.
        ...(scope.accounts.some((a) => a.name) ? { accountNames: Object.fromEntries(scope.accounts.filter((a) => a.name).map((a) => [a.account, a.name!])) } : {}),
      },
      frameworks,
      checks: checkResults,
      coverage: collected.coverage,
      evidence: [...collected.evidence, ...accepted.evidence],
      ...(scope.shard ? { shard: scope.shard } : {}),
    };

    const { manifestKey, manifestBytes, manifestSig, publicKeyPem, previousId } = await finalizeRun({
      store: opts.store,
      signer: opts.signer,
      results,
      identity: identity.arn,
      toolVersion: opts.toolVersion,
      configDigest: opts.configDigest,
      now,
      signal: opts.signal,
      resources: { open: () => resourceLog.openSorted(spooled), lines: spooled.lines },
      plannedReports: reportFileNames(opts.frameworks, opts.formats),
      ...(opts.hooks ? { hooks: opts.hooks } : {}),
    });
    log.info({ status, evidenceObjects: collected.evidence.length, manifest: manifestKey }, 'manifest written');
    opts.onManifest?.(runId);

    const stored: ReportsRecord['reports'] = [];
    // The renderers load here, after collection, so the run starts calling AWS without them.
    const { writeReports } = await import('./reports.ts');
    const reports = await writeReports({
      store: opts.store,
      signer: opts.signer,
      results,
      frameworks: opts.frameworks,
      formats: opts.formats,
      outDir: opts.reportsOut,
      failingResourceCap: opts.failingResourceCap,
      ...(opts.detail ? { detail: opts.detail } : {}),
      ...(opts.baseline ? { baseline: opts.baseline } : {}),
      previousRunId: previousId,
      manifest: { key: manifestKey, bytes: manifestBytes, sig: encodeEnvelope(manifestSig), sha256: manifestSig.sha256 },
      publicKeyPem,
      now,
      organization: opts.organization ?? null,
      pades: opts.pades ?? null,
      log,
      resources: ResourceIndex.ofSpooled(spooled),
      auditManagerMapping: opts.auditManagerMapping ?? null,
      stored,
      ...(pdfPool ? { pdfPool: await pdfPool } : {}),
      ...(opts.onReport ? { onReport: opts.onReport } : {}),
    });
    await recordReports({ store: opts.store, signer: opts.signer, runId, manifest: { key: manifestKey, sha256: manifestSig.sha256 }, reports: stored, now, ...(opts.hooks ? { hooks: opts.hooks } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
    log.info({ reports: reports.length }, 'run finished');
    const notifications = opts.notify && !opts.shard ? await notifyRun({ store: opts.store, catalog: opts.catalog, log, now, publicKeyPem, clients: opts.clients, homeRegion: home, ...opts.notify }, results, previousId) : null;
    return {
      notifications,
      runId,
      status,
      results,
      manifestKey,
      reports,
      evidenceObjects: collected.evidence.length,
      evidenceWritten: collected.evidence.filter((e) => !e.reused).length,
    };
  } finally {
    await resourceLog.discard();
    await pdfPool?.then((p) => p.close(), () => undefined);
  }
}
