// What the pack's summary says, computed from the month's verified runs: the trend per framework
// and day (from the signed manifests' control counts), the controls that changed between the
// month's first and last complete run, open exceptions and their expiry, and coverage gaps.
// A plain data model: pack-summary-pdf.ts lays it out, pack.json carries it for machines.
import { CONTROL_STATUSES, type ControlStatus } from '../domain/index.ts';
import type { RunResults } from '../domain/index.ts';
import { runIdTime } from '../store/index.ts';
import { passRate } from '../domain/index.ts';
import { CONTROL_CHANGE_KINDS, type ControlChange, type ControlChangeKind, type ExpiredException, type RunDiff } from './types.ts';
import { dayOf, type PackMonth } from './pack-month.ts';
import type { ExcludedRun, IncludedRun } from './pack-runs.ts';

export interface TrendDay {
  day: string;
  /** The run that counts for the day, as `evidence trend` picks it: the day's last complete run, else its last partial one. */
  runId: string;
  partial: boolean;
  byStatus: Record<ControlStatus, number>;
  /** As in `evidence trend`: PASS / (PASS + FAIL + EXCEPTION + NO_EVIDENCE + ERROR). */
  passRate: number | null;
}

export interface FrameworkSummary {
  id: string;
  name: string;
  trend: TrendDay[];
  /** Null when the month has a single complete run (nothing to compare). */
  changes: {
    fromRunId: string;
    toRunId: string;
    /** As `evidence diff` reads them (regressions first), with the catalog's titles. */
    controls: (ControlChange & { title: string })[];
    counts: Record<ControlChangeKind, number>;
    /** Resources of this framework's checks (src/history/diff.ts). */
    becameNonCompliant: number;
    becameCompliant: number;
    /** The same per check, for the checks with a resource change. */
    checks: { check: string; becameNonCompliant: number; becameCompliant: number }[];
    expiredExceptions: ExpiredException[];
  } | null;
  /** Controls reading ERROR or NO_EVIDENCE in the last complete run. */
  gaps: { control: string; title: string; status: 'ERROR' | 'NO_EVIDENCE'; reason: string }[];
}

export interface ExceptionSummary {
  id: string;
  framework: string;
  control: string;
  approver: string;
  reason: string;
  expires: string;
  state: 'active' | 'expired';
  /** Days from the end of the month to the expiry (negative: already expired). */
  daysLeft: number;
  /** Active in the month's first complete run, expired by its last. */
  expiredDuringMonth: boolean;
}

export interface RunRow {
  runId: string;
  startedAt: string;
  status: string;
  included: boolean;
  reason?: string;
  collections?: number;
  failedCollections?: number;
  rulesNotDeployed?: number;
}

export interface PackSummary {
  month: { id: string; label: string; start: string; end: string };
  generatedAt: string;
  organization: string | null;
  store: string;
  firstCompleteRunId: string;
  lastCompleteRunId: string;
  runs: RunRow[];
  frameworks: FrameworkSummary[];
  exceptions: ExceptionSummary[];
  coverage: {
    /** Collections that failed in the month's partial or failed runs (their controls read ERROR). */
    failedCollections: { runId: string; account: string; region: string; collector: string; reason: string }[];
    /** Config rules not deployed where the last complete run looked (their checks read NO_EVIDENCE). */
    rulesNotDeployed: { account: string; region: string; sourceIdentifier: string }[];
  };
  /** Problems found before the month while following the chain back to the first run. */
  earlierProblems: string[];
  verification: { keySource: 'pinned' | 'store'; keyFingerprints: string[]; objectsVerified: number };
}

const EMPTY = (): Record<ControlStatus, number> => Object.fromEntries(CONTROL_STATUSES.map((s) => [s, 0])) as Record<ControlStatus, number>;

export interface SummaryInput {
  month: PackMonth;
  included: IncludedRun[];
  excluded: ExcludedRun[];
  /** Results of the month's first and last complete runs (the same object when there is one). */
  first: RunResults;
  last: RunResults;
  /** `evidence diff` of the first and last complete runs; null when they are the same run. */
  diff: RunDiff | null;
  /** Results of the month's included runs that failed some collections (partial or failed). */
  degraded: RunResults[];
  /** Control titles per framework (from the catalog); the id stands in when a title is unknown. */
  titles: (framework: string, control: string) => string | undefined;
  organization: string | null;
  store: string;
  generatedAt: Date;
  verification: PackSummary['verification'];
  earlierProblems: string[];
}

