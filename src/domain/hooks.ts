// Pause points a caller can inject into a run, so tests can stop or kill it at a known phase.
// Production callers pass none; nothing here is read from the environment.

/** Phases a run announces, in order: finalize, manifest, head, reports, reports-written. */
export type RunPhase = 'finalize' | 'manifest' | 'head' | 'reports' | 'reports-written';

export interface RunHooks {
  /**
   * Called as the run reaches a phase; the run waits for the promise. The signal is the run's
   * own (SIGTERM), so a hook that waits can stop waiting when the run is asked to stop.
   *   finalize         collection and evaluation done, before results.json
   *   manifest         results and the manifest's signature stored, before the chain head is claimed
   *   head             chain head claimed, before the manifest itself is written
   *   reports          manifest written, before the reports
   *   reports-written  reports written, before the signed record naming them
   */
  phase?(name: RunPhase, signal?: AbortSignal): Promise<void>;
  /** Called before the store's nth write (1-based) of this process, before the write starts. */
  beforeWrite?(n: number): Promise<void>;
  /**
   * How long a claim on the chain head may stay without its manifest before another run treats
   * its holder as dead and links past it (default 60 s).
   */
  claimStaleMs?: number;
}
