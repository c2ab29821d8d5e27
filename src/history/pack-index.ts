// evidence-index.csv: every stored object the month's manifests pin, once per version, with the
// runs that pin it. An auditor picks a row and asks for that exact version from the store.
import type { IncludedRun } from './pack-runs.ts';

export const INDEX_HEADER = ['key', 'version_id', 'sha256', 'size', 'collected_at', 'run_ids'] as const;

/** RFC 4180 quoting; a cell a spreadsheet would read as a formula is prefixed with '. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface IndexRow {
  key: string;
  versionId: string;
  sha256: string;
  size: number;
  collectedAt: string;
  runIds: string[];
}

export function indexRows(runs: IncludedRun[]): IndexRow[] {
  const rows = new Map<string, IndexRow>();
  for (const run of runs) {
    for (const o of run.manifest.objects) {
      const id = `${o.key}\u0000${o.versionId}`;
      const row = rows.get(id);
      if (row) row.runIds.push(run.runId);
      else rows.set(id, { key: o.key, versionId: o.versionId, sha256: o.sha256, size: o.size, collectedAt: o.collectedAt, runIds: [run.runId] });
    }
  }
  return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key) || a.collectedAt.localeCompare(b.collectedAt) || a.versionId.localeCompare(b.versionId));
}

export function renderIndexCsv(rows: IndexRow[]): string {
  const lines = [INDEX_HEADER.join(',')];
  for (const r of rows) lines.push([r.key, r.versionId, r.sha256, r.size, r.collectedAt, r.runIds.join(' ')].map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** A raw evidence object carried in the pack (`pack --with-evidence`): where it is in the zip and what the manifests pin. */
export interface CarriedEvidence {
  file: string;
  key: string;
  versionId: string;
  sha256: string;
  size: number;
}

/**
 * The zip entry of each object of the index: evidence/<key>, and where a key has several versions
 * in the month, evidence/<key>.<version id> (characters outside [A-Za-z0-9._-] become _).
 */
export function carriedEvidence(rows: IndexRow[]): CarriedEvidence[] {
  const versions = new Map<string, number>();
  for (const r of rows) versions.set(r.key, (versions.get(r.key) ?? 0) + 1);
  return rows.map((r) => ({
    file: versions.get(r.key) === 1 ? `evidence/${r.key}` : `evidence/${r.key}.${r.versionId.replace(/[^A-Za-z0-9._-]/g, '_')}`,
    key: r.key,
    versionId: r.versionId,
    sha256: r.sha256,
    size: r.size,
  }));
}
