// The synthetic AWS organization, computed from (seed, accounts, regions, resources, day).
// Every fact is a pure function of its inputs: any page is answered by generating just its
// items, so 200 accounts × 4 regions × thousands of resources cost no memory, and two days
// differ by a known, seeded share of flipped verdicts.
import { hexOf, iamId, unit } from './prng.ts';

export const DEFAULT_REGIONS = ['us-east-1', 'eu-west-1'];
export const DEFAULT_MEMBERS = 3;
export const DEFAULT_RESOURCES = 300;
/** Share of verdicts that flip between consecutive days. */
export const DAILY_DRIFT = 0.05;
/** Day 0 of simulated time. */
export const EPOCH = Date.UTC(2026, 10, 1);
/** The product's own read-only role, present in every member (README names it). */
export const COLLECTOR_ROLE = 'EvidenceCollectorReadOnly';
export const MEMBER_ROLES = ['OrganizationAccountAccessRole', COLLECTOR_ROLE];

const CLEAN_RULE_SHARE = 0.35;
const NON_COMPLIANT_SHARE = 0.2;
const NOT_APPLICABLE_SHARE = 0.04;

export type Compliance = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
export interface Result {
  resourceType: string;
  resourceId: string;
  compliance: Compliance;
  annotation?: string;
}

export interface DeployedRule {
  name: string;
  arn: string;
  id: string;
  sourceIdentifier: string;
  owner: 'AWS' | 'CUSTOM_LAMBDA';
}

export interface Trail {
  Name: string;
  TrailARN: string;
  HomeRegion: string;
  IsMultiRegionTrail: boolean;
  IsOrganizationTrail: boolean;
  LogFileValidationEnabled: boolean;
  KmsKeyId?: string;
  S3BucketName: string;
  IncludeGlobalServiceEvents: boolean;
  IsLogging: boolean;
}

export interface Recorder {
  name: string;
  recording: boolean;
  lastStatus: 'SUCCESS' | 'FAILURE' | 'PENDING';
}

export interface AccountInfo {
  Id: string;
  Arn: string;
  Email: string;
  Name: string;
  Status: 'ACTIVE';
  JoinedMethod: 'CREATED' | 'INVITED';
  JoinedTimestamp: number;
  /** Organizational unit id. */
  ou: string;
}

