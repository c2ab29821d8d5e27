// Seals a run: results stored, then the manifest naming every object (pinned version and
// sha256) and chaining to the previous manifest. Signature first, manifest last: a manifest
// present in the store is always a finished run, and nothing it names is missing (every put has
// returned, so each object is durably stored: fsync'd file, or acknowledged S3 write).
//
// A run stopped on purpose (its AbortSignal: SIGTERM) never writes a manifest: it writes
// runs/<runId>/interrupted.json (signed) naming what it had stored, so the next run's chain, which
// only follows manifests, is unaffected. A run killed outright leaves neither; `runs list` shows
// it as incomplete and `verify --orphans` lists what it wrote.
import type { EvidenceStore } from '../store/index.ts';
import { encodeJson, keys, listWholeRunIds, readManifest, type InterruptedRecord, type Manifest } from '../store/index.ts';
import { testPause } from '../store/index.ts';
import { encodeEnvelope, type SignatureEnvelope, type Signer } from '../sign/index.ts';
import type { Readable } from 'node:stream';
import type { EvidenceRef, RunResults } from '../domain/index.ts';
import { EvidenceError } from '../domain/index.ts';

export interface FinalizeInput {
  store: EvidenceStore;
  signer: Signer;
  results: RunResults;
  identity: string;
  toolVersion: string;
  configDigest: string;
  now: () => Date;
  /** Checked before the results and before the manifest: when aborted, the run is recorded as interrupted. */
  signal?: AbortSignal;
  /** The sorted resources.ndjson to store before the results, which then name it. */
  resources?: { open: () => Readable; lines: number };
}

export interface Finalized {
  manifestKey: string;
  manifestBytes: Uint8Array;
  manifestSig: SignatureEnvelope;
  publicKeyPem: string;
  previousId: string | null;
}

/** The run was stopped (SIGTERM) and recorded as interrupted; it has no manifest. */
export class RunInterruptedError extends EvidenceError {
  override readonly name = 'RunInterruptedError';
  constructor(
    readonly runId: string,
    readonly phase: string,
    readonly recordKey: string,
    message: string,
  ) {
    super(message);
  }
}

export interface InterruptInput {
  store: EvidenceStore;
  signer: Signer;
  runId: string;
  startedAt: string;
  phase: string;
  reason: string;
  toolVersion: string;
  configDigest: string;
  scope: InterruptedRecord['scope'];
  objects: Pick<EvidenceRef, 'key' | 'versionId' | 'sha256' | 'size'>[];
  now: () => Date;
}

export function abortReason(signal: AbortSignal | undefined): string {
  const r: unknown = signal?.reason;
  return r instanceof Error ? r.message : typeof r === 'string' ? r : 'stopped';
}

/** Writes runs/<runId>/interrupted.json (+ .sig) and throws RunInterruptedError. */
export async function recordInterrupted(input: InterruptInput): Promise<never> {
  const { store, signer, runId } = input;
  const publicKeyKey = keys.publicKey(signer.keyId);
  await store.put(publicKeyKey, Buffer.from(signer.publicKeyPem()), { dedupe: true, contentType: 'application/x-pem-file' });
  const record: InterruptedRecord = {
    schema: 'run-interrupted/v1',
    runId,
    startedAt: input.startedAt,
    interruptedAt: input.now().toISOString(),
    phase: input.phase,
    reason: input.reason,
    tool: { name: 'aws-evidence-collector', version: input.toolVersion },
    configDigest: input.configDigest,
    scope: input.scope,
    objects: input.objects.map((o) => ({ key: o.key, versionId: o.versionId, sha256: o.sha256, size: o.size })),
    signer: { algorithm: signer.algorithm, keyId: signer.keyId, publicKey: publicKeyKey },
  };
  const key = keys.interrupted(runId);
  const bytes = encodeJson(record);
  await store.put(keys.signature(key), encodeEnvelope(await signer.sign(bytes, 'interrupted.json', input.now())), { contentType: 'application/json' });
  await store.put(key, bytes, { contentType: 'application/json' });
  throw new RunInterruptedError(runId, input.phase, key, `run ${runId} was interrupted during ${input.phase} (${input.reason}); recorded as ${key}, no manifest written`);
}

