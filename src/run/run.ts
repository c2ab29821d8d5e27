// One run end to end: identity → collect → evaluate → results → manifest (last, signed,
// chained) → reports (signed). The manifest is written only after everything it names is
// stored, so an interrupted run never leaves a manifest claiming completeness.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from '../collect/clients.ts';
import { classifyError } from '../collect/calls.ts';
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
  let identity: { account: string; arn: string };
  try {
    const id = await opts.clients.sts(home).send(new GetCallerIdentityCommand({}));
    identity = { account: id.Account ?? '', arn: id.Arn ?? '' };
  } catch (err) {
    const c = classifyError(err);
    throw new RunFailedError(`cannot identify the AWS account (sts:GetCallerIdentity in ${home}): ${c.code}: ${c.message}`, { cause: err });
  }
  log.info({ account: identity.account, identity: identity.arn }, 'identity');

  const checkIds = [...new Set(opts.frameworks.flatMap((f) => f.controls.flatMap((c) => c.checks)))].sort();
  const checks = checkIds.map((id) => opts.catalog.checks.get(id)).filter((c): c is CheckDef => c !== undefined);
  const targets = opts.regions.map((region) => ({ account: identity.account, region }));

  const collected = await collectEvidence({ store: opts.store, clients: opts.clients, targets, checks, concurrency: opts.concurrency, log, now });
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
    scope: { accounts: [identity.account], regions: opts.regions },
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
