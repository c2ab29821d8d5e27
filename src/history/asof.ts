// As-of: the run an auditor's "as of <date>" report is built from: the last complete run that
// had finished at or before that instant and whose manifest signature verifies (and whose
// results file matches the sha256 the manifest pins). Newer candidates passed over are named.
import type { EvidenceStore } from '../store/index.ts';
import { listWholeRunIds, runIdTime } from '../store/index.ts';
import { HistorySourceError, KeyRing, readTrustedResults, verifiedManifest } from './load.ts';
import type { AsOfChoice } from './types.ts';
import { EvidenceError } from '../domain/index.ts';

/** No run qualifies. */
export class AsOfError extends EvidenceError {
  override readonly name = 'AsOfError';
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** "2026-10-31" means the end of that day (UTC); a full ISO time must carry Z or an offset. */
export function parseAsOf(value: string): Date {
  const v = value.trim();
  const d = DATE_RE.exec(v);
  if (d) {
    const start = new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])));
    if (start.toISOString().slice(0, 10) !== v) throw new AsOfError(`--as-of ${JSON.stringify(value)} is not a calendar date`);
    return new Date(start.getTime() + 86_400_000 - 1);
  }
  if (TIME_RE.test(v)) {
    const t = new Date(v);
    if (!Number.isNaN(t.getTime())) return t;
  }
  throw new AsOfError(`--as-of must be a date YYYY-MM-DD (end of that day, UTC) or an ISO time with a zone like 2026-10-31T18:00:00Z, got ${JSON.stringify(value)}`);
}

export async function runAsOf(store: EvidenceStore, asOf: Date, opts: { publicKeyPem?: string } = {}): Promise<AsOfChoice> {
  const at = asOf.getTime();
  const ring = new KeyRing(store, opts.publicKeyPem);
  const passedOver: AsOfChoice['passedOver'] = [];
  // Run ids encode the start time; a run that started after asOf cannot have finished before it.
  // A shard covers part of the organization: only whole (or merged) runs answer "as of".
  const candidates = (await listWholeRunIds(store)).filter((id) => Date.parse(runIdTime(id)) <= at).reverse();
  for (const id of candidates) {
    let trusted;
    try {
      trusted = await verifiedManifest(store, id, ring);
      await readTrustedResults(store, trusted.manifest);
    } catch (err) {
      if (!(err instanceof HistorySourceError)) throw err;
      passedOver.push({ runId: id, reason: `does not verify: ${err.message}` });
      continue;
    }
    const m = trusted.manifest;
    if (Date.parse(m.finishedAt) > at) {
      passedOver.push({ runId: id, reason: `finished at ${m.finishedAt}, after ${asOf.toISOString()}` });
      continue;
    }
    if (m.status !== 'complete') {
      passedOver.push({ runId: id, reason: `${m.status} run (${m.coverage.failedCollections} of ${m.coverage.collections} collections failed)` });
      continue;
    }
    return { runId: id, asOf: asOf.toISOString(), startedAt: m.startedAt, status: m.status, passedOver };
  }
  const why = passedOver.length ? `; passed over: ${passedOver.map((p) => `${p.runId} (${p.reason})`).join('; ')}` : '';
  throw new AsOfError(`no complete, verified run in ${store.url} finished at or before ${asOf.toISOString()} (${candidates.length} run(s) with a manifest started by then)${why}`);
}
