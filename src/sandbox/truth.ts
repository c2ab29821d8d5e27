// The oracle: what a complete collection of the synthetic organization must find.
import { simulatedNow } from './clock.ts';
import type { OrgModel } from './org.ts';
import type { DeliveryInfoFacts, Recorder, Result } from './services/config-facts.ts';
import type { Trail } from './services/cloudtrail-facts.ts';
import { AWS_MANAGED_KEY_ALIASES } from './services/kms-facts.ts';
import type { DatasetTypes, TrailEvent, TrailEventSelectors } from '../domain/index.ts';
import { eventLookups, WINDOW_MS } from '../domain/index.ts';
import { accountSummary, credentialReportRows } from './services/iam.ts';
import { dayOf, eventSelectorsOf, lookupEvents } from './services/cloudtrail-events.ts';
import { nextRotation } from './services/kms.ts';
import { standardsArn, subscriptionArn } from './services/securityhub.ts';

export type TruthResult = Result;
export type TruthTrail = Trail;
export type TruthRecorder = Recorder;

export interface TruthConfigRule {
  ConfigRuleName: string;
  ConfigRuleArn: string;
  ConfigRuleId: string;
  SourceIdentifier: string;
  Owner: 'AWS' | 'CUSTOM_LAMBDA';
  results: TruthResult[];
}

type PerAccountRegion<T> = Record<string, Record<string, T[]>>;

export interface SandboxTruth {
  seed: number;
  day: number;
  organization: { id: string; managementAccount: string; memberAccounts: string[] };
  accounts: string[];
  regions: string[];
  configRules: PerAccountRegion<TruthConfigRule>;
  trails: PerAccountRegion<TruthTrail>;
  configRecorders: PerAccountRegion<TruthRecorder>;
  /**
   * Per account, per region ("global" for account-wide datasets: IAM, S3), per dataset id: the
   * exact data the collector must store.
   */
  datasets: TruthDatasets;
}

export type TruthDatasets = Record<string, Record<string, Partial<DatasetTypes>>>;

/** The region name of account-wide datasets (as the collection engine files them). */
const GLOBAL = 'global';

export interface TruthFilter {
  accounts?: string[];
  regions?: string[];
}

