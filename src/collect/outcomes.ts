// Small pure pieces of the collection engine: how a failure reads, what is kept of a Config
// result, a stable request list, and the run-wide deadline.
import type { EvaluationResult } from '@aws-sdk/client-config-service';
import { CollectCallError, type CallDeadline, type RecordedRequest } from './calls.ts';

/** An abort signal that fires when the collection deadline passes, with the reason calls report. */
export function startDeadline(ms: number): { call: CallDeadline; clear: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  const minutes = Math.round((ms / 60_000) * 1000) / 1000;
  return { call: { signal: controller.signal, reason: `the collection deadline (collection.deadlineMinutes: ${minutes}) passed before this call was answered` }, clear: () => clearTimeout(timer) };
}

/**
 * The distinct requests behind a dataset, in a stable order: concurrent calls finish in any
 * order and polls repeat, and neither should make unchanged evidence look changed.
 */
export function distinctRequests(requests: RecordedRequest[]): RecordedRequest[] {
  const byJson = new Map(requests.map((r) => [JSON.stringify(r), r]));
  return [...byJson.keys()].sort().map((k) => byJson.get(k)!);
}

/** What judging reads of a Config evaluation result. */
export function slimResult(e: EvaluationResult): EvaluationResult {
  const q = e.EvaluationResultIdentifier?.EvaluationResultQualifier;
  return {
    EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceType: q?.ResourceType, ResourceId: q?.ResourceId } },
    ComplianceType: e.ComplianceType,
    ...(e.Annotation ? { Annotation: e.Annotation } : {}),
  };
}

export function describeFailure(err: unknown): string {
  if (err instanceof CollectCallError) {
    const what = { denied: 'access denied', throttled: 'throttled past retries', failed: 'call failed', not_found: 'not found' }[err.outcome];
    return `${what}: ${err.message}`;
  }
  // Store failures and bugs land here too: they must read as ERROR, never be lost.
  return `internal error: ${(err as Error)?.message ?? String(err)}`;
}
