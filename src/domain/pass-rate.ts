import type { ControlStatus } from './model.ts';

/**
 * Share of the controls judged from evidence that passed: PASS over PASS, FAIL, EXCEPTION,
 * NO_EVIDENCE and ERROR. Manual and attested controls are left out; missing evidence and failed
 * collection count against the rate, never for it. Null when no control is judged from evidence.
 * Reports, trend and packs all use this one definition.
 */
export function passRate(s: Record<ControlStatus, number>): number | null {
  const denominator = s.PASS + s.FAIL + s.EXCEPTION + s.NO_EVIDENCE + s.ERROR;
  return denominator === 0 ? null : s.PASS / denominator;
}

/** The pass rate in words, as the reports print it beside the figure. */
export const PASS_RATE_DEFINITION =
  'PASS divided by the controls judged from evidence (PASS, FAIL, EXCEPTION, NO_EVIDENCE, ERROR). Manual and attested controls are not part of the rate; missing evidence and failed collection count against it, never for it.';
