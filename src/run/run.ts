// One run end to end: identity → collect → evaluate → results → manifest (last, signed,
// chained) → reports (signed). The manifest is written only after everything it names is
// stored, so an interrupted run never leaves a manifest claiming completeness.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { AwsClients } from '../collect/clients.ts';
import { resolveScope, type ResolvedScope, type ScopeConfig } from '../collect/scope.ts';
import type { Framework } from '../catalog/schema.ts';
import type { Catalog } from '../catalog/load.ts';
import type { CheckDef } from '../catalog/checks.ts';
import { evaluateChecks } from '../evaluate/checks.ts';
import { countStatuses, evaluateControl } from '../evaluate/rollup.ts';
import type { EvidenceStore } from '../store/store.ts';
import { makeRunId } from '../store/manifest.ts';
import { encodeEnvelope, type Signer } from '../sign/signer.ts';
import { finalizeRun } from './finalize.ts';
import { writeReports, type ReportFormat } from './reports.ts';
import { collectEvidence } from './collect.ts';
import type { FrameworkResult, RunResults, RunStatus } from './results.ts';

export type { ReportFormat };

export interface RunOptions {
  store: EvidenceStore;
  signer: Signer;
  clients: AwsClients;
  catalog: Catalog;
  frameworks: Framework[];
  regions: string[];
  scope: ScopeConfig;
  concurrency: number;
  toolVersion: string;
  configDigest: string;
  /** Folder for report files (<out>/<runId>/...); reports are also kept in the store. */
  reportsOut: string;
  formats: ReportFormat[];
  failingResourceCap: number;
  log: Logger;
  now?: () => Date;
}

export interface RunOutcome {
  runId: string;
  status: RunStatus;
  results: RunResults;
  manifestKey: string;
  reports: string[];
  evidenceObjects: number;
  evidenceWritten: number;
}

export class RunFailedError extends Error {
  override readonly name = 'RunFailedError';
}

export async function executeRun(opts: RunOptions): Promise<RunOutcome> {
  const now = opts.now ?? (() => new Date());
  const started = now();
  const runId = makeRunId(started, randomBytes(3).toString('hex'));
  const log = opts.log.child({ run: runId });
  log.info({ store: opts.store.url, regions: opts.regions, frameworks: opts.frameworks.map((f) => f.id) }, 'run started');

  const home = opts.regions[0];
  if (!home) throw new RunFailedError('no region configured: set regions in the config or AWS_REGION');
  let scope: ResolvedScope;
  try {
    scope = await resolveScope(opts.clients, home, opts.scope, runId);
  } catch (err) {
    throw new RunFailedError((err as Error).message, { cause: err });
  }
  const identity = scope.caller;
  log.info({ account: identity.account, identity: identity.arn, accounts: scope.accounts.length, unreachable: scope.unreachable.length }, 'scope resolved');
  for (const u of scope.unreachable) log.warn({ account: u.account, reason: u.reason }, 'account unreachable');

  const checkIds = [...new Set(opts.frameworks.flatMap((f) => f.controls.flatMap((c) => c.checks)))].sort();
  const checks = checkIds.map((id) => opts.catalog.checks.get(id)).filter((c): c is CheckDef => c !== undefined);

  const collected = await collectEvidence({
    store: opts.store,
    accounts: scope.accounts.map((a) => ({ account: a.account, clients: a.clients })),
    unreachable: scope.unreachable,
    regions: opts.regions,
    checks,
    concurrency: opts.concurrency,
    log,
    now,
  });
  const checkResults = evaluateChecks(checks, collected.targets);
  const byId = new Map(checkResults.map((c) => [c.id, c]));
  const frameworks: FrameworkResult[] = opts.frameworks.map((fw) => {
    const controls = fw.controls.map((c) => evaluateControl(c, byId));
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
    scope: { accounts: [...scope.accounts.map((a) => a.account), ...scope.unreachable.map((u) => u.account)].sort(), regions: opts.regions },
    frameworks,
    checks: checkResults,
    coverage: collected.coverage,
    evidence: collected.evidence,
  };

  const { manifestKey, manifestBytes, manifestSig, publicKeyPem, previousId } = await finalizeRun({
    store: opts.store,
    signer: opts.signer,
    results,
    identity: identity.arn,
    toolVersion: opts.toolVersion,
    configDigest: opts.configDigest,
    now,
  });
  log.info({ status, evidenceObjects: collected.evidence.length, manifest: manifestKey }, 'manifest written');

  const reports = await writeReports({
    store: opts.store,
    signer: opts.signer,
    results,
    frameworks: opts.frameworks,
    formats: opts.formats,
    outDir: opts.reportsOut,
    failingResourceCap: opts.failingResourceCap,
    previousRunId: previousId,
    manifest: { key: manifestKey, bytes: manifestBytes, sig: encodeEnvelope(manifestSig), sha256: manifestSig.sha256 },
    publicKeyPem,
    now,
  });
  log.info({ reports: reports.length }, 'run finished');
  return {
    runId,
    status,
    results,
    manifestKey,
    reports,
    evidenceObjects: collected.evidence.length,
    evidenceWritten: collected.evidence.filter((e) => !e.reused).length,
  };
}
