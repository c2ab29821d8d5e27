// Store layout (keys) and the run manifest: the signed, hash-chained list of everything a run stored.
import type { EvidenceStore } from './store.ts';
import { sha256Hex } from './store.ts';
import type { ControlStatus } from '../model.ts';
import type { RunStatus } from '../run/results.ts';

export const keys = {
  datasetEvidence: (account: string, region: string, dataset: string) => `evidence/${account}/${region}/${dataset}.json`,
  configRuleEvidence: (account: string, region: string, sourceIdentifier: string) => `evidence/${account}/${region}/config-rule/${sourceIdentifier}.json`,
  results: (runId: string) => `runs/${runId}/results.json`,
  manifest: (runId: string) => `runs/${runId}/manifest.json`,
  signature: (key: string) => `${key}.sig`,
  report: (runId: string, file: string) => `reports/${runId}/${file}`,
  publicKey: (keyId: string) => `keys/${keyId.replace(':', '-')}.pem`,
};

const MANIFEST_KEY_RE = /^runs\/([^/]+)\/manifest\.json$/;

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
  /** The previous complete manifest in this store (sha256 of its bytes): a hash chain. */
  previousManifest: { runId: string; key: string; versionId: string; sha256: string } | null;
  signer: { algorithm: string; keyId: string; publicKey: string };
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

/** Resolves "latest", "previous" or an id to a run id with a manifest. */
export async function resolveRunId(store: EvidenceStore, name: string): Promise<string> {
  const ids = await listRunIds(store);
  if (name === 'latest' || name === 'previous') {
    const id = ids.at(name === 'latest' ? -1 : -2);
    if (!id) throw new Error(`no ${name} run in ${store.url} (${ids.length} run(s) with a manifest)`);
    return id;
  }
  if (!ids.includes(name)) throw new Error(`run ${name} has no manifest in ${store.url}`);
  return name;
}
