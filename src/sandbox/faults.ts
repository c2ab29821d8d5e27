// Faults the sandbox injects, as AWS would answer them: per (account, region, operation) token
// buckets answered with each service's own throttling error, added latency, a share of 5xx
// answers, AccessDenied for chosen accounts, regions or services, and regions not enabled.
import { z } from 'zod';
import { AwsError } from './errors.ts';
import { unit } from './prng.ts';
import { regionProblem } from './regions.ts';
import { ConfigurationError } from '../domain/index.ts';

/** AWS's published request quotas where AWS publishes them (requests per second per account-region-operation). */
export const AWS_QUOTAS: Record<string, number> = {
  'cloudtrail.LookupEvents': 2,
  'cloudtrail.*': 10,
  'config.*': 10,
  'iam.*': 10,
  'sts.*': 50,
  'organizations.*': 5,
  's3.*': 100,
  's3control.*': 20,
  'kms.*': 50,
  'guardduty.*': 10,
  'securityhub.*': 10,
  'access-analyzer.*': 10,
  'auditmanager.*': 10,
};

/** Each service's throttling answer: its error code and HTTP status. */
const THROTTLE: Record<string, { code: string; status: number }> = {
  config: { code: 'ThrottlingException', status: 400 },
  cloudtrail: { code: 'ThrottlingException', status: 400 },
  kms: { code: 'ThrottlingException', status: 400 },
  sts: { code: 'Throttling', status: 400 },
  iam: { code: 'Throttling', status: 400 },
  organizations: { code: 'TooManyRequestsException', status: 400 },
  s3: { code: 'SlowDown', status: 503 },
  s3control: { code: 'SlowDown', status: 503 },
  guardduty: { code: 'TooManyRequestsException', status: 429 },
  securityhub: { code: 'TooManyRequestsException', status: 429 },
  'access-analyzer': { code: 'ThrottlingException', status: 429 },
  auditmanager: { code: 'ThrottlingException', status: 429 },
  account: { code: 'TooManyRequestsException', status: 429 },
};

const accountId = z.string().regex(/^\d{12}$/, 'a 12-digit account id');
const region = z.string().superRefine((r, ctx) => {
  const problem = regionProblem(r);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
/** The services the sandbox serves, as requests are counted and faulted ("cloudtrail", "s3control"...). */
export const SANDBOX_SERVICES = Object.keys(THROTTLE);
const service = z.string().superRefine((s, ctx) => {
  if (!SANDBOX_SERVICES.includes(s)) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(s)} is not a sandbox service (known: ${SANDBOX_SERVICES.join(', ')})` });
});
const RATE_KEY = /^([a-z0-9-]+)\.(\*|[A-Z][A-Za-z0-9]+)$/;
const rateLimits = z.record(z.string(), z.number().positive()).superRefine((limits, ctx) => {
  for (const key of Object.keys(limits)) {
    const m = RATE_KEY.exec(key);
    if (!m) ctx.addIssue({ code: 'custom', path: [key], message: `${JSON.stringify(key)} is not a key like "config.*" or "cloudtrail.LookupEvents"` });
    else if (!SANDBOX_SERVICES.includes(m[1]!)) ctx.addIssue({ code: 'custom', path: [key], message: `${JSON.stringify(m[1])} is not a sandbox service (known: ${SANDBOX_SERVICES.join(', ')})` });
  }
});

export const FaultSpecSchema = z
  .object({
    /** Throttle requests over the quotas (AWS_QUOTAS, overridden by rateLimits). */
    throttling: z.boolean().default(true),
    /** Requests per second by "service.Operation" or "service.*". */
    rateLimits: rateLimits.default({}),
    /** Milliseconds added to every AWS answer. */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    /** Share (0..1) of AWS requests answered 500 or 503. */
    errorRate: z.number().min(0).max(1).default(0),
    /** AccessDenied for requests matching every field given in one entry. */
    deny: z
      .array(
        z
          .object({ accounts: z.array(accountId).optional(), regions: z.array(region).optional(), services: z.array(service).optional() })
          .strict()
          .refine((d) => d.accounts || d.regions || d.services, 'give at least one of accounts, regions, services'),
      )
      .default([]),
    /** Regions answered as not enabled for the account. */
    disabledRegions: z.array(region).default([]),
    /** Sources of the organization's Config aggregator whose data stopped moving (FAILED): an account, in one region or all. */
    failedAggregatorSources: z.array(z.object({ account: accountId, region: region.optional() }).strict()).default([]),
  })
  .strict();

export type FaultSpec = z.infer<typeof FaultSpecSchema>;
export type FaultInput = z.input<typeof FaultSpecSchema>;

export class FaultSpecError extends ConfigurationError {
  override readonly name = 'FaultSpecError';
}

export function parseFaults(input: unknown, where = 'faults'): FaultSpec {
  const r = FaultSpecSchema.safeParse(input ?? {});
  if (!r.success) {
    throw new FaultSpecError(r.error.issues.map((i) => `${where}: ${i.path.join('.') || '(top level)'}: ${i.message}`).join('\n'));
  }
  return r.data;
}

interface Bucket {
  tokens: number;
  last: number;
}

export class Faults {
  private buckets = new Map<string, Bucket>();
  private counter = 0;
  throttled = 0;
  faults = 0;
  constructor(
    public spec: FaultSpec,
    private readonly seed: number,
  ) {}

  replace(spec: FaultSpec): void {
    this.spec = spec;
    this.buckets.clear();
  }

  resetCounts(): void {
    this.throttled = 0;
    this.faults = 0;
  }

  private rate(service: string, operation: string): number | undefined {
    const limits = { ...AWS_QUOTAS, ...this.spec.rateLimits };
    return limits[`${service}.${operation}`] ?? limits[`${service}.*`];
  }

  /** Throws the AWS error this request gets, or returns the latency to add. */
  apply(account: string, region: string, service: string, operation: string): number {
    if (this.spec.disabledRegions.includes(region)) {
      throw new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    for (const d of this.spec.deny) {
      if ((!d.accounts || d.accounts.includes(account)) && (!d.regions || d.regions.includes(region)) && (!d.services || d.services.includes(service))) {
        this.faults += 1;
        throw new AwsError(service === 's3' || service === 'iam' || service === 'sts' ? 'AccessDenied' : 'AccessDeniedException', `User is not authorized to perform: ${service}:${operation} (sandbox fault)`, 403);
      }
    }
    if (this.spec.throttling) {
      const rate = this.rate(service, operation);
      if (rate !== undefined) {
        const key = `${account}/${service === 'iam' || service === 'organizations' ? 'global' : region}/${service}.${operation}`;
        const now = performance.now();
        const b = this.buckets.get(key) ?? { tokens: Math.max(1, rate), last: now };
        b.tokens = Math.min(Math.max(1, rate), b.tokens + ((now - b.last) / 1000) * rate);
        b.last = now;
        this.buckets.set(key, b);
        if (b.tokens < 1) {
          this.throttled += 1;
          const t = THROTTLE[service] ?? { code: 'ThrottlingException', status: 400 };
          throw new AwsError(t.code, 'Rate exceeded', t.status);
        }
        b.tokens -= 1;
      }
    }
    if (this.spec.errorRate > 0) {
      this.counter += 1;
      if (unit(this.seed, 'fault', this.counter) < this.spec.errorRate) {
        this.faults += 1;
        throw this.counter % 2 === 0 ? new AwsError('InternalFailure', 'We encountered an internal error. Please try again.', 500) : new AwsError('ServiceUnavailable', 'Service is unavailable. Please try again.', 503);
      }
    }
    return this.spec.latencyMs;
  }
}
