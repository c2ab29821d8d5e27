// The fewest AWS calls a complete collection of the organization needs, by operation: the
// yardstick for "calls made ÷ minimum" in the collection benchmark, and the oracle a test holds
// a fault-free run's request counts to (test/sandbox/minimum.test.ts).
//
// "Complete" means: organization scope with the management account and no OU filter, every
// dataset (or those asked for) for every account-region — account-wide ones once per account
// from the first region —, the results of every deployed AWS managed rule (or those asked for),
// the CloudTrail event window ending at the simulated day's "now", and a credential report not
// yet generated that day (IAM answers STARTED, then COMPLETE: two GenerateCredentialReport calls).
// First: rest.ts and server.ts import each other, and the REST services must load after both.
import './server.ts';
import type { OrgModel } from './org.ts';
import { simulatedNow } from './clock.ts';
import { AWS_MANAGED_KEY_ALIASES } from './services/kms-facts.ts';
import { AWS_QUOTAS } from './faults.ts';
import type { DatasetId } from '../domain/index.ts';
import { eventLookups, WINDOW_MS } from '../domain/index.ts';
import { dayOf, lookupEvents } from './services/cloudtrail-events.ts';
import { AWS_REGIONS } from './regions.ts';
import { ITEM_TYPES, isRecorded } from './services/config-items.ts';
import { ruleEvaluator } from '../managed-rules/index.ts';

const pages = (items: number, size: number): number => Math.max(1, Math.ceil(items / size));

/** Page sizes the collectors ask for (each at most what AWS allows). */
const PAGE = {
  accounts: 20,
  configRules: 25,
  results: 100,
  packs: 20,
  packRules: 1000,
  events: 50,
  keys: 1000,
  analyzers: 100,
  assessments: 100,
  standards: 100,
  folders: 1000,
  regions: 50,
  items: 100,
  sources: 100,
} as const;

/** Services AWS meters per account rather than per account-region (the sandbox's faults agree). */
const GLOBAL = new Set(['iam', 'organizations']);

export interface MinimumCalls {
  total: number;
  byOperation: Record<string, number>;
  /** Seconds a collection needs at least under the quotas: the busiest (account, region, operation) ÷ its rate. */
  quotaLowerBoundSeconds: number;
}

export interface MinimumScope {
  /** Simulated day (drift changes detectors, hubs and the event window). Default 0. */
  day?: number;
  /** Datasets collected; default every one. */
  datasets?: readonly DatasetId[];
  /** SourceIdentifiers whose rule results are collected; default every deployed AWS managed rule. */
  sourceIdentifiers?: readonly string[];
  /** Requests per second by "service.Operation" or "service.*"; default AWS_QUOTAS. */
  quotas?: Record<string, number>;
  /**
   * Rules judged from configuration items where they are not deployed (those with a local
   * evaluator among the selected ones); default none.
   */
  itemRules?: readonly string[];
  /**
   * The items are read through the organization's aggregator from the management account: its
   * sources status, then one query per type the item rules need (deployed or not), none per
   * account-region.
   */
  aggregator?: boolean;
}

type Add = (op: string, n: number, region?: string) => void;

