// The calendar month a review pack covers, in UTC: "2026-11" → [2026-11-01T00:00Z, 2026-12-01T00:00Z).
import { runIdTime } from '../store/index.ts';
import { EvidenceError } from '../domain/index.ts';

export interface PackMonth {
  /** YYYY-MM */
  id: string;
  /** First instant of the month (inclusive), UTC. */
  start: Date;
  /** First instant of the next month (exclusive), UTC. */
  end: Date;
  /** "November 2026" */
  label: string;
}

export class PackInputError extends EvidenceError {
  override readonly name = 'PackInputError';
}

const MONTH_RE = /^(\d{4})-(\d{2})$/;

export function monthOf(year: number, monthIndex: number): PackMonth {
  const start = new Date(Date.UTC(year, monthIndex, 1));
  const end = new Date(Date.UTC(year, monthIndex + 1, 1));
  const id = `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
  const label = start.toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return { id, start, end, label };
}

/** Parses --month (YYYY-MM); without it, the calendar month before `now` (UTC). */
export function parseMonth(value: string | undefined, now = new Date()): PackMonth {
  if (value === undefined) return monthOf(now.getUTCFullYear(), now.getUTCMonth() - 1);
  const m = MONTH_RE.exec(value.trim());
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) throw new PackInputError(`--month must be a calendar month as YYYY-MM (e.g. 2026-11), got ${JSON.stringify(value)}`);
  return monthOf(Number(m[1]), month - 1);
}

/** True when the run started within the month (run ids encode their start time, UTC). */
export function runInMonth(runId: string, month: PackMonth): boolean {
  const t = Date.parse(runIdTime(runId));
  return Number.isFinite(t) && t >= month.start.getTime() && t < month.end.getTime();
}

/** YYYY-MM-DD of an ISO time or run id (UTC). */
export function dayOf(isoOrRunId: string): string {
  const iso = /^\d{8}T/.test(isoOrRunId) ? runIdTime(isoOrRunId) : isoOrRunId;
  return iso.slice(0, 10);
}
