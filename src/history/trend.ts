// Trend: per framework and day, controls by status and pass rate. It reads each run's signed
// summary (runs/<runId>/summary.json, a few kilobytes), never results or evidence, so a year of
// nightly runs answers in well under a second; a run written before summaries existed is read
// from its manifest instead (its object list makes that the slower path). The summary is trusted
// through the run's signed statement, or its signed manifest when it has none; a run that does
// not verify is left out and listed, never counted.
import { passRate } from '../domain/index.ts';
import pLimit from 'p-limit';
import type { EvidenceStore } from '../store/index.ts';
import { runIdTime } from '../store/index.ts';
import { shardOfRunId } from '../domain/index.ts';
import { CONTROL_STATUSES, type ControlStatus, type RunStatus } from '../domain/index.ts';
import { HistorySourceError, KeyRing, verifiedManifest } from './load.ts';
import { statedSummary, verifiedSummary } from './summary.ts';
import type { FrameworkTrend, SkippedRun, TrendPoint, TrendResult } from './types.ts';

export { trendSeriesOf as trendSeries } from './series.ts';

export interface TrendOptions {
  /** "90d" (the 90 days ending on `until`'s day) or a date YYYY-MM-DD (UTC); default 90d. */
  since?: string;
  /** Last instant included; default now. */
  until?: Date;
  framework?: string;
  publicKeyPem?: string;
  /**
   * Framework names by id, for frameworks whose runs recorded none (runs read from their
   * manifests); a function is called only then. Default: the built-in catalog's.
   */
  names?: Map<string, string> | (() => Promise<Map<string, string>>);
}

const DAY_MS = 86_400_000;

