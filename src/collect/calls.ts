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

export class CallRunner {
  readonly stats = emptyStats();
  constructor(
    private readonly limit: LimitFunction,
    private readonly rates?: RateLimits,
  ) {}

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
      await this.rates?.bucket(target.account, target.region, service, operation)?.take();
      const out = await this.limit(send);
      this.stats.byOutcome[(out.$metadata?.attempts ?? 1) > 1 ? 'retried' : 'ok'] += 1;
      return out;
    } catch (err) {
      const c = classifyError(err);
      if (expected.includes(c.code)) {
        this.stats.byOutcome.not_found += 1;
        throw new CollectCallError('not_found', service, operation, c.code, c.message, { cause: err });
      }
      this.stats.byOutcome[c.outcome] += 1;
      throw new CollectCallError(c.outcome, service, operation, c.code, c.message, { cause: err });
    }
  }
}
