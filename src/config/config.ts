// evidence.config.yaml: every option has a default; a bad file names the file, line and field.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ScheduleSchema } from '../schedule/index.ts';
import { NotifySchema } from '../notify/index.ts';
import { ConfigurationError, unknownRegionProblem } from '../domain/index.ts';
import type * as ManagedRules from '../managed-rules/index.ts';

export const DEFAULT_CONFIG_FILE = 'evidence.config.yaml';
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const ACCOUNT_ID = /^\d{12}$/;
/** A Region this release knows: a typo or a made-up name is refused here, before any AWS call. */
const knownRegion = z.string().superRefine((r, ctx) => {
  const problem = unknownRegionProblem(r);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const ACCOUNT_OR_OU = /^(\d{12}|ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;

// The managed rules' evaluators (over a hundred modules) are needed only to check
// collection.ruleParameters: loadConfig loads them when a config sets it, so that every other
// command (trend, diff, verify…) starts without them.
let managedRules: typeof ManagedRules | undefined;
/** Loads what ConfigSchema needs to check collection.ruleParameters; loadConfig calls it when the field is set. */
export async function loadRuleEvaluators(): Promise<void> {
  managedRules ??= await import('../managed-rules/index.ts');
}
function ruleEvaluator(rule: string): ReturnType<typeof ManagedRules.ruleEvaluator> {
  if (!managedRules) throw new Error('collection.ruleParameters checked before loadRuleEvaluators()');
  return managedRules.ruleEvaluator(rule);
}

export const ConfigSchema = z
  .object({
    store: z.string().min(1).default('file://./evidence-store'),
    // evidence store options
    storeOptions: z
      .object({
        /** Retention on every object written: S3 Object Lock (the bucket must have it enabled). */
        objectLock: z
          .object({ mode: z.enum(['COMPLIANCE', 'GOVERNANCE']), days: z.int().min(1).max(36_500) })
          .strict()
          .optional(),
        s3: z
          .object({
            /** SSE-KMS key (id, ARN or alias) for every write; default: the bucket's default encryption. */
            kmsKeyId: z.string().min(1).optional(),
            /** S3-compatible endpoint (path-style); default AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL. */
            endpoint: z.url().optional(),
            region: z.string().regex(REGION, 'not an AWS region name (e.g. us-east-1)').optional(),
          })
          .strict()
          .default({}),
      })
      .strict()
      .default({ s3: {} }),
    /** Framework ids to evaluate, or ["all"]. */
    frameworks: z.array(z.string().min(1)).min(1).default(['all']),
    /** Extra framework YAML files or folders (a user's own catalogs). */
    customFrameworks: z.array(z.string().min(1)).default([]),
    /** Regions to collect; default AWS_REGION / AWS_DEFAULT_REGION, else us-east-1. */
    /** "all": every region each account has enabled (Account ListRegions), read from the home region (AWS_REGION, else us-east-1). */
    regions: z.union([z.literal('all'), z.array(knownRegion).min(1)]).optional(),
    /** Which accounts to collect: the caller's own, the whole organization, or a list. */
    scope: z
      .object({
        accounts: z
          .union([z.literal('caller'), z.literal('organization'), z.array(z.string().regex(ACCOUNT_ID, 'not a 12-digit AWS account id')).min(1)])
          .default('caller'),
        include: z.array(z.string().regex(ACCOUNT_OR_OU, 'not an account id, OU id (ou-...) or root id (r-...)')).default([]),
        exclude: z.array(z.string().regex(ACCOUNT_OR_OU, 'not an account id, OU id (ou-...) or root id (r-...)')).default([]),
        includeManagement: z.boolean().default(true),
        role: z
          .object({
            name: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'not an IAM role name').default('EvidenceCollectorReadOnly'),
            externalId: z.string().min(2).max(1224).optional(),
            durationSeconds: z.int().min(900).max(43_200).default(3600),
          })
          .strict()
          .default({ name: 'EvidenceCollectorReadOnly', durationSeconds: 3600 }),
      })
      .strict()
      .default({ accounts: 'caller', include: [], exclude: [], includeManagement: true, role: { name: 'EvidenceCollectorReadOnly', durationSeconds: 3600 } }),
    aws: z
      .object({
        profile: z.string().min(1).optional(),
        endpoint: z.url().optional(),
        maxAttempts: z.int().min(1).max(10).default(3),
        requestTimeoutMs: z.int().min(100).max(300_000).default(15_000),
      })
      .strict()
      .default({ maxAttempts: 3, requestTimeoutMs: 15_000 }),
    collection: z
      .object({
        /** AWS calls in flight at once, across the whole run. */
        concurrency: z.int().min(1).max(256).default(16),
        /**
         * Accounts collected at once. What a run holds in memory grows with the accounts in
         * flight (their global datasets wait for their regions); more than the quotas need only
         * costs memory. Each account's regions still run together. Optional (16 when absent)
         * so configs written before it keep their digest.
         */
        accountsInFlight: z.int().min(1).max(10_000).optional(),
        /**
         * Where a selected Config rule is not deployed, judge it with its local evaluator over the
         * configuration items AWS Config recorded (SelectResourceConfig). Optional (on when absent).
         */
        configurationItems: z.boolean().optional(),
        /**
         * Whole-collection deadline in minutes (fractions allowed), counted from the start of
         * collection: calls not answered by then fail, their targets read ERROR and the run is
         * partial; the manifest and reports are still written. Optional (no deadline when absent).
         */
        deadlineMinutes: z.number().positive().max(10_080).optional(),
        /**
         * Name of an AWS Config aggregator in the running account's home region (an organization
         * aggregator in the management or delegated administrator account): configuration items
         * of every account are then read through it (SelectAggregateResourceConfig) instead of
         * per account-region, with no member role. Optional.
         */
        configAggregator: z.string().min(1).max(256).regex(/^[\w-]+$/, 'an aggregator name: letters, digits, _ and -').optional(),
        /**
         * Parameters of the local evaluators by managed rule, as the rule's InputParameters
         * (strings): used where a rule is judged from configuration items and where its local
         * verdicts are compared with a deployed rule's. Set them as the deployed rules (e.g. a
         * conformance pack) set theirs; unset ones keep the documented defaults. Optional.
         */
        ruleParameters: z
          .record(z.string().regex(/^[A-Z0-9_]{1,128}$/, 'a managed rule identifier like VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS'), z.record(z.string().min(1).max(128), z.string().max(1024)))
          .superRefine((rules, ctx) => {
            for (const [rule, params] of Object.entries(rules)) {
              const evaluator = ruleEvaluator(rule);
              if (!evaluator) {
                ctx.addIssue({ code: 'custom', path: [rule], message: `${rule} has no local evaluator (docs/managed-rules.md lists them)` });
                continue;
              }
              const known = Object.keys(evaluator.parameters);
              for (const name of Object.keys(params)) {
                if (!known.includes(name)) ctx.addIssue({ code: 'custom', path: [rule, name], message: `not a parameter of ${rule} (${known.length ? `its parameters: ${known.join(', ')}` : 'it takes none'})` });
              }
            }
          })
          .optional(),
        /** Requests per second per account-region-operation, by "service.Operation" or "service.*", over AWS's published quotas. */
        rateLimits: z.record(z.string().regex(/^[a-z0-9-]+\.(\*|[A-Z][A-Za-z0-9]+)$/, 'a key like "config.*" or "cloudtrail.LookupEvents"'), z.number().positive().max(10_000)).default({}),
      })
      .strict()
      .default({ concurrency: 16, rateLimits: {} }),
    signing: z
      .object({
        key: z.string().min(1).default('~/.config/aws-evidence/signing.key'),
        /** Sign with an AWS KMS asymmetric key (ECC_NIST_P256) instead of the local key file. */
        kms: z.object({ keyId: z.string().min(1) }).strict().optional(),
      })
      .strict()
      .default({ key: '~/.config/aws-evidence/signing.key' }),
    reports: z
      .object({
        out: z.string().min(1).default('./reports'),
        formats: z.array(z.enum(['html', 'pdf', 'csv', 'json', 'oscal-ar', 'oscal-poam', 'ocsf'])).min(1).default(['html', 'pdf']),
        failingResourceCap: z.int().min(1).max(100_000).default(25),
        /** How deep reports go: summary, failing (adds failing and errored checks) or full. */
        detail: z.enum(['summary', 'failing', 'full']).default('full'),
        // embedded PAdES signature in PDF reports
        pdf: z
          .object({
            /** PKCS#12 file (.p12/.pfx) with an RSA key and its certificate. */
            pkcs12: z.string().min(1),
            /** Environment variable holding the PKCS#12 password (never in the config file). */
            passwordEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').default('EVIDENCE_PKCS12_PASSWORD'),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({ out: './reports', formats: ['html', 'pdf'], failingResourceCap: 25, detail: 'full' }),
    // who the reports are about, accepted risks, attestations
    organization: z.object({ name: z.string().trim().min(1) }).strict().optional(),
    /** YAML file of exceptions (accepted risks). */
    exceptions: z.string().min(1).optional(),
    /** YAML file, or folder of YAML files, of attestations for manual controls. */
    attestations: z.string().min(1).optional(),
    /** Jobs `evidence schedule` runs: schedule.jobs.<name> {cron, command, options}, schedule.timezone. */
    schedule: ScheduleSchema.optional(),
    // compare each run with Audit Manager's assessments (optional, so existing configs keep their digest)
    auditManager: z
      .object({
        /** Collect the auditmanager-assessments dataset in every run and show the comparison in the reports' coverage. */
        compare: z.boolean().default(false),
        /** YAML file pairing our controls with the assessment's where names differ (src/auditmanager/mapping.ts). */
        mapping: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** Where each run's outcome is sent (SNS, webhook, Slack, EventBridge) and the RunsSucceeded metric: src/notify/schema.ts. */
    notify: NotifySchema.optional(),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;

/** collection.accountsInFlight when the config does not set it. */
export const DEFAULT_ACCOUNTS_IN_FLIGHT = 16;

export class ConfigError extends ConfigurationError {
  override readonly name = 'ConfigError';
}

export interface LoadedConfig {
  config: Config;
  /** The file read, or null when only defaults apply. */
  file: string | null;
  /** sha256 of the effective configuration, recorded in each manifest. */
  digest: string;
  /** "file:line:col" of a field of the file (its parent when the field is absent); the file name without one. */
  where: (field: readonly (string | number)[]) => string;
}

export function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

export async function loadConfig(explicit?: string, cwd = process.cwd()): Promise<LoadedConfig> {
  const file = explicit ? path.resolve(cwd, explicit) : path.join(cwd, DEFAULT_CONFIG_FILE);
  let text: string | null = null;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (explicit) throw new ConfigError(`${file}: cannot read config file: ${(err as Error).message}`, { cause: err });
  }
  const shown = path.relative(cwd, file) || file;
  let raw: unknown = {};
  let where: (p: readonly PropertyKey[]) => string = () => shown;
  if (text !== null) {
    // yaml (some 70 modules) only when there is a file to read
    const { LineCounter, parseDocument, isNode } = await import('yaml');
    const lc = new LineCounter();
    const json = /\.json$/i.test(file);
    // A .json file is JSON: YAML would accept a trailing comma or a comment that JSON refuses.
    const parsedJson = json ? parseJson(text, shown) : undefined;
    const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      const { line, col } = lc.linePos(e.pos[0]);
      throw new ConfigError(`${shown}:${line}:${col}: invalid ${json ? 'JSON' : 'YAML'}: ${e.message.split('\n')[0]}`);
    }
    raw = (json ? parsedJson : doc.toJS()) ?? {};
    where = (p) => {
      // Point at the deepest node that exists (a missing field points at its parent).
      for (let n = p.length; n >= 0; n -= 1) {
        const node = n === 0 ? doc.contents : doc.getIn(p.slice(0, n) as (string | number)[], true);
        if (isNode(node) && node.range) {
          const { line, col } = lc.linePos(node.range[0]);
          return `${shown}:${line}:${col}`;
        }
      }
      return shown;
    };
  }
  const collection = (raw as { collection?: unknown } | null)?.collection;
  if (typeof collection === 'object' && collection !== null && (collection as { ruleParameters?: unknown }).ruleParameters !== undefined) await loadRuleEvaluators();
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const field = i.path.join('.') || '(top level)';
      const extra = i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : '';
      return `${where(i.path)}: ${field}: ${i.message}${extra}`;
    });
    throw new ConfigError(`invalid config:\n  ${lines.join('\n  ')}`);
  }
  const config = parsed.data;
  return { config, file: text === null ? null : file, digest: createHash('sha256').update(JSON.stringify(config)).digest('hex'), where };
}

/** JSON.parse, with the error placed at file:line:col. */
function parseJson(text: string, shown: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = (err as Error).message;
    const m = /line (\d+) column (\d+)/.exec(message) ?? null;
    const pos = m ? null : /position (\d+)/.exec(message);
    let at = '';
    if (m) at = `:${m[1]}:${m[2]}`;
    else if (pos) {
      const before = text.slice(0, Number(pos[1]));
      at = `:${before.split('\n').length}:${before.length - before.lastIndexOf('\n')}`;
    }
    throw new ConfigError(`${shown}${at}: invalid JSON: ${message.replace(/\s*\(line \d+ column \d+\)/, '')}`, { cause: err });
  }
}

export function homeRegion(): string {
  const env = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  return env && env.length > 0 ? env : 'us-east-1';
}

export function defaultRegions(config: Config): string[] {
  if (config.regions && config.regions !== 'all') return config.regions;
  return [homeRegion()];
}
