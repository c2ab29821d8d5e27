// Verifies a monthly review pack offline: the zip is read with yauzl, SHA256SUMS is checked
// against its signature and every file against SHA256SUMS (missing and extra files refused), then
// each manifest's and report's signature, each results.json against its manifest, the chain
// between the manifests and the evidence index are re-checked inside the pack. Every problem is
// named; nothing stops at the first.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import type { Manifest } from '../store/index.ts';
import { algorithmOf, fingerprintOf, keyIdOf, parseEnvelope, verifyEnvelope, verifyRaw } from '../sign/index.ts';
import { carriedEvidence, indexRows, renderIndexCsv } from './pack-index.ts';
import type { IncludedRun } from './pack-runs.ts';
import { PACK_SCHEMA, type PackMetadata } from './pack-metadata.ts';

export type PackProblemKind =
  | 'unreadable-zip'
  | 'bad-entry'
  | 'missing-file'
  | 'extra-file'
  | 'changed-file'
  | 'bad-signature'
  | 'unknown-key'
  | 'broken-chain'
  | 'bad-index'
  | 'bad-metadata';

export interface PackProblem {
  kind: PackProblemKind;
  /** The file inside the pack (or the zip itself) the problem is about. */
  file: string;
  message: string;
}

export interface PackVerification {
  zip: string;
  ok: boolean;
  month: string | null;
  files: number;
  runs: number;
  reports: number;
  keySource: 'pinned' | 'pack';
  /** sha256 of the DER public key that signed SHA256SUMS (when readable). */
  keyFingerprint: string | null;
  /** The detached <zip>.sig beside the zip. */
  zipSignature: 'verified' | 'absent' | 'bad';
  problems: PackProblem[];
}

/** Files whose bytes are kept for signature checks; the rest are only hashed. */
const KEEP = (name: string): boolean => !/^runs\/[^/]+\/results\.json$/.test(name) && name !== 'summary.pdf';
const SUMS = 'SHA256SUMS';
const SUMS_SIG = 'SHA256SUMS.sig';

interface Entry {
  sha256: string;
  bytes?: Buffer;
}

async function readZip(file: string, problems: PackProblem[]): Promise<Map<string, Entry> | null> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true });
  } catch (err) {
    problems.push({ kind: 'unreadable-zip', file: path.basename(file), message: `${file} is not a readable zip: ${(err as Error).message}` });
    return null;
  }
  const entries = new Map<string, Entry>();
  try {
    for await (const e of zip.eachEntry()) {
      if (e.fileName.endsWith('/')) continue;
      if (entries.has(e.fileName)) {
        problems.push({ kind: 'bad-entry', file: e.fileName, message: `${e.fileName} appears twice in the zip` });
        continue;
      }
      const h = createHash('sha256');
      const chunks: Buffer[] = [];
      const keep = KEEP(e.fileName);
      try {
        for await (const chunk of await zip.openReadStreamPromise(e)) {
          h.update(chunk as Buffer);
          if (keep) chunks.push(chunk as Buffer);
        }
      } catch (err) {
        problems.push({ kind: 'bad-entry', file: e.fileName, message: `${e.fileName} cannot be read from the zip: ${(err as Error).message}` });
        continue;
      }
      entries.set(e.fileName, { sha256: h.digest('hex'), ...(keep ? { bytes: Buffer.concat(chunks) } : {}) });
    }
  } catch (err) {
    problems.push({ kind: 'unreadable-zip', file: path.basename(file), message: `${file}: ${(err as Error).message}` });
  } finally {
    zip.close();
  }
  return entries;
}

function parseSums(bytes: Buffer, problems: PackProblem[]): Map<string, string> {
  const sums = new Map<string, string>();
  bytes
    .toString('utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line === '') return;
      const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
      if (!m) problems.push({ kind: 'bad-metadata', file: SUMS, message: `${SUMS} line ${i + 1} is not "<sha256>  <file>": ${JSON.stringify(line.slice(0, 80))}` });
      else if (sums.has(m[2]!)) problems.push({ kind: 'bad-metadata', file: SUMS, message: `${SUMS} lists ${m[2]} twice` });
      else sums.set(m[2]!, m[1]!);
    });
  return sums;
}

