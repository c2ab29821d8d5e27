// Every AWS call goes through one place: bounded concurrency, the request recorded as evidence
// provenance, and the outcome counted for the coverage section.
import type { LimitFunction } from 'p-limit';
import type { Target } from '../domain/index.ts';
import type { RateLimits } from './ratelimit.ts';
import { EvidenceError } from '../domain/index.ts';

import type { CallOutcome, CallStats } from '../domain/index.ts';

export type { CallOutcome, CallStats };

export interface RecordedRequest {
  service: string;
  operation: string;
  params: Record<string, unknown>;
}

export function emptyStats(): CallStats {
  return { calls: 0, byOutcome: { ok: 0, retried: 0, throttled: 0, denied: 0, failed: 0, not_found: 0 } };
}

const THROTTLE = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown', 'ProvisionedThroughputExceededException']);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure', 'ExpiredTokenException', 'MissingAuthenticationTokenException']);

/** A failed AWS call, classified; the SDK's error stays in `cause`. */
export class CollectCallError extends EvidenceError {
  override readonly name = 'CollectCallError';
  constructor(
    readonly outcome: Exclude<CallOutcome, 'ok' | 'retried'>,
    readonly service: string,
    readonly operation: string,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${service}.${operation}: ${code}: ${message}`, options);
  }
}

export function classifyError(err: unknown): { outcome: 'throttled' | 'denied' | 'failed'; code: string; message: string } {
  const e = err as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const code = e?.name && e.name !== 'Error' ? e.name : (e?.Code ?? 'UnknownError');
  const message = e?.message ?? String(err);
  if (THROTTLE.has(code)) return { outcome: 'throttled', code, message };
  if (DENIED.has(code) || e?.$metadata?.httpStatusCode === 403) return { outcome: 'denied', code, message };
  return { outcome: 'failed', code, message };
}

/** What collectors call: one SDK call, recorded and accounted. Bound to one account-region. */
export interface Caller {
  call<T extends { $metadata?: { attempts?: number } }>(
    requests: RecordedRequest[],
    service: string,
    operation: string,
    params: Record<string, unknown>,
    send: () => Promise<T>,
    expected?: string[],
  ): Promise<T>;
}

/**
 * When collection must end: once `signal` aborts, a call not yet answered ends at once as a failed
 * call with `reason`, and no new call starts. What the SDK still has in flight is abandoned.
 */
export interface CallDeadline {
  signal: AbortSignal;
  reason: string;
}

/** The error code a call gets when the collection deadline ends it. */
export const DEADLINE_CODE = 'CollectionDeadlineExceeded';

export class CallRunner {
  readonly stats = emptyStats();
  private readonly expired: Promise<void> | undefined;
  constructor(
    private readonly limit: LimitFunction,
    private readonly rates?: RateLimits,
    private readonly deadline?: CallDeadline,
  ) {
    if (deadline) {
      const { signal } = deadline;
      this.expired = signal.aborted ? Promise.resolve() : new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    }
  }

  /** A caller for one account-region: its calls draw from that target's rate budgets. */
  forTarget(target: Target): Caller {
    return { call: (requests, service, operation, params, send, expected) => this.run(target, requests, service, operation, params, send, expected ?? []) };
  }

  /**
   * Runs one SDK call within the target's rate budget and the global in-flight bound, and
   * records it in `requests` (the provenance stored with the evidence). Error codes listed in
   * `expected` come back as CollectCallError with outcome 'not_found' instead of counting as
   * failures.
   */
  private async run<T extends { $metadata?: { attempts?: number } }>(
    target: Target,
    requests: RecordedRequest[],
    service: string,
    operation: string,
    params: Record<string, unknown>,
    send: () => Promise<T>,
    expected: string[],
  ): Promise<T> {
    requests.push({ service, operation, params });
    this.stats.calls += 1;
    try {
      const late = (): CollectCallError => new CollectCallError('failed', service, operation, DEADLINE_CODE, this.deadline!.reason);
      const out = await this.bounded(late, async () => {
        await this.rates?.bucket(target.account, target.region, service, operation)?.take();
        // a call that waited for a slot past the deadline never starts
        return this.limit(() => (this.deadline?.signal.aborted ? Promise.reject(late()) : send()));
      });
      this.stats.byOutcome[(out.$metadata?.attempts ?? 1) > 1 ? 'retried' : 'ok'] += 1;
      return out;
    } catch (err) {
      if (err instanceof CollectCallError && err.code === DEADLINE_CODE) {
        this.stats.byOutcome.failed += 1;
        throw err;
      }
      const c = classifyError(err);
      if (expected.includes(c.code)) {
        this.stats.byOutcome.not_found += 1;
        throw new CollectCallError('not_found', service, operation, c.code, c.message, { cause: err });
      }
      this.stats.byOutcome[c.outcome] += 1;
      throw new CollectCallError(c.outcome, service, operation, c.code, c.message, { cause: err });
    }
  }

  /** The work, or the deadline's error as soon as the deadline passes, whichever comes first. */
  private bounded<T>(late: () => CollectCallError, work: () => Promise<T>): Promise<T> {
    if (!this.expired) return work();
    if (this.deadline!.signal.aborted) return Promise.reject(late());
    const p = work();
    p.catch(() => undefined); // an answer arriving after the deadline is dropped
    return Promise.race([p, this.expired.then((): never => { throw late(); })]);
  }
}