/** Calls each dataset's collector makes for one account (scope "account") or account-region. */
const DATASETS: Record<DatasetId, { scope: 'account' | 'region'; calls(org: OrgModel, account: string, region: string, day: number, add: Add): void }> = {
  'account-regions': {
    scope: 'account',
    // Every commercial region is listed, enabled or not, 50 a page.
    calls: (_o, _a, _r, _d, add) => add('account.ListRegions', pages(AWS_REGIONS.filter((r) => !r.startsWith('us-gov-') && !r.startsWith('cn-')).length, PAGE.regions)),
  },
  'iam-credential-report': { scope: 'account', calls: (_o, _a, _r, _d, add) => (add('iam.GenerateCredentialReport', 2), add('iam.GetCredentialReport', 1)) },
  'iam-account-summary': { scope: 'account', calls: (_o, _a, _r, _d, add) => add('iam.GetAccountSummary', 1) },
  'iam-password-policy': { scope: 'account', calls: (_o, _a, _r, _d, add) => add('iam.GetAccountPasswordPolicy', 1) },
  's3-account-public-access-block': { scope: 'account', calls: (_o, _a, _r, _d, add) => add('s3control.GetPublicAccessBlock', 1) },
  's3-buckets': {
    scope: 'account',
    calls(org, account, _r, _d, add) {
      add('s3.ListBuckets', 1);
      // The location from the home region, the settings from each bucket's own region.
      for (const region of org.regions) {
        const n = org.count('bucket', account, region);
        add('s3.GetBucketLocation', n);
        for (const op of ['GetBucketVersioning', 'GetBucketEncryption', 'GetPublicAccessBlock', 'GetBucketPolicyStatus']) add(`s3.${op}`, n, region);
      }
    },
  },
  'config-rules': { scope: 'region', calls: (org, a, r, _d, add) => add('config.DescribeConfigRules', pages(org.config.rules(a, r).length, PAGE.configRules)) },
  'config-recorders': { scope: 'region', calls: (_o, _a, _r, _d, add) => add('config.DescribeConfigurationRecorderStatus', 1) },
  'config-delivery-channels': { scope: 'region', calls: (_o, _a, _r, _d, add) => add('config.DescribeDeliveryChannelStatus', 1) },
  'config-conformance-packs': {
    scope: 'region',
    calls(org, a, r, _d, add) {
      const packs = org.config.conformancePacks(a, r);
      add('config.DescribeConformancePacks', pages(packs.length, PAGE.packs));
      for (const p of packs) add('config.DescribeConformancePackCompliance', pages(p.rules.length, PAGE.packRules));
    },
  },
  'cloudtrail-trails': {
    scope: 'region',
    calls: (org, a, r, _d, add) => (add('cloudtrail.DescribeTrails', 1), add('cloudtrail.GetTrailStatus', org.cloudtrail.trails(a, r).length)),
  },
  'cloudtrail-event-selectors': {
    scope: 'region',
    calls: (org, a, r, _d, add) => (add('cloudtrail.DescribeTrails', 1), add('cloudtrail.GetEventSelectors', org.cloudtrail.trails(a, r).length)),
  },
  'cloudtrail-events': {
    scope: 'region',
    calls(org, a, r, day, add) {
      // One query per event name and region over the day before "now", 50 events a page: IAM's
      // names once per account, in the global-events region (see eventLookups).
      const end = simulatedNow(day);
      const window = (where: string) => lookupEvents(org, a, where, {}, end - WINDOW_MS, end, { d: dayOf(end), k: 0 }, Infinity).events;
      const lookups = eventLookups(r, org.regions);
      const byRegion = new Map([...new Set(lookups.map((l) => l.Region))].map((where) => [where, window(where)]));
      for (const l of lookups) add('cloudtrail.LookupEvents', pages(byRegion.get(l.Region)!.filter((e) => e.EventName === l.EventName).length, PAGE.events), l.Region);
    },
  },
  'kms-keys': {
    scope: 'region',
    calls(org, a, r, day, add) {
      const all = org.kms.keyCount(a, r);
      add('kms.ListKeys', pages(all, PAGE.keys));
      add('kms.DescribeKey', all);
      // Rotation is asked of customer managed symmetric keys only (AWS managed keys come last).
      let rotatable = 0;
      for (let i = 0; i < all - AWS_MANAGED_KEY_ALIASES.length; i += 1) if (org.kms.key(a, r, i, day).spec === 'SYMMETRIC_DEFAULT') rotatable += 1;
      add('kms.GetKeyRotationStatus', rotatable);
    },
  },
  'guardduty-detectors': {
    scope: 'region',
    calls: (org, a, r, day, add) => (add('guardduty.ListDetectors', 1), add('guardduty.GetDetector', org.guardduty.detector(a, r, day) ? 1 : 0)),
  },
  'securityhub-standards': {
    scope: 'region',
    calls(org, a, r, day, add) {
      add('securityhub.DescribeHub', 1);
      const hub = org.securityhub.hub(a, r, day);
      if (hub) add('securityhub.GetEnabledStandards', pages(hub.standards.length, PAGE.standards));
    },
  },
  'access-analyzer-analyzers': { scope: 'region', calls: (org, a, r, _d, add) => add('access-analyzer.ListAnalyzers', pages(org.accessanalyzer.analyzers(a, r).length, PAGE.analyzers)) },
  'auditmanager-assessments': {
    scope: 'region',
    calls(org, a, r, day, add) {
      const list = org.auditmanager.assessments(a, r, day);
      add('auditmanager.ListAssessments', pages(list.length, PAGE.assessments));
      add('auditmanager.GetAssessment', list.length);
      // One evidence folder listing per control.
      list.forEach((x) =>
        x.controlSets.forEach((set, s) => set.controls.forEach((_c, c) => add('auditmanager.GetEvidenceFoldersByAssessmentControl', pages(org.auditmanager.evidenceFolders(x, s, c, day).length, PAGE.folders)))),
      );
    },
  },
};

export const ALL_DATASETS = Object.keys(DATASETS) as DatasetId[];