function json<T>(entries: Map<string, Entry>, name: string, problems: PackProblem[]): T | null {
  const bytes = entries.get(name)?.bytes;
  if (!bytes) return null;
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    problems.push({ kind: 'bad-metadata', file: name, message: `${name} is not valid JSON` });
    return null;
  }
}

export async function verifyPack(zipFile: string, opts: { publicKeyPem?: string } = {}): Promise<PackVerification> {
  const problems: PackProblem[] = [];
  const result: PackVerification = { zip: zipFile, ok: false, month: null, files: 0, runs: 0, reports: 0, keySource: opts.publicKeyPem ? 'pinned' : 'pack', keyFingerprint: null, zipSignature: 'absent', problems };
  const entries = await readZip(zipFile, problems);
  if (!entries) return result;
  result.files = entries.size;
  const pem = (name: string): string | null => entries.get(name)?.bytes?.toString('utf8') ?? null;

  // 1. Who signed the pack: the pinned key, or the one pack.json names (trusted only as far as its fingerprint).
  const meta = json<PackMetadata>(entries, 'pack.json', problems);
  if (!meta) problems.push({ kind: 'missing-file', file: 'pack.json', message: 'pack.json is missing or unreadable: the pack does not say who signed it' });
  else if (meta.schema !== PACK_SCHEMA) problems.push({ kind: 'bad-metadata', file: 'pack.json', message: `pack.json schema is ${JSON.stringify(meta.schema)}, expected ${PACK_SCHEMA}` });
  result.month = meta?.month ?? null;
  let signerKey: KeyObject | null = null;
  let signerPem: string | null = null;
  try {
    signerPem = opts.publicKeyPem ?? (meta ? pem(meta.signer.publicKey) : null);
    if (signerPem) signerKey = createPublicKey(signerPem);
    else if (meta) problems.push({ kind: 'unknown-key', file: meta.signer.publicKey, message: `the pack signer's public key ${meta.signer.publicKey} is not in the pack` });
  } catch (err) {
    problems.push({ kind: 'unknown-key', file: meta?.signer.publicKey ?? 'pack.json', message: `the pack signer's public key is not a PEM public key: ${(err as Error).message}` });
  }
  if (signerKey && signerPem) {
    result.keyFingerprint = fingerprintOf(signerPem);
    if (meta && keyIdOf(signerKey) !== meta.signer.keyId) {
      problems.push({ kind: 'unknown-key', file: 'pack.json', message: `the pack says it was signed by key ${meta.signer.keyId}, not by the ${opts.publicKeyPem ? 'trusted' : 'enclosed'} key ${keyIdOf(signerKey)}` });
      signerKey = null;
    }
  }

  // 2. SHA256SUMS: its signature, then every file against it.
  const sumsBytes = entries.get(SUMS)?.bytes;
  const sumsSig = entries.get(SUMS_SIG)?.bytes;
  if (!sumsBytes) problems.push({ kind: 'missing-file', file: SUMS, message: `${SUMS} is missing: nothing in the pack can be checked` });
  if (!sumsSig) problems.push({ kind: 'missing-file', file: SUMS_SIG, message: `${SUMS_SIG} is missing` });
  if (sumsBytes && sumsSig && signerKey) {
    const alg = algorithmOf(signerKey);
    if (!alg || !verifyRaw(alg, sumsBytes, signerKey, sumsSig)) problems.push({ kind: 'bad-signature', file: SUMS, message: `${SUMS} does not match its signature ${SUMS_SIG} by key ${keyIdOf(signerKey)}` });
  }
  const sums = sumsBytes ? parseSums(sumsBytes, problems) : new Map<string, string>();
  for (const [name, want] of sums) {
    const e = entries.get(name);
    if (!e) problems.push({ kind: 'missing-file', file: name, message: `${name} is listed in ${SUMS} but missing from the pack` });
    else if (e.sha256 !== want) problems.push({ kind: 'changed-file', file: name, message: `${name} has sha256 ${e.sha256}, ${SUMS} says ${want}` });
  }
  for (const name of entries.keys()) {
    if (name !== SUMS && name !== SUMS_SIG && !sums.has(name)) problems.push({ kind: 'extra-file', file: name, message: `${name} is in the pack but not listed in ${SUMS}` });
  }

  // 3. Signatures of manifests and reports, with the keys in the pack.
  const keyOf = (keyId: string): string | null => (opts.publicKeyPem && signerKey && keyIdOf(signerKey) === keyId ? opts.publicKeyPem : pem(`keys/${keyId.replace(':', '-')}.pem`));
  const checkSig = (name: string): void => {
    const bytes = entries.get(name)?.bytes;
    const sig = entries.get(`${name}.sig`)?.bytes;
    if (!bytes) return;
    if (!sig) {
      problems.push({ kind: 'missing-file', file: `${name}.sig`, message: `${name} has no signature ${name}.sig in the pack` });
      return;
    }
    try {
      const env = parseEnvelope(sig, `${name}.sig`);
      const key = keyOf(env.keyId);
      if (!key) {
        problems.push({ kind: 'unknown-key', file: name, message: `${name} is signed by key ${env.keyId}, whose public key is not in the pack` });
        return;
      }
      const v = verifyEnvelope(bytes, env, key);
      if (!v.ok) problems.push({ kind: v.code === 'unknown-key' ? 'unknown-key' : 'bad-signature', file: name, message: `${name}: ${v.reason}` });
    } catch (err) {
      problems.push({ kind: 'bad-signature', file: name, message: `${name}: ${(err as Error).message}` });
    }
  };
  const manifestNames = [...entries.keys()].filter((n) => /^runs\/[^/]+\/manifest\.json$/.test(n)).sort();
  const manifests = new Map<string, { m: Manifest; sha256: string }>();
  for (const name of manifestNames) {
    checkSig(name);
    const runId = name.split('/')[1]!;
    const m = json<Manifest>(entries, name, problems);
    if (!m) continue;
    if (m.runId !== runId) problems.push({ kind: 'bad-metadata', file: name, message: `${name} names run ${m.runId}, not ${runId}` });
    manifests.set(runId, { m, sha256: entries.get(name)!.sha256 });
    const results = entries.get(`runs/${runId}/results.json`);
    if (!results) problems.push({ kind: 'missing-file', file: `runs/${runId}/results.json`, message: `run ${runId}'s results.json is not in the pack` });
    else if (results.sha256 !== m.results.sha256) problems.push({ kind: 'changed-file', file: `runs/${runId}/results.json`, message: `runs/${runId}/results.json has sha256 ${results.sha256}, its manifest pins ${m.results.sha256}` });
  }
  const reportNames = [...entries.keys()].filter((n) => n.startsWith('reports/') && !n.endsWith('.sig')).sort();
  for (const name of reportNames) checkSig(name);
  result.runs = manifests.size;
  result.reports = reportNames.length;

  // 4. The chain inside the pack, and the runs pack.json claims. Runs are linked in the order
  // they finished, which overlapping runs make differ from id order: what matters is that every
  // link holds, that no two runs link to the same one (a fork: one of them was left off the
  // chain), and that only one run starts the pack's chain.
  const ids = [...manifests.keys()].sort();
  const excluded = new Set((meta?.excluded ?? []).map((r) => r.runId));
  const successors = new Map<string, string[]>();
  const starts: string[] = [];
  for (const runId of ids) {
    const prev = manifests.get(runId)!.m.previousManifest;
    const file = `runs/${runId}/manifest.json`;
    const inPack = prev ? manifests.get(prev.runId) : undefined;
    if (prev && inPack) {
      if (inPack.sha256 !== prev.sha256) problems.push({ kind: 'broken-chain', file, message: `run ${runId} chains to ${prev.runId} with sha256 ${prev.sha256}, but that manifest in the pack has ${inPack.sha256}` });
      successors.set(prev.runId, [...(successors.get(prev.runId) ?? []), runId]);
    } else if (prev === null ? !meta?.chainAnchor : meta?.chainAnchor && meta.chainAnchor.runId === prev.runId && meta.chainAnchor.sha256 === prev.sha256) {
      starts.push(runId);
    } else if (prev === null) {
      problems.push({ kind: 'broken-chain', file, message: `run ${runId} claims to be the first run, but pack.json anchors the chain at run ${meta?.chainAnchor?.runId}` });
    } else if (!excluded.has(prev.runId)) {
      problems.push({ kind: 'broken-chain', file, message: `run ${runId} chains to ${prev.runId}, which is neither in the pack nor named by pack.json (chainAnchor, excluded)` });
    }
  }
  if (starts.length > 1) problems.push({ kind: 'broken-chain', file: `runs/${starts[1]}/manifest.json`, message: `runs ${starts.join(' and ')} both start the pack's chain` });
  for (const [runId, next] of successors) {
    if (next.length > 1) problems.push({ kind: 'broken-chain', file: `runs/${runId}/manifest.json`, message: `runs ${next.join(' and ')} both chain to run ${runId}: a fork, the chain leaves one of them off` });
  }
  if (meta) {
    const claimed = meta.runs.map((r) => r.runId).sort();
    for (const r of claimed) if (!manifests.has(r)) problems.push({ kind: 'missing-file', file: `runs/${r}/manifest.json`, message: `pack.json lists run ${r}, whose manifest is not in the pack` });
    for (const r of ids) if (!claimed.includes(r)) problems.push({ kind: 'extra-file', file: `runs/${r}/manifest.json`, message: `run ${r} is in the pack but not listed in pack.json` });
  }

  // 5. The evidence index is exactly what the manifests pin.
  const index = entries.get('evidence-index.csv')?.bytes;
  if (!index) problems.push({ kind: 'missing-file', file: 'evidence-index.csv', message: 'evidence-index.csv is missing' });
  else {
    const runs = ids.map((runId) => ({ runId, manifest: manifests.get(runId)!.m }) as IncludedRun);
    if (renderIndexCsv(indexRows(runs)) !== index.toString('utf8')) problems.push({ kind: 'bad-index', file: 'evidence-index.csv', message: 'evidence-index.csv differs from the objects the manifests in the pack pin' });
  }

  // 6. Carried evidence objects: each is the one the manifests pin (key, version, sha256), and nothing else sits under evidence/.
  if (meta) checkCarriedEvidence(meta, entries, ids.map((runId) => ({ runId, manifest: manifests.get(runId)!.m }) as IncludedRun), problems);

  // 7. The zip's own detached signature, when it is beside the zip.
  const zipSig = await fs.readFile(`${zipFile}.sig`).catch(() => null);
  if (zipSig && signerPem) {
    try {
      const v = verifyEnvelope(await fs.readFile(zipFile), parseEnvelope(zipSig, `${zipFile}.sig`), signerPem);
      result.zipSignature = v.ok ? 'verified' : 'bad';
      if (!v.ok) problems.push({ kind: v.code === 'unknown-key' ? 'unknown-key' : 'bad-signature', file: path.basename(zipFile), message: `${path.basename(zipFile)}.sig: ${v.reason}` });
    } catch (err) {
      result.zipSignature = 'bad';
      problems.push({ kind: 'bad-signature', file: path.basename(zipFile), message: `${path.basename(zipFile)}.sig: ${(err as Error).message}` });
    }
  }
  result.ok = problems.length === 0;
  return result;
}