/** Parses --since: "Nd" or YYYY-MM-DD; returns the first day included (YYYY-MM-DD, UTC). */
export function parseSince(value: string, until: Date): string {
  const v = value.trim();
  const rel = /^(\d{1,5})d$/.exec(v);
  if (rel) {
    const n = Number(rel[1]);
    if (n < 1) throw new HistorySourceError(`--since ${JSON.stringify(value)}: the number of days must be at least 1`);
    const untilDay = Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate());
    return new Date(untilDay - (n - 1) * DAY_MS).toISOString().slice(0, 10);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (d.toISOString().slice(0, 10) === v) return v;
  }
  throw new HistorySourceError(`--since must be a number of days like 90d or a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

const RUN_RECORD = /^runs\/([^/]+)\/(manifest\.json|interrupted\.json|summary\.json|statement\.json)$/;

/** What trend uses of a verified run, from its summary or (older runs) its manifest. */
interface CountedRun {
  runId: string;
  startedAt: string;
  status: RunStatus;
  frameworks: { id: string; name?: string; version: string; byStatus: Record<ControlStatus, number> }[];
}

async function readRun(store: EvidenceStore, id: string, hasSummary: boolean, hasStatement: boolean, ring: KeyRing): Promise<CountedRun> {
  if (hasSummary) {
    // The statement (a few hundred bytes) when the run has one, else the whole manifest.
    const s = await (hasStatement ? statedSummary(store, id, ring) : verifiedSummary(store, id, ring));
    return { runId: id, startedAt: s.startedAt, status: s.status, frameworks: s.frameworks };
  }
  const { manifest: m } = await verifiedManifest(store, id, ring);
  return { runId: id, startedAt: m.startedAt, status: m.status, frameworks: m.frameworks.map((f) => ({ id: f.id, version: f.version, byStatus: f.controls })) };
}

function zeroStatuses(): Record<ControlStatus, number> {
  return Object.fromEntries(CONTROL_STATUSES.map((s) => [s, 0])) as Record<ControlStatus, number>;
}

async function frameworkNames(given: TrendOptions['names']): Promise<Map<string, string>> {
  if (typeof given === 'function') return given();
  if (given) return given;
  try {
    // the catalog (YAML, zod schemas, the checks) loads only for runs that recorded no names
    const { loadCatalog } = await import('../catalog/index.ts');
    return new Map((await loadCatalog()).frameworks.map((f) => [f.id, f.name]));
  } catch {
    return new Map(); // names are cosmetic: ids stand in
  }
}

export async function computeTrend(store: EvidenceStore, opts: TrendOptions): Promise<TrendResult> {
  const until = opts.until ?? new Date();
  if (Number.isNaN(until.getTime())) throw new HistorySourceError('trend: the end of the period is not a valid time');
  const since = parseSince(opts.since ?? '90d', until);
  const from = Date.parse(`${since}T00:00:00Z`);
  const to = until.getTime();

  // Run ids encode their start time: choose the period's runs before reading any manifest.
  const records = new Map<string, Set<string>>();
  for (const k of await store.list('runs/')) {
    const id = /^runs\/([^/]+)\//.exec(k)?.[1];
    // A shard covers part of the organization; its merged run is the day's data point.
    if (!id || shardOfRunId(id) !== null) continue;
    const t = Date.parse(runIdTime(id));
    if (!(t >= from && t <= to)) continue;
    const set = records.get(id) ?? new Set<string>();
    const rec = RUN_RECORD.exec(k);
    if (rec) set.add(rec[2]!);
    records.set(id, set);
  }
  const skipped: SkippedRun[] = [];
  const withManifest: { id: string; hasSummary: boolean; hasStatement: boolean }[] = [];
  for (const [id, set] of [...records].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const day = runIdTime(id).slice(0, 10);
    if (set.has('manifest.json')) withManifest.push({ id, hasSummary: set.has('summary.json'), hasStatement: set.has('statement.json') });
    else if (set.has('interrupted.json')) skipped.push({ runId: id, day, status: 'interrupted', reason: 'stopped before it finished (no manifest)' });
    else skipped.push({ runId: id, day, status: 'incomplete', reason: 'no manifest: the process was killed' });
  }

  const ring = new KeyRing(store, opts.publicKeyPem);
  const limit = pLimit(8);
  const loaded = await Promise.all(
    withManifest.map(({ id, hasSummary, hasStatement }) =>
      limit(async (): Promise<CountedRun | { id: string; error: string }> => {
        try {
          return await readRun(store, id, hasSummary, hasStatement, ring);
        } catch (err) {
          if (err instanceof HistorySourceError) return { id, error: err.message };
          throw err;
        }
      }),
    ),
  );

  // The run that counts for a day: the last complete one, else the last partial one.
  const byDay = new Map<string, CountedRun[]>();
  for (const l of loaded) {
    if ('error' in l) {
      skipped.push({ runId: l.id, day: runIdTime(l.id).slice(0, 10), status: 'unverified', reason: l.error });
      continue;
    }
    const day = l.startedAt.slice(0, 10);
    if (l.status === 'failed') {
      skipped.push({ runId: l.runId, day, status: 'failed', reason: 'every collection failed' });
      continue;
    }
    byDay.set(day, [...(byDay.get(day) ?? []), l]);
  }
  const counted: CountedRun[] = [];
  for (const day of [...byDay.keys()].sort()) {
    const runs = byDay.get(day)!.sort((x, y) => (x.runId < y.runId ? -1 : 1));
    const chosen = runs.filter((r) => r.status === 'complete').at(-1) ?? runs.at(-1)!;
    counted.push(chosen);
    for (const r of runs) {
      if (r !== chosen) skipped.push({ runId: r.runId, day, status: 'superseded', reason: `run ${chosen.runId} counts for ${day}` });
    }
  }

  // Names as the runs recorded them (the latest wins); the catalog is loaded (about 0.2 s of CPU)
  // only for a framework no run in the period named.
  const recorded = new Map<string, string>();
  for (const r of counted) for (const f of r.frameworks) if (typeof f.name === 'string' && f.name) recorded.set(f.id, f.name);
  const unnamed = counted.some((r) => r.frameworks.some((f) => !recorded.has(f.id) && (!opts.framework || f.id === opts.framework)));
  const names = unnamed ? await frameworkNames(opts.names) : recorded;
  const series = new Map<string, FrameworkTrend>();
  for (const r of counted) {
    for (const f of r.frameworks) {
      if (opts.framework && f.id !== opts.framework) continue;
      let ft = series.get(f.id);
      const name = recorded.get(f.id) ?? names.get(f.id) ?? f.id;
      if (!ft) series.set(f.id, (ft = { id: f.id, name, version: f.version, points: [] }));
      ft.version = f.version;
      const byStatus = { ...zeroStatuses(), ...f.byStatus };
      const point: TrendPoint = {
        day: r.startedAt.slice(0, 10),
        runId: r.runId,
        runStatus: r.status,
        partial: r.status !== 'complete',
        byStatus,
        total: CONTROL_STATUSES.reduce((n, s) => n + byStatus[s], 0),
        passRate: passRate(byStatus),
      };
      ft.points.push(point);
    }
  }
  if (opts.framework && !series.has(opts.framework) && counted.length > 0) {
    const seen = [...new Set(counted.flatMap((r) => r.frameworks.map((f) => f.id)))].sort();
    throw new HistorySourceError(`framework ${opts.framework} was not evaluated by any run from ${since}; the runs evaluated: ${seen.join(', ')}`);
  }
  return {
    schema: 'trend/v1',
    since,
    until: until.toISOString(),
    framework: opts.framework ?? null,
    frameworks: [...series.values()].sort((x, y) => (x.id < y.id ? -1 : 1)),
    runsRead: loaded.length,
    skipped: skipped.sort((x, y) => (x.runId < y.runId ? -1 : 1)),
  };
}
