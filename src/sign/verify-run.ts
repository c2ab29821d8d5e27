// Verifies stored runs: every object's bytes against the manifest's pinned version and sha256,
// the manifest's signature, the hash chain back to the first run, and the reports' signatures.
// It collects every problem rather than stopping at the first, so an auditor sees them all.
// findOrphans lists what no manifest names (what a killed or interrupted run left behind).
import type { EvidenceStore } from '../store/index.ts';
import { NotFoundError, sha256OfVersion } from '../store/index.ts';
import { chainTip, keys, listRunIds, listWholeRunIds, readManifest, type InterruptedRecord, type LoadedManifestRef, type Manifest, type ReportsRecord, type RunStatement } from '../store/index.ts';
import { fingerprintOf, keyIdOf, parseEnvelope, verifyEnvelope } from './signer.ts';
import { createPublicKey } from 'node:crypto';
import pLimit from 'p-limit';

export type ProblemKind =
  | 'changed-object'
  | 'deleted-version'
  | 'unreadable-manifest'
  | 'edited-manifest'
  | 'bad-signature'
  | 'missing-signature'
  | 'unknown-key'
  | 'broken-chain'
  | 'off-chain'
  | 'missing-report'
  | 'statement-mismatch';

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
  /**
   * Settles when the run's reports are written and recorded. With it the verification can start
   * as soon as the manifest is stored: it checks the evidence and the chain meanwhile, and the
   * run's reports last, after this settles.
   */
  reportsWritten?: Promise<unknown>;
}

export interface VerifyReport {
  runs: RunVerification[];
  chainLength: number;
  /** Said of the store, not a failure: e.g. a chain head claimed by a run that never wrote its manifest. */
  notes: string[];
  keyFingerprints: string[];
  keySource: 'pinned' | 'store';
  ok: boolean;
}

async function fetchKey(store: EvidenceStore, m: Manifest, pinned: string | undefined, problems: Problem[], runKey: string): Promise<string | null> {
  if (pinned) return pinned;
  let pem: string;
  try {
    pem = Buffer.from(await store.get(m.signer.publicKey)).toString('utf8');
  } catch {
    problems.push({ kind: 'unknown-key', key: m.signer.publicKey, message: `${runKey}: public key ${m.signer.keyId} is not in the store (${m.signer.publicKey})` });
    return null;
  }
  try {
    const id = keyIdOf(createPublicKey(pem));
    if (id !== m.signer.keyId) {
      problems.push({ kind: 'unknown-key', key: m.signer.publicKey, message: `${runKey}: ${m.signer.publicKey} holds key ${id}, not the signer ${m.signer.keyId} the manifest names` });
      return null;
    }
  } catch (err) {
    problems.push({ kind: 'unknown-key', key: m.signer.publicKey, message: `${runKey}: ${m.signer.publicKey} is not a public key: ${(err as Error).message}` });
    return null;
  }
  return pem;
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
    if (!r.ok) problems.push({ kind: r.code === 'unknown-key' ? 'unknown-key' : 'bad-signature', key, message: `${key}: ${r.reason}` });
  } catch (err) {
    problems.push({ kind: 'bad-signature', key, message: `${key}: ${(err as Error).message}` });
  }
}

/**
 * runs/<runId>/statement.json, when the run has one: its signature, and every pin it holds
 * against the manifest just verified (the manifest's version and sha256; the summary's version
 * and sha256 as the manifest pins them). Trend trusts a run's summary through it.
 */
