// Store layout (keys) and the run manifest: the signed, hash-chained list of everything a run stored.
import type { EvidenceStore } from './store.ts';
import { sha256Hex } from './store.ts';
import type { ControlStatus } from '../domain/index.ts';
import type { MergedShard, RunStatus, ShardRecord } from '../domain/index.ts';
import { shardOfRunId } from '../domain/index.ts';

export const keys = {
  datasetEvidence: (account: string, region: string, dataset: string) => `evidence/${account}/${region}/${dataset}.json`,
  configRuleEvidence: (account: string, region: string, sourceIdentifier: string) => `evidence/${account}/${region}/config-rule/${sourceIdentifier}.json`,
  results: (runId: string) => `runs/${runId}/results.json`,
  /** Every resource verdict of the run, one line per (check, account, region): src/run/resources.ts. */
  resources: (runId: string) => `runs/${runId}/resources.ndjson`,
  manifest: (runId: string) => `runs/${runId}/manifest.json`,
  /** Written instead of a manifest when a run is stopped (SIGTERM): never claims completeness. */
  interrupted: (runId: string) => `runs/${runId}/interrupted.json`,
  signature: (key: string) => `${key}.sig`,
  report: (runId: string, file: string) => `reports/${runId}/${file}`,
  publicKey: (keyId: string) => `keys/${keyId.replace(':', '-')}.pem`,
  /** The signed record of the reports a run wrote, after them (its manifest names the planned ones). */
  reportsRecord: (runId: string) => `runs/${runId}/reports.json`,
  /**
   * Signed after the manifest: names the run, its manifest (version, sha256) and its summary
   * (version, sha256), so trend verifies a few hundred bytes per run instead of the manifest.
   */
  statement: (runId: string) => `runs/${runId}/statement.json`,
  /** Where the run's notifications went (src/notify/): written after the run, unsigned, a delivery log. */
  notifications: (runId: string) => `runs/${runId}/notifications.json`,
  /** The newest manifest of the chain: claimed by a conditional write as a run finishes. */
  chainHead: 'chain/head.json',
};

const MANIFEST_KEY_RE = /^runs\/([^/]+)\/manifest\.json$/;
const RUN_KEY_RE = /^runs\/([^/]+)\//;

export interface ManifestObject {
  key: string;
  versionId: string;
  sha256: string;
  size: number;
  collectedAt: string;
}

export interface Manifest {
  schema: 'run-manifest/v1';
  runId: string;
  startedAt: string;
  finishedAt: string;
  status: RunStatus;
  tool: { name: string; version: string };
  configDigest: string;
  scope: { accounts: string[]; regions: string[]; identity?: string };
  frameworks: { id: string; version: string; controls: Record<ControlStatus, number> }[];
  coverage: { collections: number; failedCollections: number; rulesNotDeployed: number; calls: number; failedCalls: number };
  /** Every object the run relies on: its evidence and its results file. */
  objects: ManifestObject[];
  results: { key: string; versionId: string; sha256: string };
  /**
   * The manifest that was the chain's head when this run finished (sha256 of its bytes): a hash
   * chain ordered by finishing, which need not be run-id order when runs overlap.
   */
  previousManifest: ManifestLink | null;
  /** The report files (names under reports/<runId>/) the run is about to write; runs/<runId>/reports.json then pins them. */
  plannedReports?: string[];
  signer: { algorithm: string; keyId: string; publicKey: string };
  /** A shard run (part of the scope): it chains to the whole run before it and is never chained to. */
  shard?: ShardRecord;
  /** A merged run: the shard runs it combines (their manifests are among `objects` too). */
  shards?: MergedShard[];
}

export interface ManifestLink {
  runId: string;
  key: string;
  versionId: string;
  sha256: string;
}

/** What `chain/head.json` holds: the run that last claimed the head, and what it links to. */
export interface ChainHead {
  schema: 'chain-head/v1';
  runId: string;
  /** The claimer's manifest: its key and the sha256 of the bytes it is about to write. */
  manifest: { key: string; sha256: string };
  /** The manifest the claimer links to (the head before it). */
  previous: ManifestLink | null;
  claimedAt: string;
}

/** A stored object named exactly: key, version and sha256. */
export interface PinnedObject {
  key: string;
  versionId: string;
  sha256: string;
}

/**
 * runs/<runId>/statement.json: the run's manifest and summary pinned in a small record signed
 * with the manifest's key, written after the manifest. `verify` checks it against the manifest.
 */
export interface RunStatement {
  schema: 'run-statement/v1';
  runId: string;
  manifest: PinnedObject;
  summary: PinnedObject;
  signedAt: string;
}

/** Signed after a run's reports are stored: each one pinned by version and sha256. */
export interface ReportsRecord {
  schema: 'run-reports/v1';
  runId: string;
  manifest: { key: string; sha256: string };
  reports: { key: string; versionId: string; sha256: string; size: number; signature: { key: string; versionId: string; sha256: string } }[];
  writtenAt: string;
}

