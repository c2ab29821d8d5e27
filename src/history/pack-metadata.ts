import type { ExcludedRun, IncludedRun } from './pack-runs.ts';
import type { PackSummary } from './pack-summary.ts';
import type { CarriedEvidence } from './pack-index.ts';

export const PACK_SCHEMA = 'review-pack/v1';

/** pack.json: what the pack holds, for machines (the verifier reads the signer and the runs from it). */
export interface PackMetadata {
  schema: typeof PACK_SCHEMA;
  month: string;
  createdAt: string;
  tool: { name: string; version: string };
  store: string;
  signer: { algorithm: string; keyId: string; publicKey: string; fingerprint: string };
  runs: { runId: string; status: string; manifestSha256: string }[];
  excluded: ExcludedRun[];
  /** The manifest the month's first included run chains to (outside the pack), when there is one. */
  chainAnchor: IncludedRun['manifest']['previousManifest'];
  reports: { runId: string; source: 'store' | 're-rendered'; note?: string; files: string[] };
  /** With `--with-evidence`: every object the month's manifests pin, as carried in the zip with its pinned digest. */
  evidence?: CarriedEvidence[];
  summary: PackSummary;
}

/** SHA256SUMS in `sha256sum`'s format (two spaces), sorted by name. */
export function renderSums(sums: Map<string, string>): Buffer {
  const names = [...sums.keys()].sort();
  return Buffer.from(names.map((n) => `${sums.get(n)}  ${n}\n`).join(''));
}
