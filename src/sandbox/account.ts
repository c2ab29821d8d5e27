// The synthetic account, computed from (seed, day, regions). Every fact is a pure function of
// its inputs, so any page can be answered without building the others, and two days differ by
// a known, seeded share of flipped verdicts.
import { hexOf, iamId, unit } from './prng.ts';
import type { SandboxTruth, TruthConfigRule, TruthRecorder, TruthResult, TruthTrail } from './truth.ts';

export const DEFAULT_REGIONS = ['us-east-1', 'eu-west-1'];
/** Share of verdicts that flip between consecutive days. */
export const DAILY_DRIFT = 0.05;
/** Some rules find nothing wrong on day 0; the others find this share of resources non-compliant. */
const CLEAN_RULE_SHARE = 0.35;
const NON_COMPLIANT_SHARE = 0.2;
const NOT_APPLICABLE_SHARE = 0.04;
/** Day 0 of simulated time. */
export const EPOCH = Date.UTC(2026, 10, 1);

// Rules about account-global things, deployed only in the first region (as many accounts do).
const GLOBAL_RULES = [
  'ROOT_ACCOUNT_MFA_ENABLED',
  'IAM_ROOT_ACCESS_KEY_CHECK',
  'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS',
  'IAM_USER_MFA_ENABLED',
  'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS',
  'IAM_USER_NO_POLICIES_CHECK',
  'ACCESS_KEYS_ROTATED',
  'IAM_USER_UNUSED_CREDENTIALS_CHECK',
  'IAM_PASSWORD_POLICY',
  'ACCOUNT_PART_OF_ORGANIZATIONS',
  'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC',
];
const REGIONAL_RULES = [
  'MULTI_REGION_CLOUD_TRAIL_ENABLED',
  'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED',
  'CLOUD_TRAIL_ENCRYPTION_ENABLED',
  'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED',
  'S3_BUCKET_PUBLIC_READ_PROHIBITED',
  'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
  'S3_BUCKET_VERSIONING_ENABLED',
  'CMK_BACKING_KEY_ROTATION_ENABLED',
  'GUARDDUTY_ENABLED_CENTRALIZED',
  'SECURITYHUB_ENABLED',
  'VPC_FLOW_LOGS_ENABLED',
  'INCOMING_SSH_DISABLED',
  'VPC_DEFAULT_SECURITY_GROUP_CLOSED',
];
/** Deployed under names other than the managed rule's own, so matching must use SourceIdentifier. */
const RENAMED: Record<string, string> = {
  SECURITYHUB_ENABLED: 'securityhub-enabled-conformance-pack-k3x9q2ab',
  S3_BUCKET_VERSIONING_ENABLED: 'prod-bucket-versioning',
};
/** Deployed but not useful to our frameworks, and a custom rule: things a collector must ignore. */
const EXTRA_RULES = ['EC2_EBS_ENCRYPTION_BY_DEFAULT'];

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'ci-deployer', 'backup-bot'];
const POLICIES = ['ReadOnlyAudit', 'DeployPipeline', 'BreakGlassAdmin', 'DataScience', 'BillingView', 'SupportTriage'];

const ANNOTATIONS: Record<string, string> = {
  MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS: 'Console password set, no MFA device.',
  IAM_USER_MFA_ENABLED: 'No MFA device is assigned to this user.',
  ACCESS_KEYS_ROTATED: 'Access key older than 90 days.',
  IAM_USER_UNUSED_CREDENTIALS_CHECK: 'Credentials unused for more than 90 days.',
  IAM_USER_NO_POLICIES_CHECK: 'Inline or directly attached policy found.',
  IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS: 'Statement allows Action "*" on Resource "*".',
  S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED: 'Default encryption is not configured.',
  S3_BUCKET_PUBLIC_READ_PROHIBITED: 'Bucket policy grants s3:GetObject to "*".',
  S3_BUCKET_PUBLIC_WRITE_PROHIBITED: 'Bucket ACL grants WRITE to AllUsers.',
  S3_BUCKET_VERSIONING_ENABLED: 'Versioning is suspended.',
  INCOMING_SSH_DISABLED: 'Ingress 0.0.0.0/0 on port 22.',
  VPC_DEFAULT_SECURITY_GROUP_CLOSED: 'Default security group has inbound rules.',
  VPC_FLOW_LOGS_ENABLED: 'No flow log for this VPC.',
  CMK_BACKING_KEY_ROTATION_ENABLED: 'Automatic key rotation is disabled.',
};