async function verifyStatement(store: EvidenceStore, loaded: LoadedManifestRef, pem: string | null, problems: Problem[]): Promise<void> {
  const m = loaded.manifest;
  const key = keys.statement(m.runId);
  let bytes: Uint8Array;
  try {
    bytes = await store.get(key);
  } catch (err) {
    if (err instanceof NotFoundError) return; // runs written before statements, or stopped right after the manifest
    throw err;
  }
  await checkSignature(store, key, bytes, pem, problems);
  let st: RunStatement;
  try {
    st = JSON.parse(Buffer.from(bytes).toString('utf8')) as RunStatement;
  } catch {
    problems.push({ kind: 'statement-mismatch', key, message: `${key} is not valid JSON` });
    return;
  }
  const mismatch = (what: string): void => void problems.push({ kind: 'statement-mismatch', key, message: `${key}: ${what}` });
  if (st?.schema !== 'run-statement/v1') return mismatch(`not a run-statement/v1 record`);
  if (st.runId !== m.runId) mismatch(`names run ${String(st.runId)}, not ${m.runId}`);
  const manifestKey = keys.manifest(m.runId);
  if (st.manifest?.key !== manifestKey || st.manifest.versionId !== loaded.versionId || st.manifest.sha256 !== loaded.sha256) {
    mismatch(`pins ${String(st.manifest?.key)} version ${String(st.manifest?.versionId)} sha256 ${String(st.manifest?.sha256)}, but the manifest verified is version ${loaded.versionId} sha256 ${loaded.sha256}`);
  }
  const summaryKey = `runs/${m.runId}/summary.json`;
  const pinned = m.objects.find((o) => o.key === summaryKey);
  if (!pinned) mismatch(`pins ${summaryKey}, which the manifest does not`);
  else if (st.summary?.key !== summaryKey || st.summary.versionId !== pinned.versionId || st.summary.sha256 !== pinned.sha256) {
    mismatch(`pins ${String(st.summary?.key)} version ${String(st.summary?.versionId)} sha256 ${String(st.summary?.sha256)}, but the manifest pins version ${pinned.versionId} sha256 ${pinned.sha256}`);
  }
}

/** Objects read at once: one read at a time left the disk, or S3, waiting on each request in turn. */
const READS_IN_FLIGHT = 8;

/** Runs `check` over `items` a few at a time; the problems come out in the items' order. */
async function inOrder<T>(items: readonly T[], problems: Problem[], check: (item: T, found: Problem[]) => Promise<void>): Promise<void> {
  const limit = pLimit(READS_IN_FLIGHT);
  const found = await Promise.all(
    items.map((item) =>
      limit(async () => {
        const out: Problem[] = [];
        await check(item, out);
        return out;
      }),
    ),
  );
  for (const f of found) problems.push(...f);
}

async function verifyObjects(store: EvidenceStore, m: Manifest, problems: Problem[]): Promise<number> {
  await inOrder(m.objects, problems, async (o, found) => {
    let digest: string;
    try {
      digest = (await sha256OfVersion(store, o.key, o.versionId)).sha256;
    } catch (err) {
      if (err instanceof NotFoundError) {
        found.push({ kind: 'deleted-version', key: o.key, message: `${o.key} version ${o.versionId} named by run ${m.runId} is missing` });
        return;
      }
      throw err;
    }
    if (digest !== o.sha256) {
      found.push({ kind: 'changed-object', key: o.key, message: `${o.key} version ${o.versionId} has sha256 ${digest}, manifest of run ${m.runId} says ${o.sha256}` });
    }
  });
  return m.objects.length;
}