/** At organization scale the count takes seconds (it walks every key and event): kept per org and scope. */
const cache = new WeakMap<OrgModel, Map<string, MinimumCalls>>();
const CACHED = 16;

export function minimumCalls(org: OrgModel, scope: MinimumScope = {}): MinimumCalls {
  const key = JSON.stringify([scope.day ?? 0, scope.datasets ?? null, scope.sourceIdentifiers ?? null, scope.quotas ?? null, scope.itemRules ?? null, scope.aggregator ?? false]);
  let byScope = cache.get(org);
  if (!byScope) cache.set(org, (byScope = new Map()));
  const hit = byScope.get(key);
  if (hit) return hit;
  const out = count(org, scope);
  if (byScope.size >= CACHED) byScope.delete(byScope.keys().next().value!);
  byScope.set(key, out);
  return out;
}

function count(org: OrgModel, scope: MinimumScope): MinimumCalls {
  const day = scope.day ?? 0;
  const quotas = scope.quotas ?? AWS_QUOTAS;
  const datasets = scope.datasets ?? ALL_DATASETS;
  const sids = scope.sourceIdentifiers ? new Set(scope.sourceIdentifiers) : undefined;
  const by: Record<string, number> = {};
  // Calls per (account, region or "global", operation), for the quota bound.
  const metered = new Map<string, number>();
  const adder =
    (account: string, home: string): Add =>
    (op, n, region = home) => {
      if (n === 0) return;
      by[op] = (by[op] ?? 0) + n;
      const where = GLOBAL.has(op.split('.')[0]!) ? 'global' : region;
      const key = `${account}/${where}/${op}`;
      metered.set(key, (metered.get(key) ?? 0) + n);
    };

  const management = adder(org.management, org.first);
  management('sts.GetCallerIdentity', 1);
  management('organizations.ListAccounts', pages(org.accounts.length, PAGE.accounts));
  management('sts.AssumeRole', org.members.length);
  for (const a of org.accounts) {
    const add = adder(a, org.first);
    for (const id of datasets) if (DATASETS[id].scope === 'account') DATASETS[id].calls(org, a, org.first, day, add);
    for (const r of org.regions) {
      const here = adder(a, r);
      for (const id of datasets) if (DATASETS[id].scope === 'region') DATASETS[id].calls(org, a, r, day, here);
      // Rule results follow the rule list: asked only when config-rules is collected.
      if (!datasets.includes('config-rules')) continue;
      for (const rule of org.config.rules(a, r)) {
        if (rule.owner !== 'AWS' || (sids && !sids.has(rule.sourceIdentifier))) continue;
        here('config.GetComplianceDetailsByConfigRule', pages(org.config.resultCount(a, r, rule), PAGE.results));
      }
      // Rules not deployed here are judged from items: the recorders, then one query per type.
      if (scope.aggregator) continue;
      const deployed = new Set(org.config.rules(a, r).filter((x) => x.owner === 'AWS').map((x) => x.sourceIdentifier));
      const types = new Set((scope.itemRules ?? []).filter((sid) => !deployed.has(sid)).flatMap((sid) => ruleEvaluator(sid)?.resourceTypes ?? []));
      if (types.size === 0) continue;
      here('config.DescribeConfigurationRecorders', 1);
      for (const t of types) {
        if (!isRecorded(org, a, r, t)) continue;
        const kind = ITEM_TYPES[t];
        here('config.SelectResourceConfig', pages(kind ? org.count(kind, a, r) : 0, PAGE.items));
      }
    }
  }

  if (scope.aggregator) {
    const types = [...new Set((scope.itemRules ?? []).flatMap((sid) => ruleEvaluator(sid)?.resourceTypes ?? []))];
    if (types.length > 0) {
      management('config.DescribeConfigurationAggregatorSourcesStatus', pages(org.accounts.length * org.regions.length, PAGE.sources));
      for (const t of types) {
        const kind = ITEM_TYPES[t];
        let n = 0;
        if (kind) for (const a of org.accounts) for (const r of org.regions) if (isRecorded(org, a, r, t)) n += org.count(kind, a, r);
        management('config.SelectAggregateResourceConfig', pages(n, PAGE.items));
      }
    }
  }

  let bound = 0;
  for (const [key, n] of metered) {
    const op = key.slice(key.lastIndexOf('/') + 1);
    const rate = quotas[op] ?? quotas[`${op.split('.')[0]}.*`];
    if (rate) bound = Math.max(bound, n / rate);
  }
  const sorted = Object.fromEntries(Object.entries(by).sort(([x], [y]) => (x < y ? -1 : 1)));
  return { total: Object.values(by).reduce((x, y) => x + y, 0), byOperation: sorted, quotaLowerBoundSeconds: bound };
}
