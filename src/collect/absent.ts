// Some "not found" answers are the evidence itself: no password policy, no bucket policy,
// Security Hub not enabled. Collectors pass those error codes to the runner as expected (so
// they are not counted as failures) and record the absence as null.
import { CollectCallError } from './calls.ts';

export async function orAbsent<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof CollectCallError && err.outcome === 'not_found') return null;
    throw err;
  }
}

/** A Date from the SDK as the ISO text datasets hold (datasets are JSON). */
export function isoTime(d: Date | string | undefined): string | undefined {
  if (d === undefined) return undefined;
  return (d instanceof Date ? d : new Date(d)).toISOString();
}

/** Copies the listed fields that are set, in the listed order (no undefined members in evidence). */
export function pick<T extends object, K extends keyof T>(from: T | undefined, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (from?.[k] !== undefined) out[k] = from[k];
  return out;
}