export async function finalizeRun(input: FinalizeInput): Promise<Finalized> {
  const { store, signer, results, signal } = input;
  const runId = results.runId;
  const interrupt = (phase: string, extra: InterruptInput['objects'] = []): Promise<never> =>
    recordInterrupted({
      store,
      signer,
      runId,
      startedAt: results.startedAt,
      phase,
      reason: abortReason(signal),
      toolVersion: input.toolVersion,
      configDigest: input.configDigest,
      scope: { accounts: results.scope.accounts, regions: results.scope.regions, identity: input.identity },
      objects: [...results.evidence, ...extra],
      now: input.now,
    });

  await testPause('finalize', signal);
  if (signal?.aborted) return interrupt('evaluate');
  const extra: InterruptInput['objects'] = [];
  if (input.resources) {
    const key = keys.resources(runId);
    const put = await store.putStream(key, input.resources.open, { contentType: 'application/x-ndjson' });
    results.resources = { key, versionId: put.versionId, sha256: put.sha256, size: put.size, lines: input.resources.lines };
    extra.push({ key, versionId: put.versionId, sha256: put.sha256, size: put.size });
  }
  const resultsKey = keys.results(runId);
  const resultsPut = await store.put(resultsKey, encodeJson(results), { contentType: 'application/json' });
  const publicKeyPem = signer.publicKeyPem();
  const publicKeyKey = keys.publicKey(signer.keyId);
  await store.put(publicKeyKey, Buffer.from(publicKeyPem), { dedupe: true, contentType: 'application/x-pem-file' });

  const previousId = (await listWholeRunIds(store)).filter((id) => id < runId).at(-1) ?? null; // shards are never chained to
  let previousManifest: Manifest['previousManifest'] = null;
  if (previousId) {
    const prev = await readManifest(store, previousId);
    previousManifest = { runId: previousId, key: keys.manifest(previousId), versionId: prev.versionId, sha256: prev.sha256 };
  }
  const collections = results.coverage.collections;
  const calls = results.coverage.calls;
  const manifest: Manifest = {
    schema: 'run-manifest/v1',
    runId,
    startedAt: results.startedAt,
    finishedAt: results.finishedAt,
    status: results.status,
    tool: { name: 'aws-evidence-collector', version: input.toolVersion },
    configDigest: input.configDigest,
    scope: { accounts: results.scope.accounts, regions: results.scope.regions, identity: input.identity },
    frameworks: results.frameworks.map((f) => ({ id: f.id, version: f.version, controls: f.byStatus })),
    coverage: {
      collections: collections.length,
      failedCollections: collections.filter((c) => c.status === 'failed').length,
      rulesNotDeployed: results.coverage.rulesNotDeployed.length,
      calls: calls.calls,
      failedCalls: calls.calls - calls.byOutcome.ok - calls.byOutcome.retried,
    },
    objects: [
      ...results.evidence.map((e) => ({ key: e.key, versionId: e.versionId, sha256: e.sha256, size: e.size, collectedAt: e.collectedAt })),
      ...(results.resources ? [{ key: results.resources.key, versionId: results.resources.versionId, sha256: results.resources.sha256, size: results.resources.size, collectedAt: results.finishedAt }] : []),
      { key: resultsKey, versionId: resultsPut.versionId, sha256: resultsPut.sha256, size: resultsPut.size, collectedAt: results.finishedAt },
      // A merged run pins its shards' manifests, so `verify` re-hashes them with everything else.
      ...(results.shards ?? []).map((s) => ({ ...s.manifest, collectedAt: results.finishedAt })),
    ],
    results: { key: resultsKey, versionId: resultsPut.versionId, sha256: resultsPut.sha256 },
    previousManifest,
    signer: { algorithm: signer.algorithm, keyId: signer.keyId, publicKey: publicKeyKey },
    ...(results.shard ? { shard: results.shard } : {}),
    ...(results.shards ? { shards: results.shards } : {}),
  };
  const manifestKey = keys.manifest(runId);
  const manifestBytes = encodeJson(manifest);
  const manifestSig = await signer.sign(manifestBytes, 'manifest.json', input.now());
  await store.put(keys.signature(manifestKey), encodeEnvelope(manifestSig), { contentType: 'application/json' });
  await testPause('manifest', signal);
  if (signal?.aborted) return interrupt('manifest', [...extra, resultsPut]);
  await store.put(manifestKey, manifestBytes, { contentType: 'application/json' });
  // From here the run is complete: a later signal no longer changes that (reports still follow).
  await testPause('reports', signal);
  return { manifestKey, manifestBytes, manifestSig, publicKeyPem, previousId };
}
