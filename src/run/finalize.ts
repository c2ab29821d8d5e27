// Seals a run: results stored, then the manifest naming every object (pinned version and
// sha256) and chaining to the previous manifest. Signature first, manifest last: a manifest
// present in the store is always a finished run, and nothing it names is missing (every put has
// returned, so each object is durably stored: fsync'd file, or acknowledged S3 write).
//
// The chain is ordered by finishing, and safe when runs overlap: chain/head.json names the newest
// manifest, and a finishing run claims it with a conditional write (S3 If-Match/If-None-Match, an
// exclusive create in the file store) naming its own manifest and the one it links to. A run that
// loses the race links to the new head, signs again and retries. The manifest is written right
// after the claim; a claim whose manifest never appears (its holder was killed) is passed over
// once it is older than claimStaleMs. Shard runs link to the head without claiming it.
//
// A run stopped on purpose (its AbortSignal: SIGTERM) never writes a manifest: it writes
// runs/<runId>/interrupted.json (signed) naming what it had stored, so the next run's chain, which
// only follows manifests, is unaffected. A run killed outright leaves neither; `runs list` shows
// it as incomplete and `verify --orphans` lists what it wrote.
import type { EvidenceStore } from '../store/index.ts';
import { ConflictError, sha256Hex } from '../store/index.ts';
import { encodeJson, keys, listWholeRunIds, manifestLink, readChainHead, type ChainHead, type InterruptedRecord, type Manifest, type ManifestLink, type ReportsRecord, type RunStatement } from '../store/index.ts';
import { encodeEnvelope, type SignatureEnvelope, type Signer } from '../sign/index.ts';
import type { Readable } from 'node:stream';
import type { EvidenceRef, RunResults } from '../domain/index.ts';
import type { RunHooks } from '../domain/index.ts';
import { EvidenceError } from '../domain/index.ts';