async function verifyReports(store: EvidenceStore, m: Manifest, pem: string | null, problems: Problem[]): Promise<number> {
  const runId = m.runId;
  const reports = (await store.list(`reports/${runId}/`)).filter((key) => !key.endsWith('.sig'));
  const n = reports.length;
  await inOrder(reports, problems, async (key, found) => checkSignature(store, key, await store.get(key), pem, found));
  if (!m.plannedReports) return n; // a manifest from before runs recorded their reports
  // The manifest names the reports the run was about to write; the signed record written after
  // them pins each one. A run killed in between leaves no record: its reports are not all there.
  const recordKey = keys.reportsRecord(runId);
  let bytes: Uint8Array;
  try {
    bytes = await store.get(recordKey);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    const present = new Set(await store.list(`reports/${runId}/`));
    const missing = m.plannedReports.filter((f) => !present.has(keys.report(runId, f)));
    problems.push({
      kind: 'missing-report',
      key: recordKey,
      message: `run ${runId} planned ${m.plannedReports.length} report(s) but has no ${recordKey}: its reports were not all written${missing.length ? ` (missing: ${missing.join(', ')})` : ''}`,
    });
    return n;
  }
  await checkSignature(store, recordKey, bytes, pem, problems);
  let record: ReportsRecord;
  try {
    record = JSON.parse(Buffer.from(bytes).toString('utf8')) as ReportsRecord;
  } catch {
    problems.push({ kind: 'missing-report', key: recordKey, message: `${recordKey} is not valid JSON` });
    return n;
  }
  if (record.runId !== runId) problems.push({ kind: 'edited-manifest', key: recordKey, message: `${recordKey} names run ${record.runId}, not ${runId}` });
  const byKey = new Map(record.reports.map((r) => [r.key, r]));
  await inOrder(m.plannedReports, problems, async (file, found) => {
    const key = keys.report(runId, file);
    const r = byKey.get(key);
    if (!r) {
      found.push({ kind: 'missing-report', key, message: `run ${runId} planned ${file}, which ${recordKey} does not name` });
      return;
    }
    for (const o of [r, r.signature]) {
      let digest: string;
      try {
        digest = (await sha256OfVersion(store, o.key, o.versionId)).sha256;
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        found.push({ kind: 'missing-report', key: o.key, message: `${o.key} version ${o.versionId} named by ${recordKey} is missing` });
        continue;
      }
      if (digest !== o.sha256) found.push({ kind: 'changed-object', key: o.key, message: `${o.key} version ${o.versionId} has sha256 ${digest}, ${recordKey} says ${o.sha256}` });
    }
  });
  return n;
}

