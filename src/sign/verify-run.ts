// Verifies stored runs: every object's bytes against the manifest's pinned version and sha256,
// the manifest's signature, the hash chain back to the first run, and the reports' signatures.
// It collects every problem rather than stopping at the first, so an auditor sees them all.
import type { EvidenceStore } from '../store/store.ts';
import { NotFoundError, sha256Hex } from '../store/store.ts';
import { keys, listRunIds, readManifest, type Manifest } from '../store/manifest.ts';
import { fingerprintOf, parseEnvelope, verifyEnvelope } from './signer.ts';

export type ProblemKind =
  | 'changed-object'
  | 'deleted-version'
  | 'unreadable-manifest'
  | 'edited-manifest'
  | 'bad-signature'
  | 'missing-signature'
  | 'unknown-key'
  | 'broken-chain';

export interface Problem {
  kind: ProblemKind;
  key: string;
  message: string;
}

export interface RunVerification {
  runId: string;
  objectsChecked: number;
  reportsChecked: number;
  problems: Problem[];
}

export interface VerifyOptions {
  /** Trusted public key (PEM). Without it the key stored in the store is used, and said so. */
  publicKeyPem?: string;
  /** Check every object of every run, not only the chain of manifests. */
  all?: boolean;
}

export interface VerifyReport {
  runs: RunVerification[];
  chainLength: number;
  keyFingerprints: string[];
  keySource: 'pinned' | 'store';
  ok: boolean;
}

async function fetchKey(store: EvidenceStore, m: Manifest, pinned: string | undefined, problems: Problem[], runKey: string): Promise<string | null> {
  if (pinned) return pinned;
  try {
    return Buffer.from(await store.get(m.signer.publicKey)).toString('utf8');
  } catch {
    problems.push({ kind: 'unknown-key', key: m.signer.publicKey, message: `${runKey}: public key ${m.signer.keyId} is not in the store` });
    return null;
  }
}

async function checkSignature(store: EvidenceStore, key: string, bytes: Uint8Array, pem: string | null, problems: Problem[]): Promise<void> {
  let sigBytes: Uint8Array;
  try {
    sigBytes = await store.get(keys.signature(key));
  } catch (err) {
    if (err instanceof NotFoundError) {
      problems.push({ kind: 'missing-signature', key, message: `${key} has no signature ${keys.signature(key)}` });
      return;
    }
    throw err;
  }
  if (!pem) return;
  try {
    const r = verifyEnvelope(bytes, parseEnvelope(sigBytes, keys.signature(key)), pem);
    if (!r.ok) problems.push({ kind: 'bad-signature', key, message: `${key}: ${r.reason}` });
  } catch (err) {
    problems.push({ kind: 'bad-signature', key, message: `${key}: ${(err as Error).message}` });
  }
}

async function verifyObjects(store: EvidenceStore, m: Manifest, problems: Problem[]): Promise<number> {
  let n = 0;
  for (const o of m.objects) {
    n += 1;
    let bytes: Uint8Array;
    try {
      bytes = await store.get(o.key, o.versionId);
    } catch (err) {
      if (err instanceof NotFoundError) {
        problems.push({ kind: 'deleted-version', key: o.key, message: `${o.key} version ${o.versionId} named by run ${m.runId} is missing` });
        continue;
      }
      throw err;
    }
    const digest = sha256Hex(bytes);
    if (digest !== o.sha256) {
      problems.push({ kind: 'changed-object', key: o.key, message: `${o.key} version ${o.versionId} has sha256 ${digest}, manifest of run ${m.runId} says ${o.sha256}` });
    }
  }
  return n;
}

async function verifyReports(store: EvidenceStore, runId: string, pem: string | null, problems: Problem[]): Promise<number> {
  let n = 0;
  for (const key of await store.list(`reports/${runId}/`)) {
    if (key.endsWith('.sig')) continue;
    n += 1;
    await checkSignature(store, key, await store.get(key), pem, problems);
  }
  return n;
}

export async function verifyStore(store: EvidenceStore, runId: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const ids = await listRunIds(store);
  const runs: RunVerification[] = [];
  const fingerprints = new Set<string>();
  let current: string | null = runId;
  let chainLength = 0;
  let expected: { sha256: string; versionId: string; from: string } | null = null;
  const seen = new Set<string>();

  while (current) {
    if (seen.has(current)) break;
    seen.add(current);
    const problems: Problem[] = [];
    const key = keys.manifest(current);
    const rv: RunVerification = { runId: current, objectsChecked: 0, reportsChecked: 0, problems };
    runs.push(rv);
    let loaded;
    try {
      loaded = await readManifest(store, current, expected?.versionId);
    } catch (err) {
      const kind: ProblemKind = expected ? 'broken-chain' : 'unreadable-manifest';
      problems.push({ kind, key, message: `${key}: ${(err as Error).message}${expected ? ` (named by run ${expected.from})` : ''}` });
      break;
    }
    chainLength += 1;
    if (expected && loaded.sha256 !== expected.sha256) {
      problems.push({ kind: 'broken-chain', key, message: `${key} has sha256 ${loaded.sha256}, but run ${expected.from} chains to ${expected.sha256}` });
    }
    const versions = await store.listVersions(key);
    if (versions.length > 1) {
      problems.push({ kind: 'edited-manifest', key, message: `${key} has ${versions.length} versions; a manifest is written once` });
    }
    const m = loaded.manifest;
    if (m.runId !== current) {
      problems.push({ kind: 'edited-manifest', key, message: `${key} names run ${m.runId}, not ${current}` });
    }
    const pem = await fetchKey(store, m, opts.publicKeyPem, problems, key);
    if (pem) fingerprints.add(fingerprintOf(pem));
    await checkSignature(store, key, loaded.bytes, pem, problems);
    if (current === runId || opts.all) {
      rv.objectsChecked = await verifyObjects(store, m, problems);
      rv.reportsChecked = await verifyReports(store, current, pem, problems);
    }
    // Each manifest must chain to the complete run just before it in the store.
    const before = ids.filter((id) => id < current!).at(-1) ?? null;
    const prev: Manifest['previousManifest'] = m.previousManifest ?? null;
    if (prev === null && before !== null) {
      problems.push({ kind: 'broken-chain', key, message: `run ${current} claims to be the first run, but run ${before} precedes it` });
    }
    if (prev && before !== null && prev.runId !== before) {
      problems.push({ kind: 'broken-chain', key, message: `run ${current} chains to ${prev.runId}, but the run before it is ${before}` });
    }
    expected = prev ? { sha256: prev.sha256, versionId: prev.versionId, from: current } : null;
    current = prev ? prev.runId : null;
  }
  return {
    runs,
    chainLength,
    keyFingerprints: [...fingerprints],
    keySource: opts.publicKeyPem ? 'pinned' : 'store',
    ok: runs.every((r) => r.problems.length === 0),
  };
}
