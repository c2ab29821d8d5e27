// A run that had to be killed (it did not stop within the grace period) leaves neither a manifest
// nor its own interrupted record. The scheduler writes that record for it, signed with the key the
// job would have used, so `runs list` says "interrupted" with the reason instead of "incomplete".
import type { Logger } from 'pino';
import { keys, listRuns, makeRunId, runIdTime } from '../store/index.ts';
import type { EvidenceStore } from '../store/index.ts';
import type { Signer } from '../sign/index.ts';
import { TOOL_VERSION } from '../util/index.ts';

export interface KilledRun {
  /** The run id the child logged, or null when it died before saying. */
  runId: string | null;
  /** When the job started: a run without a known id is looked for among runs started since. */
  startedAt: Date;
  reason: string;
}

export interface RecordDeps {
  store: EvidenceStore;
  signer: Signer;
  configDigest: string;
  log: Logger;
  now?: () => Date;
}

/** Returns the key of the record written, or null when the run already had a manifest or a record. */
export async function recordKilledRun(run: KilledRun, deps: RecordDeps): Promise<string | null> {
  const { store, log } = deps;
  let runId = run.runId;
  if (!runId) {
    // Run ids sort by time: the killed job's run is an unfinished one started after the job.
    const since = makeRunId(new Date(Math.floor(run.startedAt.getTime() / 1000) * 1000), '000000');
    const candidates = (await listRuns(store)).filter((r) => r.runId >= since && r.status === 'incomplete');
    if (candidates.length !== 1) {
      // None: it died before writing anything. Several: another job's run may be among them.
      log.warn({ since: run.startedAt.toISOString(), candidates: candidates.map((c) => c.runId) }, candidates.length ? 'cannot tell which unfinished run was the killed job\'s: not recording' : 'killed job left no run in the store: nothing to record');
      return null;
    }
    runId = candidates[0]!.runId;
  }
  if ((await store.head(keys.manifest(runId))) || (await store.head(keys.interrupted(runId)))) return null;
  // Loaded here: the run layer brings the collectors and the SDK, which the scheduler's other uses
  // (and the config schema, which imports this folder) do not need.
  const { recordInterrupted, RunInterruptedError } = await import('../run/index.ts');
  try {
    await recordInterrupted({
      store,
      signer: deps.signer,
      runId,
      startedAt: runIdTime(runId),
      phase: 'unknown',
      reason: run.reason,
      toolVersion: TOOL_VERSION,
      configDigest: deps.configDigest,
      scope: null,
      objects: [],
      now: deps.now ?? (() => new Date()),
    });
  } catch (err) {
    if (err instanceof RunInterruptedError) return err.recordKey;
    throw err;
  }
  return keys.interrupted(runId);
}