export async function verifyStore(store: EvidenceStore, runId: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const runs: RunVerification[] = [];
  const notes: string[] = [];
  const fingerprints = new Set<string>();
  let current: string | null = runId;
  let chainLength = 0;
  let expected: { sha256: string; versionId: string; from: string } | null = null;
  const seen = new Set<string>();
  // The given run's reports, checked last when they are still being written.
  let headReports: { m: Manifest; pem: string | null; rv: RunVerification } | null = null;

  while (current) {
    if (seen.has(current)) {
      runs.at(-1)?.problems.push({ kind: 'broken-chain', key: keys.manifest(current), message: `the chain loops back to run ${current}` });
      break;
    }
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
      const what = err instanceof NotFoundError ? `manifest version ${expected?.versionId ?? ''} is missing (deleted)` : (err as Error).message;
      problems.push({ kind, key, message: `${key}: ${what}${expected ? ` (named by run ${expected.from})` : ''}` });
      break;
    }
    chainLength += 1;
    if (expected && loaded.sha256 !== expected.sha256) {
      problems.push({ kind: 'broken-chain', key, message: `${key} has sha256 ${loaded.sha256}, but run ${expected.from} chains to ${expected.sha256}` });
    }
    const versions = await store.listVersions(key);
    if (versions.length > 1) {
      const pinned = expected ? `the chain pins version ${loaded.versionId}; ` : '';
      problems.push({ kind: 'edited-manifest', key, message: `${key} has ${versions.length} versions; a manifest is written once (${pinned}the latest is ${versions.at(-1)!.versionId})` });
    }
    const m = loaded.manifest;
    if (m.runId !== current) {
      problems.push({ kind: 'edited-manifest', key, message: `${key} names run ${m.runId}, not ${current}` });
    }
    const pem = await fetchKey(store, m, opts.publicKeyPem, problems, key);
    if (pem) fingerprints.add(fingerprintOf(pem));
    await checkSignature(store, key, loaded.bytes, pem, problems);
    await verifyStatement(store, loaded, pem, problems);
    if (current === runId || opts.all) {
      rv.objectsChecked = await verifyObjects(store, m, problems);
      if (current === runId && opts.reportsWritten) headReports = { m, pem, rv };
      else rv.reportsChecked = await verifyReports(store, m, pem, problems);
    }
    // The chain follows each manifest's recorded link (the head when it finished), not run ids:
    // runs that overlap finish in another order than they started.
    const prev: Manifest['previousManifest'] = m.previousManifest ?? null;
    expected = prev ? { sha256: prev.sha256, versionId: prev.versionId, from: current } : null;
    current = prev ? prev.runId : null;
  }
  // From the chain's newest manifest every finished whole run must be reachable: one that is not
  // was left off (a fork), or its successor's link was rewritten.
  const { tip, pending, altered } = await chainTip(store);
  if (altered && tip?.runId === runId && runs.length > 0) {
    runs[0]!.problems.push({ kind: 'broken-chain', key: keys.chainHead, message: `${keys.chainHead} records sha256 ${altered.manifest.sha256} for the manifest of run ${altered.runId}, but the stored manifest has ${tip.sha256} (changed after the run finished)` });
  }
  if (pending) notes.push(`the chain head is claimed by run ${pending.runId}, whose manifest is not in the store (killed while finishing, or still writing it); the chain ends at ${pending.previous?.runId ?? 'no run'}`);
  const walked = runs.every((r) => r.problems.every((p) => p.kind !== 'broken-chain' && p.kind !== 'unreadable-manifest'));
  if (tip?.runId === runId && runs.length > 0 && walked) {
    for (const id of await listWholeRunIds(store)) {
      if (seen.has(id)) continue;
      runs[0]!.problems.push({ kind: 'off-chain', key: keys.manifest(id), message: `run ${id} has a manifest, but the chain from ${runId} does not reach it (no later manifest links to it)` });
    }
  }
  if (headReports) {
    await opts.reportsWritten;
    headReports.rv.reportsChecked = await verifyReports(store, headReports.m, headReports.pem, headReports.rv.problems);
  }
  return {
    runs,
    chainLength,
    notes,
    keyFingerprints: [...fingerprints],
    keySource: opts.publicKeyPem ? 'pinned' : 'store',
    ok: runs.every((r) => r.problems.length === 0),
  };
}

export interface Orphan {
  key: string;
  versionId: string;
  size: number;
  lastModified: string;
  /** Why it is there, as far as the store tells. */
  note: string;
}

export interface OrphanReport {
  versionsScanned: number;
  orphans: Orphan[];
  /** Runs recorded as interrupted (no manifest): their objects are among the orphans. */
  interruptedRuns: string[];
}

const RUN_OF = /^(?:runs|reports)\/([^/]+)\//;

/**
 * Versions in the store that no manifest names: what a killed or interrupted run wrote
 * (evidence that the next run did not reuse, results, signatures), or anything put there by
 * other means. Orphans do not weaken any manifest; they are listed so they can be reviewed.
 */
