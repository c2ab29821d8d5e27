// Exit codes a scheduler can act on.
export const EXIT = {
  /** The run is complete (or the command succeeded). */
  OK: 0,
  /** The run failed, or the command could not do its work (bad input, verification failed). */
  FAILED: 1,
  /** The run completed but some evidence could not be collected (controls read ERROR). */
  PARTIAL: 2,
} as const;

export const EXIT_HELP = `
Exit codes:
  0  complete
  2  complete with errors in coverage (some evidence could not be collected: ERROR)
  1  failed (bad input, no access, verification failed)`;

/** An error the CLI prints as one clear line (no stack), then exits 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
