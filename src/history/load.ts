// Reading stored runs for the history views, with trust checked first: a manifest is used only
// after its signature verifies, and every file read through it is checked against the sha256 it
// pins. All resource-level reading goes through readCheckTargets, which streams
// runs/<runId>/resources.ndjson when the run has one and otherwise falls back to the targets in
// results.json (runs written before resources.ndjson existed).
import { createHash, createPublicKey } from 'node:crypto';
import type { Hash } from 'node:crypto';
import type { EvidenceStore } from '../store/index.ts';
import { NotFoundError, sha256Hex } from '../store/index.ts';
import { keys, type Manifest } from '../store/index.ts';
import { keyIdOf, parseEnvelope, verifyEnvelope } from '../sign/index.ts';
import type { ResourceLine } from '../store/index.ts';
import type { RunResults } from '../domain/index.ts';
import type { VerifiedRun } from './types.ts';
import { parseFields } from './json-fields.ts';
import { EvidenceError } from '../domain/index.ts';

/** A stored run cannot be trusted or read: its manifest signature, or a file it pins, does not check out. */
export class HistorySourceError extends EvidenceError {
  override readonly name = 'HistorySourceError';
}

export interface TrustOptions {
  /** Trusted public key (PEM). Without it the key kept in the store under the manifest's key id is used. */
  publicKeyPem?: string;
}

/** Public keys read from the store, by key id: one read per key however many runs it signed. */
export class KeyRing {
  private readonly cache = new Map<string, string | Error>();
  constructor(
    private readonly store: EvidenceStore,
    readonly pinned?: string,
  ) {}

  /** The key of a manifest, or of any record naming its signer the same way (a run summary). */
  async keyFor(m: { runId: string; signer: Pick<Manifest['signer'], 'keyId' | 'publicKey'> }): Promise<string> {
    if (this.pinned) return this.pinned;
    let hit = this.cache.get(m.signer.keyId);
    if (hit === undefined) {
      try {
        const pem = Buffer.from(await this.store.get(m.signer.publicKey)).toString('utf8');
        const id = keyIdOf(createPublicKey(pem));
        hit = id === m.signer.keyId ? pem : new HistorySourceError(`${m.signer.publicKey} in ${this.store.url} holds key ${id}, not ${m.signer.keyId}`);
      } catch (err) {
        hit = new HistorySourceError(`public key ${m.signer.keyId} of run ${m.runId} is not readable in ${this.store.url} (${m.signer.publicKey}): ${(err as Error).message}`);
      }
      this.cache.set(m.signer.keyId, hit);
    }
    if (hit instanceof Error) throw hit;
    return hit;
  }
}

export interface TrustedManifest {
  manifest: Manifest;
  bytes: Uint8Array;
  sha256: string;
  run: VerifiedRun;
}

/**
 * Reads a run's manifest (latest version) and its signature together and verifies it; throws
 * HistorySourceError naming what failed. Two reads per run: trend does this for a year of runs.
 */