export async function findOrphans(store: EvidenceStore): Promise<OrphanReport> {
  const withManifest = new Set(await listRunIds(store));
  const named = new Set<string>();
  const namedKeys = new Set<string>();
  const id = (key: string, versionId: string): string => `${key}\u0000${versionId}`;
  for (const runId of withManifest) {
    const mk = keys.manifest(runId);
    namedKeys.add(mk);
    namedKeys.add(keys.signature(mk));
    namedKeys.add(keys.reportsRecord(runId));
    namedKeys.add(keys.signature(keys.reportsRecord(runId)));
    namedKeys.add(keys.notifications(runId)); // the delivery log written after the run, not evidence
    namedKeys.add(keys.statement(runId));
    namedKeys.add(keys.signature(keys.statement(runId)));
    try {
      const { manifest } = await readManifest(store, runId);
      for (const o of manifest.objects) named.add(id(o.key, o.versionId));
      named.add(id(manifest.results.key, manifest.results.versionId));
      namedKeys.add(manifest.signer.publicKey);
    } catch {
      // an unreadable manifest is verify's finding, not an orphan
    }
  }
  const interrupted = new Map<string, InterruptedRecord>();
  for (const k of await store.list('runs/')) {
    const m = /^runs\/([^/]+)\/interrupted\.json$/.exec(k);
    if (!m || withManifest.has(m[1]!)) continue;
    namedKeys.add(k);
    namedKeys.add(keys.signature(k));
    try {
      const rec = JSON.parse(Buffer.from(await store.get(k)).toString('utf8')) as InterruptedRecord;
      interrupted.set(m[1]!, rec);
      namedKeys.add(rec.signer.publicKey);
    } catch {
      interrupted.set(m[1]!, { objects: [] } as unknown as InterruptedRecord);
    }
  }
  const byInterrupted = new Map<string, string>();
  for (const [runId, rec] of interrupted) for (const o of rec.objects ?? []) byInterrupted.set(id(o.key, o.versionId), runId);

  const all = await store.listAllVersions('');
  const latest = new Map<string, string>();
  for (const v of all) latest.set(v.key, v.versionId); // versions come oldest first
  const orphans: Orphan[] = [];
  for (const v of all) {
    if (named.has(id(v.key, v.versionId)) || namedKeys.has(v.key)) continue;
    // The Audit Manager push ledger (auditmanager/<assessmentId>/pushed.json) is the push's own
    // bookkeeping, written after runs and never pinned by a manifest: no run left it behind.
    if (v.key.startsWith('auditmanager/')) continue;
    if (v.key === keys.chainHead) continue; // a pointer to the newest manifest, rewritten by every run
    const run = RUN_OF.exec(v.key)?.[1];
    if (v.key.startsWith('reports/') && run && withManifest.has(run)) continue; // signed reports of a finished run
    let note: string;
    const by = byInterrupted.get(id(v.key, v.versionId));
    if (by) note = `written by run ${by}, which was interrupted`;
    else if (run && interrupted.has(run)) note = `belongs to run ${run}, which was interrupted`;
    else if (run && !withManifest.has(run)) note = `belongs to run ${run}, which has no manifest (killed or interrupted)`;
    else if (v.key.startsWith('evidence/')) note = latest.get(v.key) === v.versionId ? 'latest version of its key, named by no manifest (the next run reuses it when the content is unchanged)' : 'older version named by no manifest';
    else note = 'named by no manifest';
    orphans.push({ key: v.key, versionId: v.versionId, size: v.size, lastModified: v.lastModified, note });
  }
  return { versionsScanned: all.length, orphans, interruptedRuns: [...interrupted.keys()].sort() };
}

/**
 * `--verify` for a command that writes a run: `start` when the run's manifest is stored (the
 * evidence and the chain are checked while the reports render), `finish` once the reports are
 * recorded (their check, and the result). Without a `start`, `finish` verifies it all then.
 */
export function verifyAsWritten(store: EvidenceStore, opts: Omit<VerifyOptions, 'reportsWritten'> = {}): { start(runId: string): void; finish(runId: string): Promise<VerifyReport> } {
  let written: () => void = () => undefined;
  const reportsWritten = new Promise<void>((resolve) => (written = resolve));
  let early: { runId: string; report: Promise<VerifyReport> } | undefined;
  return {
    start(runId) {
      early = { runId, report: verifyStore(store, runId, { ...opts, reportsWritten }) };
      // A run that fails after its manifest never calls finish: nothing may go unhandled.
      early.report.catch(() => undefined);
    },
    finish(runId) {
      written();
      return early?.runId === runId ? early.report : verifyStore(store, runId, opts);
    },
  };
}
