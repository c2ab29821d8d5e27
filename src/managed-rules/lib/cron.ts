// AWS cron expressions (EventBridge's six fields: minutes hours day-of-month month day-of-week
// year, in UTC), as AWS Backup schedules take them, reduced to the longest wait between two runs.
// Supported: * ? numbers, names (JAN-DEC, SUN-SAT), lists, ranges, steps, and L / W / # in the
// day fields. Anything else is not a cron expression AWS accepts: parseCron returns null.

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** Runs are enumerated over these years: whole leap cycles, so Feb 29 and month lengths all occur. */
const FIRST_YEAR = 2024;
const YEARS = 8;
const DAY_MINUTES = 1440;

type DayTest = (year: number, month: number, day: number) => boolean;

/** The values one ordinary field allows, or null when the field is not valid. */
function values(field: string, min: number, max: number, names: string[] = []): Set<number> | null {
  const out = new Set<number>();
  const num = (s: string): number | null => {
    const named = names.indexOf(s.toUpperCase());
    if (named >= 0) return named + min;
    if (!/^\d+$/.test(s)) return null;
    const n = Number(s);
    return n >= min && n <= max ? n : null;
  };
  for (const part of field.split(',')) {
    const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) return null;
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) return null;
    let lo = min;
    let hi = max;
    if (m[1] !== '*') {
      const [a, b] = m[1]!.split('-');
      const x = num(a!);
      const y = b === undefined ? (m[2] === undefined ? x : max) : num(b);
      if (x === null || y === null || y < x) return null;
      [lo, hi] = [x, y];
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** 1 (Sunday) to 7 (Saturday), as AWS cron numbers them. */
const weekday = (year: number, month: number, day: number): number => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;

/** The weekday (Mon-Fri) nearest a day of the month, staying within the month. */
function nearestWeekday(year: number, month: number, day: number): number {
  const w = weekday(year, month, day);
  if (w === 7) return day === 1 ? 3 : day - 1;
  if (w === 1) return day === daysIn(year, month) ? day - 2 : day + 1;
  return day;
}

function dayOfMonth(field: string): DayTest | null {
  if (field === '?' || field === '*') return () => true;
  if (field === 'L') return (y, m, d) => d === daysIn(y, m);
  if (field === 'LW') return (y, m, d) => d === nearestWeekday(y, m, daysIn(y, m));
  const w = /^(\d+)W$/.exec(field);
  if (w) {
    const n = Number(w[1]);
    if (n < 1 || n > 31) return null;
    return (y, m, d) => n <= daysIn(y, m) && d === nearestWeekday(y, m, n);
  }
  const set = values(field, 1, 31);
  return set && ((_y, _m, d) => set.has(d));
}

function dayOfWeek(field: string): DayTest | null {
  if (field === '?' || field === '*') return () => true;
  const last = /^([1-7]|[A-Za-z]{3})?L$/.exec(field);
  if (last) {
    const n = last[1] === undefined ? 7 : values(last[1], 1, 7, DAYS)?.values().next().value;
    if (n === undefined) return null;
    return (y, m, d) => weekday(y, m, d) === n && d + 7 > daysIn(y, m);
  }
  const nth = /^([1-7]|[A-Za-z]{3})#([1-5])$/.exec(field);
  if (nth) {
    const n = values(nth[1]!, 1, 7, DAYS)?.values().next().value;
    if (n === undefined) return null;
    const k = Number(nth[2]);
    return (y, m, d) => weekday(y, m, d) === n && Math.ceil(d / 7) === k;
  }
  const set = values(field, 1, 7, DAYS);
  return set && ((y, m, d) => set.has(weekday(y, m, d)));
}

export interface CronSchedule {
  /** Minutes of the day at which a run starts, ascending. */
  times: number[];
  runsOn: DayTest;
}

/** The schedule of `cron(...)` (or the six fields bare), or null when AWS would not accept it. */
export function parseCron(expression: string): CronSchedule | null {
  const inner = /^\s*cron\((.*)\)\s*$/.exec(expression)?.[1] ?? expression;
  const f = inner.trim().split(/\s+/);
  if (f.length !== 6) return null;
  const [min, hour, dom, month, dow, year] = f as [string, string, string, string, string, string];
  // One of the two day fields must be "any": AWS rejects both set (standard cron would OR them).
  const restricted = (x: string): boolean => x !== '?' && x !== '*';
  if (restricted(dom) && restricted(dow)) return null;
  const minutes = values(min, 0, 59);
  const hours = values(hour, 0, 23);
  const months = values(month, 1, 12, MONTHS);
  const years = year === '?' ? values('*', 1970, 2199) : values(year, 1970, 2199);
  const byDom = dayOfMonth(dom);
  const byDow = dayOfWeek(dow);
  if (!minutes || !hours || !months || !years || !byDom || !byDow) return null;
  const times = [...hours].flatMap((h) => [...minutes].map((m) => h * 60 + m)).sort((a, b) => a - b);
  return { times, runsOn: (y, m, d) => years.has(y) && months.has(m) && byDom(y, m, d) && byDow(y, m, d) };
}

/**
 * The longest wait, in minutes, between two consecutive runs over eight years from 2024, or
 * Infinity when the schedule runs on fewer than two days in that time.
 */
export function longestGapMinutes(s: CronSchedule): number {
  const first = s.times[0]!;
  const last = s.times[s.times.length - 1]!;
  let within = 0;
  for (let k = 1; k < s.times.length; k++) within = Math.max(within, s.times[k]! - s.times[k - 1]!);
  let gap = -Infinity;
  let previous: number | null = null;
  let days = 0;
  for (let index = 0, y = FIRST_YEAR; y < FIRST_YEAR + YEARS; y++) {
    for (let m = 1; m <= 12; m++) {
      for (let d = 1; d <= daysIn(y, m); d++, index++) {
        if (!s.runsOn(y, m, d)) continue;
        days += 1;
        if (previous !== null) gap = Math.max(gap, (index - previous) * DAY_MINUTES + first - last);
        previous = index;
      }
    }
  }
  return days < 2 ? Infinity : Math.max(gap, within);
}