export async function readChainHead(store: EvidenceStore): Promise<{ head: ChainHead; token: string } | null> {
  const got = await store.readGuarded(keys.chainHead);
  if (!got) return null;
  let head: ChainHead;
  try {
    head = JSON.parse(Buffer.from(got.bytes).toString('utf8')) as ChainHead;
  } catch (err) {
    throw new Error(`${keys.chainHead} in ${store.url} is not valid JSON`, { cause: err });
  }
  if (head.schema !== 'chain-head/v1' || typeof head.runId !== 'string') throw new Error(`${keys.chainHead} in ${store.url} is not a chain head record`);
  return { head, token: got.token };
}

/** The link to a run's manifest (latest version) when it exists and, if given, has that sha256. */
export async function manifestLink(store: EvidenceStore, runId: string, sha256?: string): Promise<ManifestLink | null> {
  const key = keys.manifest(runId);
  const info = await store.head(key);
  if (!info) return null;
  const loaded = await readManifest(store, runId, info.versionId);
  if (sha256 && loaded.sha256 !== sha256) return null;
  return { runId, key, versionId: loaded.versionId, sha256: loaded.sha256 };
}

export interface ChainTip {
  /** The newest manifest on the chain, or null when the store has none. */
  tip: ManifestLink | null;
  /** A claim whose manifest is not in the store: its holder is still writing it, or was killed. */
  pending: ChainHead | null;
  /** The head names a manifest that is in the store with other bytes than it recorded (edited). */
  altered: ChainHead | null;
}

/**
 * The end of the chain. With a head record: the manifest it claims, or (not written) the one that
 * claim links to. Stores written before the head record existed: the newest whole run by id.
 */
export async function chainTip(store: EvidenceStore): Promise<ChainTip> {
  const got = await readChainHead(store);
  if (!got) {
    const id = (await listWholeRunIds(store)).at(-1);
    return { tip: id ? await manifestLink(store, id) : null, pending: null, altered: null };
  }
  const own = await manifestLink(store, got.head.runId, got.head.manifest.sha256);
  if (own) return { tip: own, pending: null, altered: null };
  // A manifest under the claimed run's key that the head does not know: the chain ends there
  // still, so verification reads it (and names the edit) instead of passing over it.
  const stored = await manifestLink(store, got.head.runId);
  if (stored) return { tip: stored, pending: null, altered: got.head };
  return { tip: got.head.previous, pending: got.head, altered: null };
}

/** Whole runs in chain order (oldest first), following each manifest's recorded previous manifest from the tip. */
export async function chainRunIds(store: EvidenceStore): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  let link = (await chainTip(store)).tip;
  while (link && !seen.has(link.runId)) {
    seen.add(link.runId);
    out.push(link.runId);
    try {
      link = (await readManifest(store, link.runId, link.versionId)).manifest.previousManifest ?? null;
    } catch {
      break; // verify names an unreadable link; a listing stops there
    }
  }
  return out.reverse();
}

export function encodeJson(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value, null, 2) + '\n');
}

