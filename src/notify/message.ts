// What a run's notification says, built from the run's results and its diff against the previous
// run (the same diff as `evidence diff`). Only control ids, titles, statuses, dates and counts:
// never resource ids, evidence, exception reasons or the names of approvers and attesters.
import type { Catalog } from '../catalog/index.ts';
import type { ControlStatus, RunResults, RunStatus } from '../domain/index.ts';
import { passRate } from '../domain/index.ts';
import type { RunDiff } from '../history/index.ts';
import type { NotifyFilter, NotifyTarget } from './schema.ts';

export const DETAIL_TYPES = { completed: 'Compliance Run Completed', regression: 'Compliance Regression' } as const;

export interface ControlLine {
  framework: string;
  control: string;
  title: string;
  from: ControlStatus | null;
  to: ControlStatus | null;
}

export interface FrameworkLine {
  id: string;
  name: string;
  /** Share of judged controls that pass (0..1), null when none was judged. */
  passRate: number | null;
  previousPassRate: number | null;
  /** passRate − previousPassRate, null without both. */
  change: number | null;
}

export interface ExpiringLine {
  framework: string;
  control: string;
  title: string;
  /** The exception's id; attestations have none. */
  exception?: string;
  kind: 'exception' | 'attestation';
  /** Last valid day (UTC, inclusive). */
  until: string;
  daysLeft: number;
}

export interface RunMessage {
  schema: 'run-notification/v1';
  /** EventBridge detail-type: a regression when any control regressed or lost coverage. */
  event: (typeof DETAIL_TYPES)[keyof typeof DETAIL_TYPES];
  runId: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string;
  store: string;
  /** The run compared with; null for the first run, or when the comparison failed (comparisonProblem says why). */
  previousRunId: string | null;
  comparisonProblem?: string;
  frameworks: FrameworkLine[];
  regressions: { total: number; controls: ControlLine[] };
  coverageLost: { total: number; controls: ControlLine[]; targets: number };
  fixes: number;
  /** Exceptions and attestations that lapsed since the previous run. */
  lapsed: { exceptions: number; attestations: number };
  expiring: { withinDays: number; items: ExpiringLine[] };
  /** The run's reports in the S3 console, when the store is S3. */
  link: string | null;
  /** A sample from `evidence notify test`: the figures are invented. */
  sample?: true;
}

export interface MessageInput {
  results: RunResults;
  diff: RunDiff | null;
  previousRunId: string | null;
  comparisonProblem?: string;
  catalog: Catalog;
  store: string;
  link: string | null;
  maxControls: number;
  expiringWithinDays: number;
}

const DAY = 86_400_000;
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

