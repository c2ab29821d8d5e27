// Which runs of a month go into its review pack. Every run that started in the month is looked at:
// a run with a manifest is verified (signature, chain back to the first run, every object it pins
// re-hashed) and included only when nothing is wrong; anything else is listed as excluded with
// the reason, never dropped silently.
import pLimit from 'p-limit';
import type { EvidenceStore } from '../store/index.ts';
import { NotFoundError, sha256OfVersion } from '../store/index.ts';
import { keys, listRuns, readManifest, runIdTime, type Manifest } from '../store/index.ts';
import { shardOfRunId } from '../domain/index.ts';
import { verifyStore, type Problem } from '../sign/index.ts';
import type { RunStatus } from '../domain/index.ts';
import { runInMonth, type PackMonth } from './pack-month.ts';

export interface IncludedRun {
  runId: string;
  status: RunStatus;
  manifest: Manifest;
  manifestBytes: Uint8Array;
  manifestSha256: string;
  /** The manifest's detached signature envelope, as stored. */
  signatureBytes: Uint8Array;
}

export interface ExcludedRun {
  runId: string;
  /** complete / partial / failed (a manifest that did not verify), interrupted, incomplete. */
  status: string;
  reason: string;
}

export interface MonthRuns {
  month: PackMonth;
  included: IncludedRun[];
  excluded: ExcludedRun[];
  /** Problems found in runs before the month while following the chain (they do not exclude the month's runs). */
  earlierProblems: Problem[];
  keySource: 'pinned' | 'store';
  keyFingerprints: string[];
  /** Stored versions re-hashed against the manifests (each distinct version once, besides the chain walks' own). */
  objectsVerified: number;
}

const describe = (problems: Problem[]): string => problems.map((p) => `${p.kind}: ${p.message}`).join('; ');

/**
 * Verifies every run of the month. verifyStore follows the chain from the run it is given back
 * to the first run, re-hashing the objects of that run only; the other runs' objects are
 * re-hashed here, each distinct version once (unchanged evidence is pinned by many runs).
 */
/**
 * The link the month's chain starts from: that of the included run whose previous manifest is
 * neither in the pack nor an excluded run of the month. Runs that overlapped finish out of id
 * order, so this need not be the first run by id.
 */
export function chainAnchorOf(runs: Pick<MonthRuns, 'included' | 'excluded'>): Manifest['previousManifest'] {
  const inMonth = new Set([...runs.included, ...runs.excluded].map((r) => r.runId));
  const first = runs.included.find((r) => !r.manifest.previousManifest || !inMonth.has(r.manifest.previousManifest.runId)) ?? runs.included[0];
  return first?.manifest.previousManifest ?? null;
}

export async function selectMonthRuns(store: EvidenceStore, month: PackMonth, opts: { publicKeyPem?: string; concurrency?: number } = {}): Promise<MonthRuns> {
  // Shard runs are parts of a merged run (whose manifest pins theirs); the pack holds whole runs.
  const listed = (await listRuns(store)).filter((r) => runInMonth(r.runId, month) && shardOfRunId(r.runId) === null);
  const excluded: ExcludedRun[] = [];
  const candidates = new Set<string>();
  for (const r of listed) {
    if (r.record === keys.manifest(r.runId) && r.status !== 'incomplete') candidates.add(r.runId);
    else excluded.push({ runId: r.runId, status: r.status, reason: r.problem ?? 'the run has no manifest' });
  }

  const problems = new Map<string, Problem[]>([...candidates].map((id) => [id, []]));
  const objectsChecked = new Set<string>();
  const earlierProblems: Problem[] = [];
  const fingerprints = new Set<string>();
  const pending = new Set(candidates);
  let hashedByChainWalk = 0;
  while (pending.size > 0) {
    const last = [...pending].sort().at(-1)!;
    const report = await verifyStore(store, last, opts.publicKeyPem ? { publicKeyPem: opts.publicKeyPem } : {});
    for (const f of report.keyFingerprints) fingerprints.add(f);
    objectsChecked.add(last);
    hashedByChainWalk += report.runs[0]?.objectsChecked ?? 0;
    for (const rv of report.runs) {
      if (problems.has(rv.runId)) {
        if (pending.delete(rv.runId)) problems.get(rv.runId)!.push(...rv.problems);
      } else if (Date.parse(runIdTime(rv.runId)) < month.start.getTime()) {
        earlierProblems.push(...rv.problems);
      }
    }
    // A run the chain walk did not reach (the walk stopped at a broken link) is taken next.
    pending.delete(last);
  }

  // The objects of the runs verifyStore did not re-hash.
  const manifests = new Map<string, Awaited<ReturnType<typeof readManifest>>>();
  const wanted = new Map<string, { key: string; versionId: string; sha256: string; runs: string[] }>();
  for (const runId of [...candidates].sort()) {
    if (problems.get(runId)!.length > 0) continue;
    const loaded = await readManifest(store, runId);
    manifests.set(runId, loaded);
    if (objectsChecked.has(runId)) continue;
    for (const o of loaded.manifest.objects) {
      const id = `${o.key}\u0000${o.versionId}`;
      const w = wanted.get(id) ?? { key: o.key, versionId: o.versionId, sha256: o.sha256, runs: [] };
      w.runs.push(runId);
      wanted.set(id, w);
    }
  }
  const limit = pLimit(opts.concurrency ?? 8);
  await Promise.all(
    [...wanted.values()].map((w) =>
      limit(async () => {
        let digest: string;
        try {
          digest = (await sha256OfVersion(store, w.key, w.versionId)).sha256;
        } catch (err) {
          if (!(err instanceof NotFoundError)) throw err;
          for (const r of w.runs) problems.get(r)!.push({ kind: 'deleted-version', key: w.key, message: `${w.key} version ${w.versionId} named by run ${r} is missing` });
          return;
        }
        for (const r of w.runs) {
          // Two manifests may pin the same version with different digests: each is judged by its own.
          const own = manifests.get(r)!.manifest.objects.find((o) => o.key === w.key && o.versionId === w.versionId)!;
          if (own.sha256 !== digest) problems.get(r)!.push({ kind: 'changed-object', key: w.key, message: `${w.key} version ${w.versionId} has sha256 ${digest}, manifest of run ${r} says ${own.sha256}` });
        }
      }),
    ),
  );

  const included: IncludedRun[] = [];
  for (const runId of [...candidates].sort()) {
    const found = problems.get(runId)!;
    const listing = listed.find((r) => r.runId === runId)!;
    if (found.length > 0) {
      excluded.push({ runId, status: listing.status, reason: `failed verification: ${describe(found)}` });
      continue;
    }
    const loaded = manifests.get(runId)!;
    included.push({
      runId,
      status: loaded.manifest.status,
      manifest: loaded.manifest,
      manifestBytes: loaded.bytes,
      manifestSha256: loaded.sha256,
      signatureBytes: await store.get(keys.signature(keys.manifest(runId))),
    });
  }
  excluded.sort((a, b) => a.runId.localeCompare(b.runId));
  return {
    month,
    included,
    excluded,
    earlierProblems,
    keySource: opts.publicKeyPem ? 'pinned' : 'store',
    keyFingerprints: [...fingerprints],
    objectsVerified: wanted.size + hashedByChainWalk,
  };
}
