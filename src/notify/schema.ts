// The `notify` section of the config: where a run's outcome is sent, and when. Kept in this
// folder (config/ references it) so the senders and the schema change together.
import { z } from 'zod';

const NAME = /^[A-Za-z0-9][\w.-]{0,63}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/;
const EVENT_BUS = /^([\w/.-]{1,256}|arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[\w/.-]{1,256})$/;

/** Hosts a plain-http URL may name: this machine only (tests, a local relay), never the network. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** https, or http to a loopback host; the message reaches no one else in clear text. */
const secureUrl = z.url().refine((u) => {
  const url = new URL(u);
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}, 'must be an https:// URL (http:// only to a loopback host: localhost, 127.0.0.1, ::1)');

/**
 * When a target is sent a run's message: "regression" (a control regressed or lost coverage since
 * the previous run), "partial-or-failed" (the run is not complete), "always", or
 * { expiringWithinDays: N } (an exception or attestation lapses within N days). A list matches
 * when any of its filters does.
 */
export const FilterSchema = z.union([z.enum(['regression', 'partial-or-failed', 'always']), z.object({ expiringWithinDays: z.int().min(1).max(366) }).strict()]);
export type NotifyFilter = z.infer<typeof FilterSchema>;

const base = {
  /** Named by `evidence notify test --target NAME` and in runs/<id>/notifications.json. */
  name: z.string().regex(NAME, 'a target name of letters, digits, ".", "_" or "-"'),
  filter: z.union([FilterSchema, z.array(FilterSchema).min(1)]).default('regression'),
};

/** The webhook's HMAC-SHA256 key: an environment variable's value or a Secrets Manager secret's string. */
const SecretSchema = z.union([
  z.object({ env: z.string().regex(ENV_NAME, 'an environment variable name') }).strict(),
  z.object({ secretArn: z.string().regex(SECRET_ARN, 'a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)') }).strict(),
]);

export const TargetSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('sns'), topicArn: z.string().regex(SNS_TOPIC_ARN, 'an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)') }).strict(),
  z
    .object({
      ...base,
      kind: z.literal('webhook'),
      url: secureUrl,
      /** Signs each body: header "<signatureHeader>: sha256=HEX(HMAC-SHA256(secret, timestamp + "." + body))". */
      secret: SecretSchema.optional(),
      signatureHeader: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'an HTTP header name').default('X-Evidence-Signature'),
    })
    .strict(),
  z.object({ ...base, kind: z.literal('slack'), url: secureUrl }).strict(),
  z
    .object({
      ...base,
      kind: z.literal('eventbridge'),
      /** Bus name or ARN ("default" is the account's default bus). */
      bus: z.string().regex(EVENT_BUS, 'an event bus name or ARN'),
      source: z.string().regex(/^[\w.-]{1,256}$/, 'an event source such as aws-evidence-collector').default('aws-evidence-collector'),
      /** Region of a bus given by name (default: the home region). */
      region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'an AWS region name').optional(),
    })
    .strict(),
]);
export type NotifyTarget = z.infer<typeof TargetSchema>;

export const NotifySchema = z
  .object({
    targets: z.array(TargetSchema).default([]),
    /** Regressed and coverage-lost controls listed in a message; the totals are always given. */
    maxControls: z.int().min(1).max(200).default(20),
    /** Exceptions and attestations listed as expiring when they lapse within this many days (filters may ask for more). */
    expiringWithinDays: z.int().min(1).max(366).default(14),
    /** Attempts per target (first included), waiting backoffMs, then twice as long, between them. */
    attempts: z.int().min(1).max(10).default(3),
    backoffMs: z.int().min(0).max(60_000).default(2_000),
    /** Publish RunsSucceeded (1 complete or partial, 0 failed) to CloudWatch after every whole run, for a missed-run alarm. */
    metric: z
      .object({
        namespace: z.string().regex(/^[^:][\w./#:-]{0,254}$/, 'a CloudWatch namespace such as AwsEvidenceCollector'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((n, ctx) => {
    const seen = new Set<string>();
    n.targets.forEach((t, i) => {
      if (seen.has(t.name)) ctx.addIssue({ code: 'custom', path: ['targets', i, 'name'], message: `target name ${JSON.stringify(t.name)} is used twice` });
      seen.add(t.name);
    });
  });
export type NotifyConfig = z.infer<typeof NotifySchema>;

/** The section with every default, for runs whose config has none. */
export const NO_NOTIFY: NotifyConfig = NotifySchema.parse({});
