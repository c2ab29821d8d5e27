// The sandbox's simulated time: day 0 is 2026-11-01 UTC, and every fact dated by day uses this.

/** Day 0 of simulated time. */
export const EPOCH = Date.UTC(2026, 10, 1);
/** One day of simulated time, in milliseconds. */
export const DAY_MS = 86_400_000;

/** The sandbox clock: "now" on day D is 06:00 UTC that day, after the nightly evaluations. */
export function simulatedNow(day: number): number {
  return EPOCH + day * DAY_MS + 6 * 3_600_000;
}

/** A time on a day, whole seconds: `share` of the day after midnight UTC. */
export function atDay(day: number, share: number): number {
  return EPOCH + day * DAY_MS + Math.floor(share * 86_400) * 1000;
}
