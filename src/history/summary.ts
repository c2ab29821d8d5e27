// The per-run summary: runs/<runId>/summary.json, a few kilobytes per run (each framework's
// controls counted by status, its pass rate, and its control ids grouped by status), stored with
// the run and pinned by its manifest like results.json, so `verify` re-hashes it. Trend reads it
// instead of parsing the manifest, whose object list grows with the organization (hundreds of
// kilobytes per run). It trusts the summary through the run's statement (statedSummary: a
// signed record of a few hundred bytes pinning the manifest and the summary) or, for runs without
// one, through the manifest (verifiedSummary: its signature verified over its whole bytes). Runs
// written before summaries existed are read from their manifests.
import type { EvidenceStore } from '../store/index.ts';
import { encodeJson, keys, NotFoundError, type PinnedObject, type RunStatement, sha256Hex } from '../store/index.ts';
import { parseEnvelope, verifyEnvelope } from '../sign/index.ts';
import { passRate } from '../domain/index.ts';
import { CONTROL_STATUSES, type ControlStatus, type RunResults, type RunStatus } from '../domain/index.ts';
import { HistorySourceError, type KeyRing } from './load.ts';

export const RUN_SUMMARY_SCHEMA = 'run-summary/v1';

export interface FrameworkSummary {
  id: string;
  name: string;
  version: string;
  byStatus: Record<ControlStatus, number>;
  passRate: number | null;
  /** Control ids by status (statuses with no control are left out). */
  controls: Partial<Record<ControlStatus, string[]>>;
}

export interface RunSummary {
  schema: typeof RUN_SUMMARY_SCHEMA;
  runId: string;
  startedAt: string;
  finishedAt: string;
  status: RunStatus;
  /** Set on a shard run: it covers part of the organization. */
  shard?: { index: number; count: number };
  scope: { accounts: number; regions: number };
  frameworks: FrameworkSummary[];
}

export const summaryKey = (runId: string): string => `runs/${runId}/summary.json`;

export function buildRunSummary(results: RunResults): RunSummary {
  return {
    schema: RUN_SUMMARY_SCHEMA,
    runId: results.runId,
    startedAt: results.startedAt,
    finishedAt: results.finishedAt,
    status: results.status,
    ...(results.shard ? { shard: { index: results.shard.index, count: results.shard.count } } : {}),
    scope: { accounts: results.scope.accounts.length, regions: results.scope.regions.length },
    frameworks: results.frameworks.map((f) => {
      const controls: Partial<Record<ControlStatus, string[]>> = {};
      for (const c of f.controls) (controls[c.status] ??= []).push(c.id);
      return { id: f.id, name: f.name, version: f.version, byStatus: f.byStatus, passRate: passRate(f.byStatus), controls };
    }),
  };
}

export interface StoredObject {
  key: string;
  versionId: string;
  sha256: string;
  size: number;
}

/** Stores summary.json; returns it for the manifest to pin. */
export async function writeRunSummary(store: EvidenceStore, results: RunResults): Promise<StoredObject> {
  const key = summaryKey(results.runId);
  const put = await store.put(key, encodeJson(buildRunSummary(results)), { contentType: 'application/json' });
  return { key, versionId: put.versionId, sha256: put.sha256, size: put.size };
}

const isCounts = (v: unknown): v is Record<ControlStatus, number> =>
  typeof v === 'object' && v !== null && CONTROL_STATUSES.every((s) => typeof (v as Record<string, unknown>)[s] === 'number');

/**
 * The object pinning `key` in a manifest's bytes, found without parsing the manifest: its entry
 * in `objects` is a flat JSON object (no nested braces; keys, version ids and digests hold none),
 * so the braces around the key's last mention delimit it. The summary is pinned after the
 * evidence, so the search from the end is short.
 */
function pinnedObject(manifest: Buffer, key: string): { versionId: string; sha256: string } | null {
  const needle = `"key": ${JSON.stringify(key)}`;
  const at = manifest.lastIndexOf(needle);
  if (at === -1) return null;
  const open = manifest.lastIndexOf(0x7b, at);
  const close = manifest.indexOf(0x7d, at);
  if (open === -1 || close === -1) return null;
  try {
    const o = JSON.parse(manifest.toString('utf8', open, close + 1)) as Record<string, unknown>;
    return o.key === key && typeof o.versionId === 'string' && typeof o.sha256 === 'string' ? { versionId: o.versionId, sha256: o.sha256 } : null;
  } catch {
    return null;
  }
}

/**
 * A run's summary, trusted through its manifest: the manifest's signature is verified over its
 * bytes (which are not parsed), and the summary is read at the version the manifest pins and
 * checked against the sha256 it pins. Throws HistorySourceError naming what failed.
 */
export async function verifiedSummary(store: EvidenceStore, runId: string, ring: KeyRing): Promise<RunSummary> {
  const key = summaryKey(runId);
  const manifestKey = keys.manifest(runId);
  const manifest = await signedObject(store, runId, manifestKey, ring, `run ${runId} has no manifest in ${store.url}`);
  const pin = pinnedObject(Buffer.from(manifest.buffer, manifest.byteOffset, manifest.byteLength), key);
  if (!pin) throw new HistorySourceError(`the manifest of run ${runId} does not pin ${key}`);
  return pinnedSummary(store, runId, pin, 'the manifest');
}