export async function verifiedManifest(store: EvidenceStore, runId: string, ring: KeyRing): Promise<TrustedManifest> {
  const key = keys.manifest(runId);
  const sigKey = keys.signature(key);
  const read = async (k: string): Promise<Uint8Array | null> => {
    try {
      return await store.get(k);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  };
  const [bytes, sig] = await Promise.all([read(key), read(sigKey)]);
  if (!bytes) throw new HistorySourceError(`run ${runId} has no manifest in ${store.url}`);
  if (!sig) throw new HistorySourceError(`${key} has no signature ${sigKey}`);
  let m: Manifest;
  try {
    m = JSON.parse(Buffer.from(bytes).toString('utf8')) as Manifest;
  } catch (err) {
    throw new HistorySourceError(`${key} in ${store.url} is not valid JSON`, { cause: err });
  }
  if (m.runId !== runId) throw new HistorySourceError(`${key} names run ${m.runId}, not ${runId}`);
  const pem = await ring.keyFor(m);
  let verdict;
  let envelope;
  try {
    envelope = parseEnvelope(sig, sigKey);
    verdict = verifyEnvelope(bytes, envelope, pem);
  } catch (err) {
    throw new HistorySourceError(`${sigKey}: ${(err as Error).message}`, { cause: err });
  }
  if (!verdict.ok) throw new HistorySourceError(`run ${runId} does not verify: ${key}: ${verdict.reason}`);
  const sha256 = envelope.sha256; // verifyEnvelope has just checked it against the bytes
  return {
    manifest: m,
    bytes,
    sha256,
    run: {
      runId,
      startedAt: m.startedAt,
      finishedAt: m.finishedAt,
      status: m.status,
      manifestSha256: sha256,
      keyId: m.signer.keyId,
      keySource: ring.pinned ? 'pinned' : 'store',
    },
  };
}

/** results.json's bytes at the version the (verified) manifest pins, checked against its sha256. */
async function pinnedResultsBytes(store: EvidenceStore, m: Manifest): Promise<Buffer> {
  const { key, versionId, sha256 } = m.results;
  let bytes: Uint8Array;
  try {
    bytes = await store.get(key, versionId);
  } catch (err) {
    throw new HistorySourceError(`${key} version ${versionId} named by run ${m.runId} is not readable: ${(err as Error).message}`, { cause: err });
  }
  const digest = sha256Hex(bytes);
  if (digest !== sha256) throw new HistorySourceError(`${key} version ${versionId} has sha256 ${digest}, but the manifest of run ${m.runId} pins ${sha256}`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** results.json at the version the (verified) manifest pins, checked against its sha256. */
export async function readTrustedResults(store: EvidenceStore, m: Manifest): Promise<RunResults> {
  const bytes = await pinnedResultsBytes(store, m);
  try {
    return JSON.parse(bytes.toString('utf8')) as RunResults;
  } catch (err) {
    throw new HistorySourceError(`${m.results.key} of run ${m.runId} is not valid JSON`, { cause: err });
  }
}

/** What diff needs of results.json; `checks` is empty when the run's targets are in resources.ndjson. */
export type ResultsForDiff = Pick<RunResults, 'frameworks' | 'scope' | 'checks'>;

/**
 * The control roll-ups and scope of results.json (pinned and checked like readTrustedResults),
 * and its per-target detail only for a run without resources.ndjson: the rest of the file is
 * skipped, not parsed.
 */
export async function readResultsForDiff(store: EvidenceStore, m: Manifest): Promise<ResultsForDiff> {
  const bytes = await pinnedResultsBytes(store, m);
  const needChecks = !m.objects.some((o) => o.key === keys.resources(m.runId));
  let f: Record<string, unknown>;
  try {
    f = parseFields(bytes, new Set(needChecks ? ['frameworks', 'scope', 'checks'] : ['frameworks', 'scope']));
  } catch (err) {
    throw new HistorySourceError(`${m.results.key} of run ${m.runId} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const scope = f.scope as RunResults['scope'] | undefined;
  if (!Array.isArray(f.frameworks) || !Array.isArray(scope?.accounts) || !Array.isArray(scope.regions) || (needChecks && !Array.isArray(f.checks))) {
    throw new HistorySourceError(`${m.results.key} of run ${m.runId} lacks its frameworks, scope${needChecks ? ' or checks' : ''}`);
  }
  return { frameworks: f.frameworks as RunResults['frameworks'], scope, checks: needChecks ? (f.checks as RunResults['checks']) : [] };
}

/** One check target with every resource verdict (complete, whichever file it came from): a line of resources.ndjson. */
export type CheckTarget = ResourceLine;

/** The sort order of resources.ndjson, which merge joins rely on. */
export function compareTargets(a: { check: string; account: string; region: string }, b: { check: string; account: string; region: string }): number {
  return cmp(a.check, b.check) || cmp(a.account, b.account) || cmp(a.region, b.region);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every check target of a run, sorted by (check, account, region), with all its resources.
 * Streams resources.ndjson at its pinned version and fails (after the last line) if its sha256
 * differs from the pin; falls back to results.json's targets for runs without it.
 */
export async function* readCheckTargets(store: EvidenceStore, m: Manifest, results: Pick<RunResults, 'checks'>): AsyncGenerator<CheckTarget> {
  const resKey = keys.resources(m.runId);
  const pinned = m.objects.find((o) => o.key === resKey);
  if (!pinned) {
    const all: CheckTarget[] = [];
    for (const c of results.checks) {
      for (const t of c.targets) all.push({ check: c.id, account: t.account, region: t.region, status: t.status, ...(t.reason ? { reason: t.reason } : {}), counts: t.counts, results: t.results });
    }
    yield* all.sort(compareTargets);
    return;
  }
  let stream;
  try {
    stream = await store.getStream(resKey, pinned.versionId);
  } catch (err) {
    throw new HistorySourceError(`${resKey} version ${pinned.versionId} named by run ${m.runId} is not readable: ${(err as Error).message}`, { cause: err });
  }
  const hash = createHash('sha256');
  let prev: CheckTarget | null = null;
  try {
    for await (const t of ndjsonLines(stream as AsyncIterable<Buffer>, hash)) {
      if (prev && compareTargets(prev, t) >= 0) throw new HistorySourceError(`${resKey} of run ${m.runId} is not sorted by check, account, region at ${t.check} ${t.account}/${t.region}`);
      prev = t;
      yield t;
    }
  } catch (err) {
    stream.destroy();
    if (err instanceof HistorySourceError) throw err;
    throw new HistorySourceError(`${resKey} of run ${m.runId}: ${(err as Error).message}`, { cause: err });
  }
  const digest = hash.digest('hex');
  if (digest !== pinned.sha256) throw new HistorySourceError(`${resKey} version ${pinned.versionId} has sha256 ${digest}, but the manifest of run ${m.runId} pins ${pinned.sha256}`);
}

/**
 * The JSON lines of a byte stream, each chunk hashed as it arrives. Lines are cut from the bytes
 * (a newline byte never occurs inside a UTF-8 character), so only a line split across chunks is
 * copied.
 */
async function* ndjsonLines(chunks: AsyncIterable<Buffer>, hash: Hash): AsyncGenerator<ResourceLine> {
  let carry: Buffer | null = null;
  let n = 0;
  const parse = (buf: Buffer, start: number, end: number): ResourceLine | null => {
    n += 1;
    const text = buf.toString('utf8', start, end);
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as ResourceLine;
    } catch (err) {
      throw new Error(`resources.ndjson line ${n} is not JSON: ${(err as Error).message}`, { cause: err });
    }
  };
  for await (const chunk of chunks) {
    hash.update(chunk);
    let from = 0;
    let nl = chunk.indexOf(0x0a);
    if (carry && nl !== -1) {
      const joined = Buffer.concat([carry, chunk.subarray(0, nl)]);
      carry = null;
      const line = parse(joined, 0, joined.length);
      if (line) yield line;
      from = nl + 1;
      nl = chunk.indexOf(0x0a, from);
    }
    if (carry) {
      carry = Buffer.concat([carry, chunk]);
      continue;
    }
    while (nl !== -1) {
      const line = parse(chunk, from, nl);
      if (line) yield line;
      from = nl + 1;
      nl = chunk.indexOf(0x0a, from);
    }
    if (from < chunk.length) carry = Buffer.from(chunk.subarray(from));
  }
  if (carry) {
    const line = parse(carry, 0, carry.length);
    if (line) yield line;
  }
}
