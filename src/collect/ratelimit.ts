// Client-side rate budgets: one token bucket per (account, region, service.operation), shared by
// the whole run, so the plan stays inside AWS's quotas and retries are the fallback, not the plan.

/** Requests per second by "service.Operation" or "service.*", from AWS's published quotas where
 * AWS publishes them (CloudTrail: LookupEvents 2 TPS, other calls 10 TPS per account-region) and
 * conservative values elsewhere. Override in config: collection.rateLimits. */
export const DEFAULT_RATE_LIMITS: Record<string, number> = {
  'cloudtrail.LookupEvents': 2,
  'cloudtrail.*': 10,
  'config.*': 10,
  'iam.*': 10,
  'sts.*': 20,
  'organizations.*': 5,
  's3.*': 50,
  's3control.*': 10,
  'kms.*': 20,
  'guardduty.*': 10,
  'securityhub.*': 10,
  'access-analyzer.*': 10,
  'auditmanager.*': 10,
};

/** Services whose quotas are per account, not per region. */
const GLOBAL_SERVICES = new Set(['iam', 'organizations', 's3control']);

export class TokenBucket {
  private tokens: number;
  private last: number;
  private chain: Promise<void> = Promise.resolve();
  constructor(
    readonly rate: number,
    readonly burst: number = 1,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.tokens = this.burst;
    this.last = clock();
  }

  /** Resolves when a token is available; callers are served in arrival order. */
  take(): Promise<void> {
    const turn = this.chain.then(async () => {
      for (;;) {
        const now = this.clock();
        this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
        this.last = now;
        if (this.tokens >= 1) {
          this.tokens -= 1;
          return;
        }
        await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.rate) * 1000)));
      }
    });
    this.chain = turn;
    return turn;
  }
}

export class RateLimits {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly limits: Record<string, number>;
  constructor(overrides: Record<string, number> = {}) {
    this.limits = { ...DEFAULT_RATE_LIMITS, ...overrides };
  }

  rateFor(service: string, operation: string): number | undefined {
    return this.limits[`${service}.${operation}`] ?? this.limits[`${service}.*`];
  }

  bucket(account: string, region: string, service: string, operation: string): TokenBucket | undefined {
    const rate = this.rateFor(service, operation);
    if (rate === undefined || rate <= 0) return undefined;
    // AWS meters each operation separately; "service.*" gives each operation that rate.
    const where = GLOBAL_SERVICES.has(service) ? 'global' : region;
    const key = `${account}/${where}/${service}.${operation}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = new TokenBucket(rate);
      this.buckets.set(key, b);
    }
    return b;
  }
}
