// Reading stored runs for the history views, with trust checked first: a manifest is used only
// after its signature verifies, and every file read through it is checked against the sha256 it
// pins. All resource-level reading goes through readCheckTargets, which streams
// runs/<runId>/resources.ndjson when the run has one and otherwise falls back to the targets in
// results.json (runs written before resources.ndjson existed).
import { createHash, createPublicKey } from 'node:crypto';
import { Transform } from 'node:stream';
import type { EvidenceStore } from '../store/index.ts';
import { NotFoundError, sha256Hex } from '../store/index.ts';
import { keys, type Manifest } from '../store/index.ts';
import { keyIdOf, parseEnvelope, verifyEnvelope } from '../sign/index.ts';
import { readResourceLines, type ResourceLine } from '../store/index.ts';
import type { RunResults } from '../domain/index.ts';
import type { VerifiedRun } from './types.ts';
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

  async keyFor(m: Manifest): Promise<string> {
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

/** results.json at the version the (verified) manifest pins, checked against its sha256. */
export async function readTrustedResults(store: EvidenceStore, m: Manifest): Promise<RunResults> {
  const { key, versionId, sha256 } = m.results;
  let bytes: Uint8Array;
  try {
    bytes = await store.get(key, versionId);
  } catch (err) {
    throw new HistorySourceError(`${key} version ${versionId} named by run ${m.runId} is not readable: ${(err as Error).message}`, { cause: err });
  }
  const digest = sha256Hex(bytes);
  if (digest !== sha256) throw new HistorySourceError(`${key} version ${versionId} has sha256 ${digest}, but the manifest of run ${m.runId} pins ${sha256}`);
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as RunResults;
  } catch (err) {
    throw new HistorySourceError(`${key} of run ${m.runId} is not valid JSON`, { cause: err });
  }
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
export async function* readCheckTargets(store: EvidenceStore, m: Manifest, results: RunResults): AsyncGenerator<CheckTarget> {
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
  const hashed = stream.pipe(
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    }),
  );
  let prev: CheckTarget | null = null;
  try {
    for await (const line of readResourceLines(hashed)) {
      const t: CheckTarget = line;
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