/** Builds the truth for a day; filter it for large organizations (it holds every result). */
export function buildTruth(org: OrgModel, day: number, filter: TruthFilter = {}): SandboxTruth {
  const accounts = filter.accounts ?? org.accounts;
  const regions = filter.regions ?? org.regions;
  const per = <T>(f: (account: string, region: string) => T[]): PerAccountRegion<T> =>
    Object.fromEntries(accounts.map((a) => [a, Object.fromEntries(regions.map((r) => [r, f(a, r)]))]));
  return {
    seed: org.seed,
    day,
    organization: { id: org.organizationId, managementAccount: org.management, memberAccounts: org.members },
    accounts,
    regions,
    configRules: per((a, r) =>
      org.config.rules(a, r).map((rule) => ({
        ConfigRuleName: rule.name,
        ConfigRuleArn: rule.arn,
        ConfigRuleId: rule.id,
        SourceIdentifier: rule.sourceIdentifier,
        Owner: rule.owner,
        results: org.config.results(a, r, rule, day),
      })),
    ),
    trails: per((a, r) => org.cloudtrail.trails(a, r)),
    configRecorders: per((a, r) => org.config.recorders(a, r)),
    datasets: Object.fromEntries(
      accounts.map((a) => [a, { [GLOBAL]: globalDatasets(org, a, day), ...Object.fromEntries(regions.map((r) => [r, regionalDatasets(org, a, r, day)])) }]),
    ),
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

function globalDatasets(org: OrgModel, account: string, day: number): Partial<DatasetTypes> {
  const policy = org.iam.passwordPolicy(account, day);
  const summary = accountSummary(org, account, day);
  return {
    'iam-credential-report': { GeneratedTime: iso(simulatedNow(day)), ReadAt: iso(simulatedNow(day)), rows: credentialReportRows(org, account, day) as DatasetTypes['iam-credential-report']['rows'] },
    'iam-account-summary': { SummaryMap: Object.fromEntries(Object.entries(summary).sort(([x], [y]) => (x < y ? -1 : 1))) },
    'iam-password-policy': { PasswordPolicy: policy },
    's3-account-public-access-block': { PublicAccessBlockConfiguration: org.s3.accountPublicAccessBlock(account, day) },
    's3-buckets': {
      buckets: org.s3.bucketNames(account).map((name) => {
        const p = org.s3.parseBucketName(name)!;
        const b = org.s3.bucket(account, p.region, p.index, day);
        return {
          Name: name,
          CreationDate: iso(b.created),
          region: b.region,
          Versioning: { Status: b.versioning },
          ServerSideEncryptionRules: b.encryption ? [{ ...b.encryption }] : null,
          PublicAccessBlockConfiguration: b.publicAccessBlock,
          PolicyStatus: b.policy,
        };
      }),
    },
  };
}

const deliveryInfo = (i: DeliveryInfoFacts) => Object.fromEntries(Object.entries(i).map(([k, v]) => [k, typeof v === 'number' ? iso(v) : v]));

function regionalDatasets(org: OrgModel, account: string, region: string, day: number): Partial<DatasetTypes> {
  const detector = org.guardduty.detector(account, region, day);
  const hub = org.securityhub.hub(account, region, day);
  const customerKeys = org.kms.keyCount(account, region) - AWS_MANAGED_KEY_ALIASES.length;
  const end = simulatedNow(day);
  const start = end - WINDOW_MS;
  // Every event of the window in a region, newest first; each lookup by name is the matching
  // subsequence. A complete run collects the organization's regions, first region first.
  const windowIn = (where: string) => lookupEvents(org, account, where, {}, start, end, { d: dayOf(end), k: 0 }, Infinity, true).events;
  const windows = new Map<string, ReturnType<typeof windowIn>>();
  const window = (where: string): ReturnType<typeof windowIn> => windows.get(where) ?? windows.set(where, windowIn(where)).get(where)!;
  return {
    'access-analyzer-analyzers': { analyzers: org.accessanalyzer.analyzers(account, region).map((a) => ({ arn: a.arn, name: a.name, type: a.type, status: a.status, createdAt: iso(Date.parse(a.createdAt)) })) },
    'guardduty-detectors': {
      detectors: detector
        ? [
            {
              DetectorId: detector.id,
              Status: detector.status,
              FindingPublishingFrequency: 'SIX_HOURS',
              CreatedAt: iso(detector.created),
              UpdatedAt: iso(detector.updated),
              ServiceRole: `arn:aws:iam::${account}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
            },
          ]
        : [],
    },
    'securityhub-standards': hub
      ? {
          hub: { HubArn: hub.arn, SubscribedAt: iso(hub.subscribedAt), AutoEnableControls: true },
          standards: hub.standards.map((s) => ({ StandardsArn: standardsArn(region, s), StandardsSubscriptionArn: subscriptionArn(account, region, s), StandardsStatus: 'READY' })),
        }
      : { hub: null, standards: [] },
    'kms-keys': {
      keys: Array.from({ length: customerKeys }, (_, i) => {
        const k = org.kms.key(account, region, i, day);
        return {
          KeyId: k.id,
          Arn: k.arn,
          KeyState: k.state,
          KeySpec: k.spec,
          KeyUsage: k.usage,
          Enabled: k.state === 'Enabled',
          CreationDate: iso(k.created),
          Description: k.description,
          rotation: k.rotation === null ? null : { KeyRotationEnabled: k.rotation, ...(k.rotation ? { RotationPeriodInDays: 365, NextRotationDate: iso(nextRotation(k.created, day)) } : {}) },
        };
      }),
    },
    'cloudtrail-event-selectors': {
      trails: org.cloudtrail.trails(account, region).map((t: Trail): TrailEventSelectors => {
        const s = eventSelectorsOf(t) as Pick<TrailEventSelectors, 'EventSelectors' | 'AdvancedEventSelectors'>;
        return { TrailARN: t.TrailARN, Name: t.Name, HomeRegion: t.HomeRegion, IsMultiRegionTrail: t.IsMultiRegionTrail, EventSelectors: s.EventSelectors ?? [], AdvancedEventSelectors: s.AdvancedEventSelectors ?? [] };
      }),
    },
    'cloudtrail-events': {
      StartTime: iso(start),
      EndTime: iso(end),
      lookups: eventLookups(region, org.regions).map(({ EventName: name, Region }) => ({
        EventName: name,
        Region,
        events: window(Region)
          .filter((e) => e.EventName === name)
          .map(
            (e): TrailEvent => ({
              EventId: e.EventId,
              EventName: e.EventName,
              EventTime: iso(e.EventTime),
              EventSource: e.EventSource,
              Username: e.Username,
              ReadOnly: e.ReadOnly,
              ...(e.AccessKeyId ? { AccessKeyId: e.AccessKeyId } : {}),
              Resources: e.Resources,
              CloudTrailEvent: e.record,
            }),
          ),
      })),
    },
    'config-delivery-channels': {
      ReadAt: iso(simulatedNow(day)),
      channels: org.config.deliveryChannels(account, region, day).map((c) => ({
        name: c.name,
        configSnapshotDeliveryInfo: deliveryInfo(c.configSnapshotDeliveryInfo),
        configHistoryDeliveryInfo: deliveryInfo(c.configHistoryDeliveryInfo),
        configStreamDeliveryInfo: deliveryInfo(c.configStreamDeliveryInfo),
      })),
    },
    'config-conformance-packs': {
      packs: org.config.conformancePacks(account, region).map((p) => ({
        ConformancePackName: p.name,
        ConformancePackArn: p.arn,
        ConformancePackId: p.id,
        rules: p.rules.map((r) => ({ ConfigRuleName: r.name, ComplianceType: org.config.ruleCompliance(account, region, r, day).type })),
      })),
    },
    'auditmanager-assessments': org.auditmanager.assessmentsDataset(account, region, day),
  };
}