/** The summary at the version `by` pins, checked against the sha256 it pins, then field by field. */
async function pinnedSummary(store: EvidenceStore, runId: string, pin: { versionId: string; sha256: string }, by: string): Promise<RunSummary> {
  const key = summaryKey(runId);
  let bytes: Uint8Array;
  try {
    bytes = await store.get(key, pin.versionId);
  } catch (err) {
    throw new HistorySourceError(`${key} version ${pin.versionId} named by run ${runId} is not readable: ${(err as Error).message}`, { cause: err });
  }
  const digest = sha256Hex(bytes);
  if (digest !== pin.sha256) throw new HistorySourceError(`${key} version ${pin.versionId} has sha256 ${digest}, but ${by} of run ${runId} pins ${pin.sha256}`);
  let s: RunSummary;
  try {
    s = JSON.parse(Buffer.from(bytes).toString('utf8')) as RunSummary;
  } catch (err) {
    throw new HistorySourceError(`${key} in ${store.url} is not valid JSON`, { cause: err });
  }
  // Pinned by a verified record, yet read field by field: a summary this tool did not write is refused, not half-used.
  const okFrameworks = Array.isArray(s?.frameworks) && s.frameworks.every((f) => typeof f?.id === 'string' && typeof f.version === 'string' && isCounts(f.byStatus));
  if (s?.schema !== RUN_SUMMARY_SCHEMA || s.runId !== runId || !okFrameworks || typeof s.startedAt !== 'string' || !['complete', 'partial', 'failed'].includes(s.status)) {
    throw new HistorySourceError(`${key} of run ${runId} is not a ${RUN_SUMMARY_SCHEMA} summary of that run with its start time, status and framework counts`);
  }
  return s;
}

const isPin = (v: unknown, key: string): v is PinnedObject =>
  typeof v === 'object' && v !== null && (v as PinnedObject).key === key && typeof (v as PinnedObject).versionId === 'string' && typeof (v as PinnedObject).sha256 === 'string';

/**
 * A run's summary, trusted through its statement (runs/<runId>/statement.json): a record of a few
 * hundred bytes, signed with the manifest's key, that pins the manifest and the summary. Its
 * signature is verified, the manifest's latest version must be the one it pins (a manifest
 * replaced by a new version is refused; its recorded sha256 is compared where the store keeps
 * one), and the summary is read at the pinned version and hashed. Re-hashing the manifest's bytes
 * is left to `verify`, which also checks the statement against the manifest.
 */
export async function statedSummary(store: EvidenceStore, runId: string, ring: KeyRing): Promise<RunSummary> {
  const key = keys.statement(runId);
  const manifestKey = keys.manifest(runId);
  const [bytes, head] = await Promise.all([signedObject(store, runId, key, ring, `run ${runId} has no statement ${key} in ${store.url}`), store.head(manifestKey)]);
  let st: RunStatement;
  try {
    st = JSON.parse(Buffer.from(bytes).toString('utf8')) as RunStatement;
  } catch (err) {
    throw new HistorySourceError(`${key} in ${store.url} is not valid JSON`, { cause: err });
  }
  if (st?.schema !== 'run-statement/v1' || st.runId !== runId || !isPin(st.manifest, manifestKey) || !isPin(st.summary, summaryKey(runId))) {
    throw new HistorySourceError(`${key} is not a run-statement/v1 of run ${runId} pinning its manifest and summary`);
  }
  if (!head) throw new HistorySourceError(`run ${runId} has no manifest in ${store.url}`);
  if (head.versionId !== st.manifest.versionId || (head.sha256 !== undefined && head.sha256 !== st.manifest.sha256)) {
    throw new HistorySourceError(`run ${runId} does not verify: ${manifestKey} is version ${head.versionId}${head.sha256 ? ` (sha256 ${head.sha256})` : ''}, but ${key} pins version ${st.manifest.versionId} (sha256 ${st.manifest.sha256})`);
  }
  return pinnedSummary(store, runId, st.summary, key);
}

/**
 * An object of a run and its detached signature, the signature verified over the object's bytes
 * with the run's key from the ring. Throws HistorySourceError: `missing` when the object is absent.
 */
async function signedObject(store: EvidenceStore, runId: string, key: string, ring: KeyRing, missing: string): Promise<Uint8Array> {
  const sigKey = keys.signature(key);
  const [bytes, sig] = await Promise.all([readOrNull(store, key), readOrNull(store, sigKey)]);
  if (!bytes) throw new HistorySourceError(missing);
  if (!sig) throw new HistorySourceError(`${key} has no signature ${sigKey}`);
  let verdict;
  try {
    const envelope = parseEnvelope(sig, sigKey);
    const pem = await ring.keyFor({ runId, signer: { keyId: envelope.keyId, publicKey: keys.publicKey(envelope.keyId) } });
    verdict = verifyEnvelope(bytes, envelope, pem);
  } catch (err) {
    if (err instanceof HistorySourceError) throw err;
    throw new HistorySourceError(`${sigKey}: ${(err as Error).message}`, { cause: err });
  }
  if (!verdict.ok) throw new HistorySourceError(`run ${runId} does not verify: ${key}: ${verdict.reason}`);
  return bytes;
}

async function readOrNull(store: EvidenceStore, k: string): Promise<Uint8Array | null> {
  try {
    return await store.get(k);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}
