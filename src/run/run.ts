// One run end to end: identity → collect → evaluate → results → manifest (last, signed,
// chained) → reports (signed). The manifest is written only after everything it names is
// stored, so an interrupted run never leaves a manifest claiming completeness.
import { promises as fs } from 'node:fs';
import path from 'node:path';
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
import { encodeJson, keys, listRunIds, makeRunId, readManifest, type Manifest } from '../store/manifest.ts';
import { encodeEnvelope, fingerprintOf, type Signer } from '../sign/signer.ts';
import { buildViewModel } from '../report/view-model.ts';
import { renderHtml } from '../report/html.ts';
import { renderPdf } from '../report/pdf.ts';
import { collectEvidence } from './collect.ts';
import type { FrameworkResult, RunResults, RunStatus } from './results.ts';

export type ReportFormat = 'html' | 'pdf';

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

  const resultsKey = keys.results(runId);
  const resultsPut = await opts.store.put(resultsKey, encodeJson(results), { contentType: 'application/json' });
  const publicKeyPem = opts.signer.publicKeyPem();
  const publicKeyKey = keys.publicKey(opts.signer.keyId);
  await opts.store.put(publicKeyKey, Buffer.from(publicKeyPem), { dedupe: true, contentType: 'application/x-pem-file' });

  const previousId = (await listRunIds(opts.store)).filter((id) => id < runId).at(-1);
  let previousManifest: Manifest['previousManifest'] = null;
  if (previousId) {
    const prev = await readManifest(opts.store, previousId);
    previousManifest = { runId: previousId, key: keys.manifest(previousId), versionId: prev.versionId, sha256: prev.sha256 };
  }
  const manifest: Manifest = {
    schema: 'run-manifest/v1',
    runId,
    startedAt: results.startedAt,
    finishedAt: results.finishedAt,
    status,
    tool: { name: 'aws-evidence-collector', version: opts.toolVersion },
    configDigest: opts.configDigest,
    scope: { accounts: results.scope.accounts, regions: results.scope.regions, identity: identity.arn },
    frameworks: frameworks.map((f) => ({ id: f.id, version: f.version, controls: f.byStatus })),
    coverage: {
      collections: collections.length,
      failedCollections: failed,
      rulesNotDeployed: collected.coverage.rulesNotDeployed.length,
      calls: collected.coverage.calls.calls,
      failedCalls: collected.coverage.calls.calls - collected.coverage.calls.byOutcome.ok - collected.coverage.calls.byOutcome.retried,
    },
    objects: [
      ...collected.evidence.map((e) => ({ key: e.key, versionId: e.versionId, sha256: e.sha256, size: e.size, collectedAt: e.collectedAt })),
      { key: resultsKey, versionId: resultsPut.versionId, sha256: resultsPut.sha256, size: resultsPut.size, collectedAt: results.finishedAt },
    ],
    results: { key: resultsKey, versionId: resultsPut.versionId, sha256: resultsPut.sha256 },
    previousManifest,
    signer: { algorithm: opts.signer.algorithm, keyId: opts.signer.keyId, publicKey: publicKeyKey },
  };
  const manifestKey = keys.manifest(runId);
  const manifestBytes = encodeJson(manifest);
  // Signature first, manifest last: a manifest present in the store is always a finished run.
  const manifestSig = await opts.signer.sign(manifestBytes, 'manifest.json', now());
  await opts.store.put(keys.signature(manifestKey), encodeEnvelope(manifestSig), { contentType: 'application/json' });
  await opts.store.put(manifestKey, manifestBytes, { contentType: 'application/json' });
  log.info({ status, evidenceObjects: collected.evidence.length, manifest: manifestKey }, 'manifest written');

  const reports = await writeReports({
    opts,
    results,
    runId,
    previousRunId: previousId ?? null,
    manifest: { key: manifestKey, sha256: manifestSig.sha256, signatureKey: keys.signature(manifestKey), bytes: manifestBytes, sig: encodeEnvelope(manifestSig) },
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

async function writeReports(args: {
  opts: RunOptions;
  results: RunResults;
  runId: string;
  previousRunId: string | null;
  manifest: { key: string; sha256: string; signatureKey: string; bytes: Uint8Array; sig: Uint8Array };
  publicKeyPem: string;
  now: () => Date;
}): Promise<string[]> {
  const { opts, results, runId } = args;
  const dir = path.resolve(opts.reportsOut, runId);
  await fs.mkdir(dir, { recursive: true });
  // The folder is self-sufficient for an offline check: public key, manifest and its signature.
  await fs.writeFile(path.join(dir, 'public-key.pem'), args.publicKeyPem);
  await fs.writeFile(path.join(dir, 'manifest.json'), args.manifest.bytes);
  await fs.writeFile(path.join(dir, 'manifest.json.sig'), args.manifest.sig);
  const written: string[] = [];
  for (const fw of opts.frameworks) {
    const vm = buildViewModel({
      results,
      framework: fw,
      manifest: args.manifest,
      signer: { algorithm: opts.signer.algorithm, keyId: opts.signer.keyId, publicKeyFingerprint: fingerprintOf(args.publicKeyPem), publicKeyFile: 'public-key.pem' },
      store: opts.store.url,
      previousRunId: args.previousRunId,
      failingResourceCap: opts.failingResourceCap,
    });
    for (const format of opts.formats) {
      const file = path.join(dir, `${fw.id}.${format}`);
      if (format === 'html') await fs.writeFile(file, renderHtml(vm));
      else await renderPdf(vm, file);
      const bytes = await fs.readFile(file);
      const sig = encodeEnvelope(await opts.signer.sign(bytes, path.basename(file), args.now()));
      await fs.writeFile(`${file}.sig`, sig);
      const key = keys.report(runId, path.basename(file));
      await opts.store.put(key, bytes, { contentType: format === 'html' ? 'text/html' : 'application/pdf' });
      await opts.store.put(keys.signature(key), sig, { contentType: 'application/json' });
      written.push(file);
    }
  }
  return written;
}