/** A claim on the chain head older than this without its manifest is taken for a dead run's. */
export const DEFAULT_CLAIM_STALE_MS = 60_000;
/** Waiting on a claim's manifest, or retrying after a lost race: a short pause, then read again. */
const CLAIM_POLL_MS = 250;

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
  /** Report file names the run will write next (recorded in the manifest). */
  plannedReports?: string[];
  hooks?: RunHooks;
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

  await input.hooks?.phase?.('finalize', signal);
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
  // The small summary trend reads instead of parsing the manifest; pinned below like the results.
  // Loaded when a run finishes: the history layer brings the report stack, which run start must not load.
  const { writeRunSummary } = await import('../history/index.ts');
  const summary = await writeRunSummary(store, results);
  const publicKeyPem = signer.publicKeyPem();
  const publicKeyKey = keys.publicKey(signer.keyId);
  await store.put(publicKeyKey, Buffer.from(publicKeyPem), { dedupe: true, contentType: 'application/x-pem-file' });

  const collections = results.coverage.collections;
  const calls = results.coverage.calls;
  const build = (previousManifest: ManifestLink | null): Manifest => ({
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
      { ...summary, collectedAt: results.finishedAt },
      // A merged run pins its shards' manifests, so `verify` re-hashes them with everything else.
      ...(results.shards ?? []).map((s) => ({ ...s.manifest, collectedAt: results.finishedAt })),
    ],
    results: { key: resultsKey, versionId: resultsPut.versionId, sha256: resultsPut.sha256 },
    previousManifest,
    ...(input.plannedReports ? { plannedReports: input.plannedReports } : {}),
    signer: { algorithm: signer.algorithm, keyId: signer.keyId, publicKey: publicKeyKey },
    ...(results.shard ? { shard: results.shard } : {}),
    ...(results.shards ? { shards: results.shards } : {}),
  });
  const manifestKey = keys.manifest(runId);
  const staleMs = input.hooks?.claimStaleMs ?? DEFAULT_CLAIM_STALE_MS;
  const sign = async (previous: ManifestLink | null) => {
    const bytes = encodeJson(build(previous));
    const sig = await signer.sign(bytes, 'manifest.json', input.now());
    await store.put(keys.signature(manifestKey), encodeEnvelope(sig), { contentType: 'application/json' });
    return { bytes, sig, previous };
  };

  // Linked to the current head and signed before the pause point, so a stop here leaves no claim.
  let head = await currentHead(store, staleMs);
  let signed = await sign(head.previous);
  await input.hooks?.phase?.('manifest', signal);
  if (signal?.aborted) return interrupt('manifest', [...extra, resultsPut, summary]);
  if (!results.shard) {
    // Shards are never chained to (the merged run names them), so they do not claim the head.
    for (;;) {
      const claim: ChainHead = { schema: 'chain-head/v1', runId, manifest: { key: manifestKey, sha256: sha256Hex(signed.bytes) }, previous: signed.previous, claimedAt: input.now().toISOString() };
      try {
        await store.putIfUnchanged(keys.chainHead, encodeJson(claim), head.token, { contentType: 'application/json' });
        break;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
      // Another run finished first: link to it instead.
      await sleep(CLAIM_POLL_MS * Math.random());
      head = await currentHead(store, staleMs);
      if (!sameLink(head.previous, signed.previous)) signed = await sign(head.previous);
    }
    await input.hooks?.phase?.('head', signal);
  }
  const manifestPut = await store.put(manifestKey, signed.bytes, { contentType: 'application/json' });
  // After the manifest (whose version it names): a run stopped in between has none, and trend
  // then verifies the manifest itself, as for runs written before statements existed.
  const statement: RunStatement = {
    schema: 'run-statement/v1',
    runId,
    manifest: { key: manifestKey, versionId: manifestPut.versionId, sha256: manifestPut.sha256 },
    summary: { key: summary.key, versionId: summary.versionId, sha256: summary.sha256 },
    signedAt: input.now().toISOString(),
  };
  const statementKey = keys.statement(runId);
  const statementBytes = encodeJson(statement);
  await store.put(keys.signature(statementKey), encodeEnvelope(await signer.sign(statementBytes, 'statement.json', input.now())), { contentType: 'application/json' });
  await store.put(statementKey, statementBytes, { contentType: 'application/json' });
  // From here the run is complete: a later signal no longer changes that (reports still follow).
  await input.hooks?.phase?.('reports', signal);
  return { manifestKey, manifestBytes: signed.bytes, manifestSig: signed.sig, publicKeyPem, previousId: signed.previous?.runId ?? null };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const sameLink = (a: ManifestLink | null, b: ManifestLink | null): boolean => (a === null ? b === null : b !== null && a.sha256 === b.sha256 && a.versionId === b.versionId);

interface CurrentHead {
  /** The head record's token for the conditional write (null: no head record yet). */
  token: string | null;
  /** The manifest a run finishing now links to. */
  previous: ManifestLink | null;
}

/**
 * What a finishing run links to: the manifest the head names. When that manifest is not written
 * yet, its holder is given until the claim is staleMs old; after that it is taken for dead and
 * the claim's own link is used, so one killed run cannot stop every later one.
 */
async function currentHead(store: EvidenceStore, staleMs: number): Promise<CurrentHead> {
  const firstSeen = new Map<string, number>();
  for (;;) {
    const got = await readChainHead(store);
    if (!got) {
      // No head record: a store whose earlier runs predate it chains to its newest whole run.
      const id = (await listWholeRunIds(store)).at(-1);
      return { token: null, previous: id ? await manifestLink(store, id) : null };
    }
    const { head, token } = got;
    const own = await manifestLink(store, head.runId, head.manifest.sha256);
    if (own) return { token, previous: own };
    const seen = firstSeen.get(token) ?? Date.now();
    firstSeen.set(token, seen);
    const age = Math.max(Date.now() - Date.parse(head.claimedAt), Date.now() - seen);
    if (age >= staleMs) return { token, previous: head.previous };
    await sleep(CLAIM_POLL_MS);
  }
}

export interface ReportsRecordInput {
  store: EvidenceStore;
  signer: Signer;
  runId: string;
  manifest: { key: string; sha256: string };
  reports: ReportsRecord['reports'];
  now: () => Date;
  hooks?: RunHooks;
  signal?: AbortSignal;
}

/** Writes runs/<runId>/reports.json (+ .sig): the reports the run stored, pinned by version and sha256. */
export async function recordReports(input: ReportsRecordInput): Promise<string> {
  await input.hooks?.phase?.('reports-written', input.signal);
  const record: ReportsRecord = { schema: 'run-reports/v1', runId: input.runId, manifest: input.manifest, reports: input.reports, writtenAt: input.now().toISOString() };
  const key = keys.reportsRecord(input.runId);
  const bytes = encodeJson(record);
  await input.store.put(keys.signature(key), encodeEnvelope(await input.signer.sign(bytes, 'reports.json', input.now())), { contentType: 'application/json' });
  await input.store.put(key, bytes, { contentType: 'application/json' });
  return key;
}