// Rules about account-global things, deployed only in the first region (as many accounts do).
export const GLOBAL_RULES = [
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
export const REGIONAL_RULES = [
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
/** Deployed but used by no framework here: something a collector must ignore. */
const EXTRA_RULES = ['EC2_EBS_ENCRYPTION_BY_DEFAULT'];

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

const USER_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'ci-deployer', 'backup-bot', 'grace', 'heidi', 'ivan', 'judy'];

export interface OrgOptions {
  seed?: number;
  /** Member accounts besides the management account. */
  accounts?: number;
  regions?: string[];
  /** Resources per account-region (security groups, buckets, keys, VPCs, users...). */
  resources?: number;
}

/** Resource kinds the rules evaluate, with how many exist per account-region. */
type Kind = 'account' | 'user' | 'policy' | 'bucket' | 'key' | 'vpc' | 'sg' | 'trail';

export class OrgModel {
  readonly seed: number;
  readonly regions: string[];
  readonly resources: number;
  readonly management: string;
  readonly members: string[];
  readonly accounts: string[];
  readonly organizationId: string;
  private readonly index = new Map<string, number>();

  constructor(opts: OrgOptions = {}) {
    this.seed = opts.seed ?? 1;
    this.regions = opts.regions ?? DEFAULT_REGIONS;
    this.resources = opts.resources ?? DEFAULT_RESOURCES;
    const n = opts.accounts ?? DEFAULT_MEMBERS;
    const ids = new Set<string>();
    const make = (i: number): string => {
      for (let salt = 0; ; salt += 1) {
        const id = String(100_000_000_000 + Math.floor(unit('account', this.seed, i, salt) * 899_999_999_999));
        if (!ids.has(id)) {
          ids.add(id);
          return id;
        }
      }
    };
    this.management = make(0);
    this.members = Array.from({ length: n }, (_, i) => make(i + 1));
    this.accounts = [this.management, ...this.members];
    this.accounts.forEach((a, i) => this.index.set(a, i));
    this.organizationId = `o-${hexOf(10, this.seed, 'org')}`;
  }

  get first(): string {
    return this.regions[0]!;
  }

  isAccount(id: string): boolean {
    return this.index.has(id);
  }

  accountInfo(id: string): AccountInfo | undefined {
    const i = this.index.get(id);
    if (i === undefined) return undefined;
    const name = i === 0 ? 'management' : `member-${String(i).padStart(3, '0')}`;
    return {
      Id: id,
      Arn: `arn:aws:organizations::${this.management}:account/${this.organizationId}/${id}`,
      Email: `aws+${name}@example.com`,
      Name: name,
      Status: 'ACTIVE',
      JoinedMethod: i === 0 ? 'INVITED' : 'CREATED',
      JoinedTimestamp: Math.floor(EPOCH / 1000) - 86_400 * (400 - (i % 300)),
      ou: i === 0 ? `r-${hexOf(4, this.seed, 'root')}` : `ou-${hexOf(4, this.seed, 'root')}-${hexOf(8, this.seed, 'ou', i % 3)}`,
    };
  }

  /** Organizational units: three under the root; members spread across them. */
  ous(): string[] {
    return [0, 1, 2].map((k) => `ou-${hexOf(4, this.seed, 'root')}-${hexOf(8, this.seed, 'ou', k)}`);
  }

  count(kind: Kind, account: string, region: string): number {
    const r = this.resources;
    const first = region === this.first;
    switch (kind) {
      case 'account':
        return 1;
      case 'user':
        return first ? Math.min(2 + Math.round(0.05 * r), 5000) : 0;
      case 'policy':
        return first ? 2 + Math.round(0.02 * r) : 0;
      case 'bucket':
        return 1 + Math.round(0.1 * r);
      case 'key':
        return 1 + Math.round(0.05 * r);
      case 'vpc':
        return 1 + Math.round(0.05 * r);
      case 'sg':
        return Math.max(1, Math.round(0.9 * r));
      case 'trail':
        return this.trails(account, region).filter((t) => t.HomeRegion === region && t.TrailARN.includes(`:${account}:`)).length;
    }
  }

  resource(kind: Kind, account: string, region: string, i: number): { type: string; id: string } {
    const s = this.seed;
    switch (kind) {
      case 'account':
        return { type: 'AWS::::Account', id: account };
      case 'user':
        return { type: 'AWS::IAM::User', id: iamId('AIDA', s, account, 'user', i) };
      case 'policy':
        return { type: 'AWS::IAM::Policy', id: iamId('ANPA', s, account, 'policy', i) };
      case 'bucket':
        return { type: 'AWS::S3::Bucket', id: this.bucketName(account, region, i) };
      case 'key': {
        const h = hexOf(32, s, account, 'kms', region, i);
        return { type: 'AWS::KMS::Key', id: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}` };
      }
      case 'vpc':
        return { type: 'AWS::EC2::VPC', id: `vpc-${hexOf(17, s, account, 'vpc', region, i)}` };
      case 'sg':
        return { type: 'AWS::EC2::SecurityGroup', id: `sg-${hexOf(17, s, account, 'sg', region, i)}` };
      case 'trail': {
        const own = this.trails(account, region).filter((t) => t.HomeRegion === region && t.TrailARN.includes(`:${account}:`));
        return { type: 'AWS::CloudTrail::Trail', id: own[i]!.Name };
      }
    }
  }

  userName(account: string, i: number): string {
    const base = USER_NAMES[i % USER_NAMES.length]!;
    return i < USER_NAMES.length ? base : `${base}-${i}`;
  }

  bucketName(account: string, region: string, i: number): string {
    return `sbx-${account}-${region}-${i}`;
  }

  private kindOf(sid: string): Kind {
    if (sid.startsWith('IAM_USER') || sid === 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS' || sid === 'ACCESS_KEYS_ROTATED') return 'user';
    if (sid === 'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS') return 'policy';
    if (sid.startsWith('S3_BUCKET')) return 'bucket';
    if (sid === 'CMK_BACKING_KEY_ROTATION_ENABLED') return 'key';
    if (sid === 'VPC_FLOW_LOGS_ENABLED') return 'vpc';
    if (sid === 'INCOMING_SSH_DISABLED' || sid === 'VPC_DEFAULT_SECURITY_GROUP_CLOSED') return 'sg';
    if (sid.startsWith('CLOUD_TRAIL_')) return 'trail';
    return 'account';
  }

  /** The rules deployed in an account-region; some accounts lack some, to create real gaps. */
  rules(account: string, region: string): DeployedRule[] {
    const first = region === this.first;
    let list = first ? [...GLOBAL_RULES, ...REGIONAL_RULES, ...EXTRA_RULES] : REGIONAL_RULES.filter((s) => s !== 'VPC_FLOW_LOGS_ENABLED');
    // A member or two never deployed GuardDuty's rule in a non-first region.
    if (!first && account !== this.management && unit(this.seed, account, 'no-gd-rule') < 0.3) list = list.filter((s) => s !== 'GUARDDUTY_ENABLED_CENTRALIZED');
    const out: DeployedRule[] = list.map((sid) => this.rule(account, region, sid, RENAMED[sid] ?? sid.toLowerCase().replace(/_/g, '-'), 'AWS'));
    if (first) out.push(this.rule(account, region, `arn:aws:lambda:${region}:${account}:function:tag-policy-check`, 'custom-required-tags', 'CUSTOM_LAMBDA'));
    return out;
  }

  private rule(account: string, region: string, sid: string, name: string, owner: 'AWS' | 'CUSTOM_LAMBDA'): DeployedRule {
    const id = `config-rule-${hexOf(6, this.seed, account, region, name)}`;
    return { name, arn: `arn:aws:config:${region}:${account}:config-rule/${id}`, id, sourceIdentifier: sid, owner };
  }

  /** How many evaluation results a rule has; a rule deployed recently has none yet. */
  resultCount(account: string, region: string, rule: DeployedRule): number {
    if (rule.owner === 'CUSTOM_LAMBDA') return this.count('bucket', account, region);
    if (region !== this.first && rule.sourceIdentifier === 'CMK_BACKING_KEY_ROTATION_ENABLED') return 0;
    return this.count(this.kindOf(rule.sourceIdentifier), account, region);
  }

  result(account: string, region: string, rule: DeployedRule, i: number, day: number): Result {
    const sid = rule.owner === 'CUSTOM_LAMBDA' ? 'custom' : rule.sourceIdentifier;
    const kind = rule.owner === 'CUSTOM_LAMBDA' ? 'bucket' : this.kindOf(sid);
    const res = this.resource(kind, account, region, i);
    return this.verdict(sid, account, region, res, day);
  }

  results(account: string, region: string, rule: DeployedRule, day: number): Result[] {
    return Array.from({ length: this.resultCount(account, region, rule) }, (_, i) => this.result(account, region, rule, i, day));
  }

  /** A resource's verdict on a day: a seeded base verdict, flipped by each day's seeded drift. */
  verdict(sid: string, account: string, region: string, res: { type: string; id: string }, day: number): Result {
    const key = [this.seed, sid, account, region, res.id] as const;
    const out = (compliance: Compliance): Result => ({
      resourceType: res.type,
      resourceId: res.id,
      compliance,
      ...(compliance === 'NON_COMPLIANT' && ANNOTATIONS[sid] ? { annotation: ANNOTATIONS[sid] } : {}),
    });
    if (sid === 'VPC_DEFAULT_SECURITY_GROUP_CLOSED' && unit(...key, 'default-sg') > 0.1) return out('NOT_APPLICABLE');
    if (unit(...key, 'na') < NOT_APPLICABLE_SHARE && res.type !== 'AWS::::Account' && res.type !== 'AWS::CloudTrail::Trail') return out('NOT_APPLICABLE');
    // Trail rules follow the trails themselves, so the Config view agrees with the API view.
    if (sid.startsWith('CLOUD_TRAIL_') || sid === 'MULTI_REGION_CLOUD_TRAIL_ENABLED') {
      const trails = this.trails(account, region);
      const t = trails.find((x) => x.Name === res.id);
      const bad =
        sid === 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED' ? !t?.LogFileValidationEnabled : sid === 'CLOUD_TRAIL_ENCRYPTION_ENABLED' ? !t?.KmsKeyId : !trails.some((x) => x.IsMultiRegionTrail && x.IsLogging);
      return out(bad ? 'NON_COMPLIANT' : 'COMPLIANT');
    }
    // Flow logs are clean where the rule runs, so the region without the rule shows what
    // missing evidence looks like (NO_EVIDENCE, not PASS) on every seed.
    const clean = sid === 'VPC_FLOW_LOGS_ENABLED' || unit(this.seed, sid, 'clean') < CLEAN_RULE_SHARE;
    let bad = !clean && unit(...key, 'base') < NON_COMPLIANT_SHARE;
    for (let d = 1; d <= day; d += 1) if (unit(...key, 'drift', d) < DAILY_DRIFT) bad = !bad;
    return out(bad ? 'NON_COMPLIANT' : 'COMPLIANT');
  }

  /** Trails visible from an account-region (DescribeTrails with shadow trails). */
  trails(account: string, region: string): Trail[] {
    const first = this.first;
    const m = this.management;
    const bucket = `sbx-org-cloudtrail-${m}`;
    const orgTrail: Trail = {
      Name: 'org-trail',
      TrailARN: `arn:aws:cloudtrail:${first}:${m}:trail/org-trail`,
      HomeRegion: first,
      IsMultiRegionTrail: true,
      IsOrganizationTrail: true,
      LogFileValidationEnabled: true,
      KmsKeyId: `arn:aws:kms:${first}:${m}:key/${this.resource('key', m, first, 0).id}`,
      S3BucketName: bucket,
      IncludeGlobalServiceEvents: true,
      IsLogging: true,
    };
    const out: Trail[] = [];
    // The organization trail covers every account but the newest member, which joined after it
    // was set up and was never enrolled: an account with a CloudTrail gap.
    const gap = this.members.length > 0 && account === this.members.at(-1);
    if (!gap) out.push(orgTrail);
    if (this.regions.length > 1 && region === this.regions[1]) {
      out.push({
        Name: 'legacy-regional-trail',
        TrailARN: `arn:aws:cloudtrail:${region}:${account}:trail/legacy-regional-trail`,
        HomeRegion: region,
        IsMultiRegionTrail: false,
        IsOrganizationTrail: false,
        LogFileValidationEnabled: false,
        S3BucketName: `sbx-legacy-trail-${account}`,
        IncludeGlobalServiceEvents: false,
        IsLogging: false,
      });
    }
    return out;
  }

  recorders(_account: string, region: string): Recorder[] {
    return [{ name: 'default', recording: region === this.first, lastStatus: 'SUCCESS' }];
  }
}