/** Run ids sort by time: 20261129T024244Z-1a2b3c. */
export function makeRunId(now: Date, random: string): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}-${random}`;
}

/** Runs that have a manifest (so finished), oldest first. */
export async function listRunIds(store: EvidenceStore): Promise<string[]> {
  const ids: string[] = [];
  for (const k of await store.list('runs/')) {
    const m = MANIFEST_KEY_RE.exec(k);
    if (m) ids.push(m[1]!);
  }
  return ids.sort();
}

/**
 * Finished whole-organization runs, oldest first: shard runs (`-s<i>of<n>` ids) left out. The
 * hash chain links these; each shard chains to the whole run before it, and the merged run names
 * its shards instead, so shards running in parallel never contend for a place in the chain.
 */
export async function listWholeRunIds(store: EvidenceStore): Promise<string[]> {
  return (await listRunIds(store)).filter((id) => shardOfRunId(id) === null);
}

/** What verify needs of a loaded manifest to check a statement against it. */
export type LoadedManifestRef = Pick<LoadedManifest, 'manifest' | 'versionId' | 'sha256'>;

export interface LoadedManifest {
  manifest: Manifest;
  bytes: Uint8Array;
  versionId: string;
  sha256: string;
}

export async function readManifest(store: EvidenceStore, runId: string, versionId?: string): Promise<LoadedManifest> {
  const key = keys.manifest(runId);
  const head = versionId ? { versionId } : await store.head(key);
  if (!head) throw new Error(`run ${runId} has no manifest in ${store.url}`);
  const bytes = await store.get(key, head.versionId);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(Buffer.from(bytes).toString('utf8')) as Manifest;
  } catch (err) {
    throw new Error(`${key} in ${store.url} is not valid JSON`, { cause: err });
  }
  return { manifest, bytes, versionId: head.versionId, sha256: sha256Hex(bytes) };
}

/**
 * Resolves "latest", "previous" (whole-organization runs, not shards) or an id to a run id with a
 * manifest. Latest and previous follow the chain (the order runs finished), not run ids.
 */
export async function resolveRunId(store: EvidenceStore, name: string): Promise<string> {
  // The chain head and one manifest name both runs: listing every run (thousands of keys after a
  // year of nightly runs) is only needed to say how many there are when there is none to name.
  if (name === 'latest' || name === 'previous') {
    const { tip } = await chainTip(store);
    let id = tip?.runId;
    if (id && name === 'previous') id = (await readManifest(store, id, tip!.versionId)).manifest.previousManifest?.runId;
    if (!id) throw new Error(`no ${name} run in ${store.url} (${(await listRunIds(store)).length} run(s) with a manifest)`);
    return id;
  }
  // One path segment, as run ids are; anything else could name a key outside runs/<id>/.
  const found = /^[^/\\]+$/.test(name) && name !== '.' && name !== '..' && (await store.head(keys.manifest(name)));
  if (!found) throw new Error(`run ${name} has no manifest in ${store.url}`);
  return name;
}

/** What a stopped run leaves instead of a manifest: what it had stored, and where it stopped. */
export interface InterruptedRecord {
  schema: 'run-interrupted/v1';
  runId: string;
  startedAt: string;
  interruptedAt: string;
  /** The step the run had reached: identity, collect, evaluate, manifest. */
  phase: string;
  reason: string;
  tool: { name: string; version: string };
  configDigest: string;
  scope: { accounts: string[]; regions: string[]; identity?: string } | null;
  /** Objects the run stored before it stopped (named by no manifest: `verify --orphans` lists them). */
  objects: { key: string; versionId: string; sha256: string; size: number }[];
  signer: { algorithm: string; keyId: string; publicKey: string };
}

export type ListedRunStatus = 'complete' | 'partial' | 'failed' | 'interrupted' | 'incomplete';

export interface RunListing {
  runId: string;
  startedAt: string;
  finishedAt: string | null;
  status: ListedRunStatus;
  scope: { accounts: string[]; regions: string[] } | null;
  frameworks: string[];
  signer: { algorithm: string; keyId: string } | null;
  objects: number | null;
  /** The stored record the row comes from (manifest, interrupted record, or the run's first key). */
  record: string;
  /** 1-based place on the hash chain (the order runs finished); null for shards and runs off it. */
  chain: number | null;
  problem?: string;
}

/** The time a run id encodes (20261129T024244Z-1a2b3c → 2026-11-29T02:42:44Z). */
export function runIdTime(runId: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(runId);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : '';
}

/**
 * Every run the store knows of, oldest first: finished runs (manifest), runs stopped by a signal
 * (interrupted record), and runs killed before either (only some of their objects remain).
 */
export async function listRuns(store: EvidenceStore): Promise<RunListing[]> {
  const byRun = new Map<string, string[]>();
  for (const k of await store.list('runs/')) {
    const m = RUN_KEY_RE.exec(k);
    if (!m) continue;
    const list = byRun.get(m[1]!) ?? [];
    list.push(k);
    byRun.set(m[1]!, list);
  }
  const chain = new Map((await chainRunIds(store)).map((id, i) => [id, i + 1]));
  const out: RunListing[] = [];
  for (const runId of [...byRun.keys()].sort()) {
    const present = new Set(byRun.get(runId));
    const base = { runId, startedAt: runIdTime(runId), finishedAt: null, scope: null, frameworks: [], signer: null, objects: null, chain: null };
    if (present.has(keys.manifest(runId))) {
      try {
        const { manifest: m } = await readManifest(store, runId);
        out.push({
          runId,
          startedAt: m.startedAt,
          finishedAt: m.finishedAt,
          status: m.status,
          scope: { accounts: m.scope.accounts, regions: m.scope.regions },
          frameworks: m.frameworks.map((f) => f.id),
          signer: { algorithm: m.signer.algorithm, keyId: m.signer.keyId },
          objects: m.objects.length,
          record: keys.manifest(runId),
          chain: chain.get(runId) ?? null,
        });
      } catch (err) {
        out.push({ ...base, status: 'incomplete', record: keys.manifest(runId), problem: (err as Error).message });
      }
    } else if (present.has(keys.interrupted(runId))) {
      try {
        const r = JSON.parse(Buffer.from(await store.get(keys.interrupted(runId))).toString('utf8')) as InterruptedRecord;
        out.push({
          runId,
          startedAt: r.startedAt,
          finishedAt: r.interruptedAt,
          status: 'interrupted',
          scope: r.scope ? { accounts: r.scope.accounts, regions: r.scope.regions } : null,
          frameworks: [],
          signer: { algorithm: r.signer.algorithm, keyId: r.signer.keyId },
          objects: r.objects.length,
          record: keys.interrupted(runId),
          chain: null,
          problem: `stopped during ${r.phase}: ${r.reason}`,
        });
      } catch (err) {
        out.push({ ...base, status: 'interrupted', record: keys.interrupted(runId), problem: (err as Error).message });
      }
    } else {
      out.push({ ...base, status: 'incomplete', record: [...present].sort()[0]!, problem: 'no manifest and no interrupted record: the process was killed' });
    }
  }
  return out;
}