export function buildMessage(input: MessageInput): RunMessage {
  const { results, diff, catalog } = input;
  const title = (fw: string, control: string): string => catalog.byId.get(fw)?.controls.find((c) => c.id === control)?.title ?? '';
  const changes = diff?.frameworks.flatMap((f) => f.changes) ?? [];
  const line = (c: (typeof changes)[number]): ControlLine => ({ framework: c.framework, control: c.control, title: title(c.framework, c.control), from: c.from, to: c.to });
  const regressed = changes.filter((c) => c.kind === 'regression');
  const lost = changes.filter((c) => c.kind === 'coverage-loss');
  const before = new Map(diff?.frameworks.map((f) => [f.id, f.byStatusA]) ?? []);
  const frameworks = results.frameworks.map((f): FrameworkLine => {
    const now = passRate(f.byStatus);
    const prevCounts = before.get(f.id);
    const prev = prevCounts ? passRate(prevCounts) : null;
    return { id: f.id, name: f.name, passRate: now, previousPassRate: prev, change: now !== null && prev !== null ? now - prev : null };
  });
  const day = results.startedAt.slice(0, 10);
  const expiring = new Map<string, ExpiringLine>();
  for (const f of results.frameworks) {
    for (const c of f.controls) {
      for (const e of c.exceptions ?? []) {
        const left = daysBetween(day, e.expires);
        if (e.state === 'active' && left >= 0 && left <= input.expiringWithinDays) {
          expiring.set(`${f.id}/${c.id}/e/${e.id}`, { framework: f.id, control: c.id, title: title(f.id, c.id), exception: e.id, kind: 'exception', until: e.expires, daysLeft: left });
        }
      }
      for (const a of c.attestations ?? []) {
        const left = daysBetween(day, a.validUntil);
        if (a.state === 'valid' && left >= 0 && left <= input.expiringWithinDays) {
          expiring.set(`${f.id}/${c.id}/a/${a.validUntil}`, { framework: f.id, control: c.id, title: title(f.id, c.id), kind: 'attestation', until: a.validUntil, daysLeft: left });
        }
      }
    }
  }
  const items = [...expiring.values()].sort((x, y) => x.daysLeft - y.daysLeft || x.framework.localeCompare(y.framework) || x.control.localeCompare(y.control, 'en', { numeric: true }));
  const totals = diff?.totals;
  return {
    schema: 'run-notification/v1',
    event: regressed.length + lost.length > 0 ? DETAIL_TYPES.regression : DETAIL_TYPES.completed,
    runId: results.runId,
    status: results.status,
    startedAt: results.startedAt,
    finishedAt: results.finishedAt,
    store: input.store,
    previousRunId: diff ? input.previousRunId : null,
    ...(input.comparisonProblem ? { comparisonProblem: input.comparisonProblem } : {}),
    frameworks,
    regressions: { total: regressed.length, controls: regressed.slice(0, input.maxControls).map(line) },
    coverageLost: { total: lost.length, controls: lost.slice(0, input.maxControls).map(line), targets: totals?.targetsCoverageLost ?? 0 },
    fixes: totals?.fixes ?? 0,
    lapsed: { exceptions: totals?.expiredExceptions ?? 0, attestations: totals?.expiredAttestations ?? 0 },
    expiring: { withinDays: input.expiringWithinDays, items },
    link: input.link,
  };
}

function matchesOne(f: NotifyFilter, m: RunMessage): boolean {
  if (f === 'always') return true;
  if (f === 'regression') return m.regressions.total + m.coverageLost.total > 0;
  if (f === 'partial-or-failed') return m.status !== 'complete';
  return m.expiring.items.some((i) => i.daysLeft <= f.expiringWithinDays);
}

/** Whether the target's filter (any of a list) matches the message; null when it does, else why not. */
export function filterMiss(target: NotifyTarget, m: RunMessage): string | null {
  const filters = Array.isArray(target.filter) ? target.filter : [target.filter];
  if (filters.some((f) => matchesOne(f, m))) return null;
  return `filter ${filters.map((f) => (typeof f === 'string' ? f : `expiringWithinDays ${f.expiringWithinDays}`)).join(' | ')} did not match`;
}

/** The widest expiring window a target asks for, so its message lists what its filter matched on. */
export function expiringWindow(target: NotifyTarget, fallback: number): number {
  const filters = Array.isArray(target.filter) ? target.filter : [target.filter];
  return Math.max(fallback, ...filters.map((f) => (typeof f === 'string' ? 0 : f.expiringWithinDays)));
}

/** The console host of the region's partition; null where it has no public console (ISO regions). */
function consoleHost(region: string): string | null {
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  if (region.startsWith('cn-')) return 'console.amazonaws.cn';
  if (/^[a-z]{2}-iso/.test(region)) return null;
  return `${region}.console.aws.amazon.com`;
}

/** The S3 console page of a run's reports, for an s3:// store; null for any other store. */
export function consoleLink(storeUrl: string, runId: string, region: string): string | null {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(storeUrl);
  const host = consoleHost(region);
  if (!m || !host) return null;
  const prefix = m[2]!.replace(/\/+$/, '');
  const key = `${prefix ? `${prefix}/` : ''}reports/${runId}/`;
  return `https://${host}/s3/buckets/${encodeURIComponent(m[1]!)}?region=${region}&prefix=${encodeURIComponent(key)}`;
}