export function buildSummary(input: SummaryInput): PackSummary {
  const { first, last, month } = input;
  const daysLeft = (expires: string): number => Math.round((Date.parse(`${expires}T00:00:00Z`) + 86_400_000 - month.end.getTime()) / 86_400_000);

  const frameworks: FrameworkSummary[] = last.frameworks.map((fw) => {
    // The day's run as `evidence trend` counts it: its last complete run, else its last partial one.
    const byDay = new Map<string, TrendDay>();
    for (const run of input.included) {
      const counts = run.manifest.frameworks.find((f) => f.id === fw.id)?.controls;
      if (!counts || run.status === 'failed') continue;
      const day = dayOf(run.runId);
      const partial = run.status !== 'complete';
      if (partial && byDay.get(day)?.partial === false) continue;
      const byStatus = { ...EMPTY(), ...counts };
      byDay.set(day, { day, runId: run.runId, partial, byStatus, passRate: passRate(byStatus) }); // oldest first: the later run wins
    }
    const title = (id: string): string => input.titles(fw.id, id) ?? id;
    const fd = input.diff?.frameworks.find((f) => f.id === fw.id);
    let changes: FrameworkSummary['changes'] = null;
    if (input.diff && fd) {
      const mine = input.diff.checks.filter((c) => c.controls.some((u) => u.framework === fw.id));
      changes = {
        fromRunId: input.diff.a.runId,
        toRunId: input.diff.b.runId,
        controls: fd.changes.map((c) => ({ ...c, title: title(c.control) })),
        counts: { ...Object.fromEntries(CONTROL_CHANGE_KINDS.map((k) => [k, 0])), ...fd.counts } as Record<ControlChangeKind, number>,
        becameNonCompliant: mine.reduce((n, c) => n + c.becameNonCompliant, 0),
        becameCompliant: mine.reduce((n, c) => n + c.becameCompliant, 0),
        checks: mine.filter((c) => c.becameNonCompliant + c.becameCompliant > 0).map((c) => ({ check: c.check, becameNonCompliant: c.becameNonCompliant, becameCompliant: c.becameCompliant })),
        expiredExceptions: fd.expiredExceptions,
      };
    }
    const gaps = fw.controls
      .filter((c): c is typeof c & { status: 'ERROR' | 'NO_EVIDENCE' } => c.status === 'ERROR' || c.status === 'NO_EVIDENCE')
      .map((c) => ({ control: c.id, title: title(c.id), status: c.status, reason: c.reason }));
    return { id: fw.id, name: fw.name, trend: [...byDay.values()], changes, gaps };
  });

  const activeAtStart = new Set(first.frameworks.flatMap((fw) => fw.controls.flatMap((c) => (c.exceptions ?? []).filter((e) => e.state === 'active').map((e) => `${fw.id}\u0000${c.id}\u0000${e.id}`))));
  const exceptions: ExceptionSummary[] = [];
  for (const fw of last.frameworks) {
    for (const c of fw.controls) {
      for (const e of c.exceptions ?? []) {
        exceptions.push({
          id: e.id,
          framework: fw.id,
          control: c.id,
          approver: e.approver,
          reason: e.reason,
          expires: e.expires,
          state: e.state,
          daysLeft: daysLeft(e.expires),
          expiredDuringMonth: e.state === 'expired' && activeAtStart.has(`${fw.id}\u0000${c.id}\u0000${e.id}`),
        });
      }
    }
  }
  exceptions.sort((a, b) => a.expires.localeCompare(b.expires) || a.id.localeCompare(b.id) || a.framework.localeCompare(b.framework));

  const runs: RunRow[] = [
    ...input.included.map((r) => ({
      runId: r.runId,
      startedAt: r.manifest.startedAt,
      status: r.status,
      included: true,
      collections: r.manifest.coverage.collections,
      failedCollections: r.manifest.coverage.failedCollections,
      rulesNotDeployed: r.manifest.coverage.rulesNotDeployed,
    })),
    ...input.excluded.map((r) => ({ runId: r.runId, startedAt: runIdTime(r.runId), status: r.status, included: false, reason: r.reason })),
  ].sort((a, b) => a.runId.localeCompare(b.runId));

  return {
    month: { id: month.id, label: month.label, start: month.start.toISOString(), end: month.end.toISOString() },
    generatedAt: input.generatedAt.toISOString(),
    organization: input.organization,
    store: input.store,
    firstCompleteRunId: first.runId,
    lastCompleteRunId: last.runId,
    runs,
    frameworks,
    exceptions,
    coverage: {
      failedCollections: input.degraded.flatMap((r) =>
        r.coverage.collections.filter((c) => c.status === 'failed').map((c) => ({ runId: r.runId, account: c.account, region: c.region, collector: c.collector, reason: c.reason ?? '' })),
      ),
      rulesNotDeployed: last.coverage.rulesNotDeployed,
    },
    earlierProblems: input.earlierProblems,
    verification: input.verification,
  };
}