function checkCarriedEvidence(meta: PackMetadata, entries: Map<string, Entry>, runs: IncludedRun[], problems: PackProblem[]): void {
  const listed = meta.evidence ?? [];
  const pinned = new Map(carriedEvidence(indexRows(runs)).map((e) => [e.file, e]));
  for (const e of listed) {
    const pin = pinned.get(e.file);
    if (!pin || pin.key !== e.key || pin.versionId !== e.versionId || pin.sha256 !== e.sha256) {
      problems.push({ kind: 'bad-metadata', file: e.file, message: `pack.json lists ${e.file} as ${e.key} version ${e.versionId}, which no manifest in the pack pins with sha256 ${e.sha256}` });
      continue;
    }
    const entry = entries.get(e.file);
    if (!entry) problems.push({ kind: 'missing-file', file: e.file, message: `${e.file} (${e.key} version ${e.versionId}) is listed in pack.json but not in the pack` });
    else if (entry.sha256 !== pin.sha256) problems.push({ kind: 'changed-file', file: e.file, message: `${e.file} has sha256 ${entry.sha256}, but the manifests pin ${e.key} version ${e.versionId} at ${pin.sha256}` });
  }
  if (listed.length > 0 && listed.length !== pinned.size) problems.push({ kind: 'bad-metadata', file: 'pack.json', message: `pack.json lists ${listed.length} evidence objects, the manifests in the pack pin ${pinned.size}` });
  const names = new Set(listed.map((e) => e.file));
  for (const name of entries.keys()) {
    if (name.startsWith('evidence/') && !names.has(name)) problems.push({ kind: 'extra-file', file: name, message: `${name} is in the pack but not listed in pack.json's evidence` });
  }
}