export interface AccountModel {
  seed: number;
  accountId: string;
  regions: string[];
  /** Deployed rules with their results for a day, per region. */
  configRules(region: string, day: number): TruthConfigRule[];
  trails(region: string): TruthTrail[];
  recorders(region: string): TruthRecorder[];
  truth(day: number): SandboxTruth;
}

export function accountIdFor(seed: number): string {
  return String(100_000_000_000 + Math.floor(unit('account', seed) * 899_999_999_999));
}

interface Resource {
  type: string;
  id: string;
}

export function buildAccount(seed: number, regions: string[] = DEFAULT_REGIONS): AccountModel {
  const accountId = accountIdFor(seed);
  const first = regions[0]!;
  const account: Resource[] = [{ type: 'AWS::::Account', id: accountId }];
  const users: Resource[] = USERS.map((u) => ({ type: 'AWS::IAM::User', id: iamId('AIDA', seed, 'user', u) }));
  const policies: Resource[] = POLICIES.map((p) => ({ type: 'AWS::IAM::Policy', id: iamId('ANPA', seed, 'policy', p) }));

  const perRegion = (region: string) => {
    const big = region === first;
    const buckets: Resource[] = Array.from({ length: big ? 9 : 4 }, (_, i) => ({ type: 'AWS::S3::Bucket', id: `sbx-${hexOf(6, seed, 'bucket', region, i)}-${region}-${i}` }));
    const keys: Resource[] = Array.from({ length: 4 }, (_, i) => {
      const h = hexOf(32, seed, 'kms', region, i);
      return { type: 'AWS::KMS::Key', id: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}` };
    });
    const vpcs: Resource[] = Array.from({ length: 3 }, (_, i) => ({ type: 'AWS::EC2::VPC', id: `vpc-${hexOf(17, seed, 'vpc', region, i)}` }));
    // Enough security groups in the first region that results take several pages of 100.
    const groups: Resource[] = Array.from({ length: big ? 263 : 41 }, (_, i) => ({ type: 'AWS::EC2::SecurityGroup', id: `sg-${hexOf(17, seed, 'sg', region, i)}` }));
    return { buckets, keys, vpcs, groups };
  };
  const regional = new Map(regions.map((r) => [r, perRegion(r)]));

  const trailBucket = `sbx-cloudtrail-${accountId}`;
  const allTrails: TruthTrail[] = [
    {
      Name: 'org-trail',
      TrailARN: `arn:aws:cloudtrail:${first}:${accountId}:trail/org-trail`,
      HomeRegion: first,
      IsMultiRegionTrail: true,
      IsOrganizationTrail: true,
      LogFileValidationEnabled: true,
      KmsKeyId: `arn:aws:kms:${first}:${accountId}:key/${regional.get(first)!.keys[0]!.id}`,
      S3BucketName: trailBucket,
      IncludeGlobalServiceEvents: true,
      IsLogging: true,
    },
    ...regions.slice(1, 2).map((r) => ({
      Name: 'legacy-regional-trail',
      TrailARN: `arn:aws:cloudtrail:${r}:${accountId}:trail/legacy-regional-trail`,
      HomeRegion: r,
      IsMultiRegionTrail: false,
      IsOrganizationTrail: false,
      LogFileValidationEnabled: false,
      S3BucketName: trailBucket,
      IncludeGlobalServiceEvents: false,
      IsLogging: false,
    })),
  ];
  const trailsIn = (region: string): TruthTrail[] => allTrails.filter((t) => t.HomeRegion === region || t.IsMultiRegionTrail);

  /** Resources a managed rule evaluates in a region. */
  const scopeOf = (sid: string, region: string): Resource[] => {
    const r = regional.get(region)!;
    if (sid.startsWith('IAM_USER') || sid === 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS' || sid === 'ACCESS_KEYS_ROTATED') return users;
    if (sid === 'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS') return policies;
    if (sid.startsWith('S3_BUCKET')) return r.buckets;
    if (sid === 'CMK_BACKING_KEY_ROTATION_ENABLED') return r.keys;
    if (sid === 'VPC_FLOW_LOGS_ENABLED') return r.vpcs;
    if (sid === 'INCOMING_SSH_DISABLED' || sid === 'VPC_DEFAULT_SECURITY_GROUP_CLOSED') return r.groups;
    if (sid.startsWith('CLOUD_TRAIL_')) return allTrails.filter((t) => t.HomeRegion === region).map((t) => ({ type: 'AWS::CloudTrail::Trail', id: t.Name }));
    return account;
  };

  /** A resource's verdict on a day: a seeded base verdict, flipped by each day's seeded drift. */
  const verdict = (sid: string, region: string, res: Resource, day: number): TruthResult => {
    const key = [seed, sid, region, res.id] as const;
    if (sid === 'VPC_DEFAULT_SECURITY_GROUP_CLOSED' && unit(...key, 'default-sg') > 0.1) {
      return { resourceType: res.type, resourceId: res.id, compliance: 'NOT_APPLICABLE' };
    }
    if (unit(...key, 'na') < NOT_APPLICABLE_SHARE) return { resourceType: res.type, resourceId: res.id, compliance: 'NOT_APPLICABLE' };
    // Flow logs are clean where the rule runs, so the region without the rule shows what
    // missing evidence looks like (NO_EVIDENCE, not PASS) on every seed.
    const clean = sid === 'VPC_FLOW_LOGS_ENABLED' || unit(seed, sid, 'clean') < CLEAN_RULE_SHARE;
    let bad = !clean && unit(...key, 'base') < NON_COMPLIANT_SHARE;
    // Trail rules follow the trails themselves, so the Config view agrees with the API view.
    if (sid === 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED') bad = !allTrails.find((t) => t.Name === res.id)?.LogFileValidationEnabled;
    else if (sid === 'CLOUD_TRAIL_ENCRYPTION_ENABLED') bad = !allTrails.find((t) => t.Name === res.id)?.KmsKeyId;
    else if (sid === 'MULTI_REGION_CLOUD_TRAIL_ENABLED') bad = !allTrails.some((t) => t.IsMultiRegionTrail && t.IsLogging);
    else for (let d = 1; d <= day; d += 1) if (unit(...key, 'drift', d) < DAILY_DRIFT) bad = !bad;
    return {
      resourceType: res.type,
      resourceId: res.id,
      compliance: bad ? 'NON_COMPLIANT' : 'COMPLIANT',
      ...(bad && ANNOTATIONS[sid] ? { annotation: ANNOTATIONS[sid] } : {}),
    };
  };

  const ruleNameOf = (sid: string): string => RENAMED[sid] ?? sid.toLowerCase().replace(/_/g, '-');
  const deployed = (region: string): { sid: string; owner: 'AWS' | 'CUSTOM_LAMBDA'; name: string }[] => {
    const list = region === first ? [...GLOBAL_RULES, ...REGIONAL_RULES, ...EXTRA_RULES] : REGIONAL_RULES.filter((s) => s !== 'VPC_FLOW_LOGS_ENABLED');
    const rules: { sid: string; owner: 'AWS' | 'CUSTOM_LAMBDA'; name: string }[] = list.map((sid) => ({ sid, owner: 'AWS', name: ruleNameOf(sid) }));
    if (region === first) {
      rules.push({ sid: `arn:aws:lambda:${first}:${accountId}:function:tag-policy-check`, owner: 'CUSTOM_LAMBDA', name: 'custom-required-tags' });
    }
    return rules;
  };

  const configRules = (region: string, day: number): TruthConfigRule[] =>
    deployed(region).map((r) => {
      const id = `config-rule-${hexOf(6, seed, region, r.name)}`;
      // A rule that was deployed recently and has not evaluated anything yet (INSUFFICIENT_DATA).
      const empty = region !== first && r.sid === 'CMK_BACKING_KEY_ROTATION_ENABLED';
      const results = r.owner === 'CUSTOM_LAMBDA' ? regional.get(region)!.buckets.map((b) => verdict('custom', region, b, day)) : empty ? [] : scopeOf(r.sid, region).map((res) => verdict(r.sid, region, res, day));
      return {
        ConfigRuleName: r.name,
        ConfigRuleArn: `arn:aws:config:${region}:${accountId}:config-rule/${id}`,
        ConfigRuleId: id,
        SourceIdentifier: r.sid,
        Owner: r.owner,
        results,
      };
    });

  const recorders = (region: string): TruthRecorder[] => [{ name: 'default', recording: region === first, lastStatus: 'SUCCESS' }];

  const perAll = <T>(f: (region: string) => T[]): Record<string, Record<string, T[]>> => ({
    [accountId]: Object.fromEntries(regions.map((r) => [r, f(r)])),
  });

  return {
    seed,
    accountId,
    regions,
    configRules,
    trails: trailsIn,
    recorders,
    truth: (day) => ({
      seed,
      day,
      accounts: [accountId],
      regions,
      configRules: perAll((r) => configRules(r, day)),
      trails: perAll(trailsIn),
      configRecorders: perAll(recorders),
    }),
  };
}
