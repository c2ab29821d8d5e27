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

/** One day of simulated time, in milliseconds. */
export const DAY_MS = 86_400_000;

/** The sandbox clock: "now" on day D is 06:00 UTC that day, after the nightly evaluations. */
export function simulatedNow(day: number): number {
  return EPOCH + day * DAY_MS + 6 * 3_600_000;
}

export interface AccessKeyFacts {
  active: boolean;
  lastRotated: number;
  lastUsed?: { at: number; region: string; service: string };
}

export interface IamUserFacts {
  name: string;
  arn: string;
  id: string;
  created: number;
  /** Console password, or null for a user without console access. */
  password: { lastChanged: number; lastUsed?: number } | null;
  mfa: boolean;
  keys: [AccessKeyFacts | null, AccessKeyFacts | null];
}

export interface RootFacts {
  arn: string;
  created: number;
  mfa: boolean;
  accessKey: AccessKeyFacts | null;
  lastSignIn?: number;
}

export interface PasswordPolicyFacts {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  ExpirePasswords: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry: boolean;
}

export interface PublicAccessBlockFacts {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface BucketFacts {
  name: string;
  region: string;
  created: number;
  versioning: 'Enabled' | 'Suspended';
  encryption: { SSEAlgorithm: 'AES256' | 'aws:kms'; KMSMasterKeyID?: string; BucketKeyEnabled: boolean } | null;
  publicAccessBlock: PublicAccessBlockFacts | null;
  policy: { IsPublic: boolean } | null;
}

export interface KmsKeyFacts {
  id: string;
  arn: string;
  manager: 'CUSTOMER' | 'AWS';
  alias?: string;
  spec: 'SYMMETRIC_DEFAULT' | 'RSA_2048';
  usage: 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY';
  created: number;
  description: string;
  /** Automatic rotation on or off; null where KMS does not support it (asymmetric keys). */
  rotation: boolean | null;
}

export interface DetectorFacts {
  id: string;
  status: 'ENABLED' | 'SUSPENDED';
  created: number;
  updated: number;
}

export interface HubFacts {
  arn: string;
  subscribedAt: number;
  standards: ('fsbp' | 'cis')[];
}

const ALL_BLOCKED: PublicAccessBlockFacts = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const NONE_BLOCKED: PublicAccessBlockFacts = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
/** New public policies and ACLs refused, but existing public ones still honoured. */
const PARTLY_BLOCKED: PublicAccessBlockFacts = { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false };
const STRONG_POLICY: PasswordPolicyFacts = {
  MinimumPasswordLength: 14,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  ExpirePasswords: true,
  MaxPasswordAge: 90,
  PasswordReusePrevention: 24,
  HardExpiry: false,
};
const WEAK_POLICY: PasswordPolicyFacts = {
  MinimumPasswordLength: 8,
  RequireSymbols: false,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  ExpirePasswords: false,
  HardExpiry: false,
};
/** AWS managed keys every account-region has once the services have been used. */
export const AWS_MANAGED_KEY_ALIASES = ['aws/s3', 'aws/ebs', 'aws/rds'];
const KEY_SERVICES = ['s3', 'ec2', 'sts', 'iam', 'cloudformation'];

/** The IAM_PASSWORD_POLICY managed rule's default parameters. */
export function passwordPolicyMeetsDefaults(p: PasswordPolicyFacts | null): boolean {
  return (
    p !== null &&
    p.RequireUppercaseCharacters &&
    p.RequireLowercaseCharacters &&
    p.RequireSymbols &&
    p.RequireNumbers &&
    p.MinimumPasswordLength >= 14 &&
    (p.PasswordReusePrevention ?? 0) >= 24 &&
    p.MaxPasswordAge !== undefined &&
    p.MaxPasswordAge <= 90
  );
}

function blocksEverything(b: PublicAccessBlockFacts | null): boolean {
  return b !== null && b.BlockPublicAcls && b.IgnorePublicAcls && b.BlockPublicPolicy && b.RestrictPublicBuckets;
}

function resultOf(sid: string, res: { type: string; id: string }, compliance: Compliance): Result {
  return {
    resourceType: res.type,
    resourceId: res.id,
    compliance,
    ...(compliance === 'NON_COMPLIANT' && ANNOTATIONS[sid] ? { annotation: ANNOTATIONS[sid] } : {}),
  };
}

/** A time on a day, whole seconds: `share` of the day after midnight UTC. */
function atDay(day: number, share: number): number {
  return EPOCH + day * DAY_MS + Math.floor(share * 86_400) * 1000;
}

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

  /**
   * A resource's verdict on a day: a seeded base verdict, flipped by each day's seeded drift.
   * Rules that judge a fact the service APIs also show are derived from that fact instead, so
   * the Config view and the API view of the same resource agree.
   */
  verdict(sid: string, account: string, region: string, res: { type: string; id: string }, day: number): Result {
    const derived = this.derivedCompliance(sid, account, region, res, day);
    return derived ? resultOf(sid, res, derived) : this.seeded(sid, account, region, res, day);
  }

  private derivedCompliance(sid: string, account: string, region: string, res: { type: string; id: string }, day: number): Compliance | undefined {
    switch (sid) {
      case 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS':
        if (!this.userHasPassword(account, res.id)) return 'NOT_APPLICABLE';
        return this.userHasMfa(account, res, day) ? 'COMPLIANT' : 'NON_COMPLIANT';
      case 'IAM_PASSWORD_POLICY':
        return passwordPolicyMeetsDefaults(this.passwordPolicy(account, day)) ? 'COMPLIANT' : 'NON_COMPLIANT';
      case 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC':
        return blocksEverything(this.accountPublicAccessBlock(account, day)) ? 'COMPLIANT' : 'NON_COMPLIANT';
      case 'S3_BUCKET_PUBLIC_READ_PROHIBITED':
      case 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED': {
        // The account-level block makes every bucket non-public, whatever its own settings.
        const base = this.seeded(sid, account, region, res, day).compliance;
        return base === 'NON_COMPLIANT' && blocksEverything(this.accountPublicAccessBlock(account, day)) ? 'COMPLIANT' : base;
      }
      case 'GUARDDUTY_ENABLED_CENTRALIZED':
        return this.guardDutyDetector(account, region, day)?.status === 'ENABLED' ? 'COMPLIANT' : 'NON_COMPLIANT';
      case 'SECURITYHUB_ENABLED':
        return this.securityHub(account, region, day) ? 'COMPLIANT' : 'NON_COMPLIANT';
      case 'CMK_BACKING_KEY_ROTATION_ENABLED':
        // The organization trail's key encrypts logs, so it is symmetric (never NOT_APPLICABLE).
        if (this.isTrailKey(account, region, res.id) && this.seeded(sid, account, region, res, day).compliance === 'NOT_APPLICABLE') return 'COMPLIANT';
        return undefined;
      default:
        return undefined;
    }
  }

  /** The seeded verdict, before any derivation from service facts. */
  private seeded(sid: string, account: string, region: string, res: { type: string; id: string }, day: number): Result {
    const key = [this.seed, sid, account, region, res.id] as const;
    const out = (compliance: Compliance): Result => resultOf(sid, res, compliance);
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

  // ---- Service facts: what the IAM, S3, KMS, GuardDuty and Security Hub APIs show. Each is a
  // pure function of (seed, account, region, index, day), and agrees with the Config verdicts
  // about the same thing (a suspended bucket is NON_COMPLIANT for versioning the same day).

  /** 0 for the management account, 1.. for members, -1 for strangers. */
  accountIndex(account: string): number {
    return this.index.get(account) ?? -1;
  }

  private accountResource(account: string): { type: string; id: string } {
    return this.resource('account', account, this.first, 0);
  }

  private seededOk(sid: string, account: string, region: string, day: number): boolean {
    return this.seeded(sid, account, region, this.accountResource(account), day).compliance === 'COMPLIANT';
  }

  /** IAM is global: its users are counted in the first region, where Config records them. */
  iamUserCount(account: string): number {
    return this.count('user', account, this.first);
  }

  userHasPassword(account: string, userId: string): boolean {
    return unit(this.seed, account, userId, 'console') < 0.85;
  }

  private userHasMfa(account: string, res: { type: string; id: string }, day: number): boolean {
    return this.seeded('IAM_USER_MFA_ENABLED', account, this.first, res, day).compliance === 'COMPLIANT';
  }

  /** Successful console sign-ins of a user on a day (ms, ascending); some users never sign in. */
  consoleLogins(account: string, userId: string, day: number): number[] {
    if (!this.userHasPassword(account, userId) || unit(this.seed, account, userId, 'never-signs-in') < 0.1) return [];
    const n = Math.floor(unit(this.seed, account, userId, 'logins', day) * 3);
    return Array.from({ length: n }, (_, k) => atDay(day, unit(this.seed, account, userId, 'login-at', day, k))).sort((a, b) => a - b);
  }

  /** The root user's console sign-in on a day, if it signed in. */
  rootLogin(account: string, day: number): number | undefined {
    return unit(this.seed, account, 'root-login', day) < 0.15 ? atDay(day, unit(this.seed, account, 'root-login-at', day)) : undefined;
  }

  /** Latest sign-in at or before `now`, looking back `days` days. */
  private lastSignIn(day: number, days: number, logins: (d: number) => number[]): number | undefined {
    const now = simulatedNow(day);
    for (let d = day; d > day - days; d -= 1) {
      const before = logins(d).filter((t) => t <= now);
      if (before.length > 0) return before.at(-1);
    }
    return undefined;
  }

  /** Whether the user's MFA device is active on a day (the IAM_USER_MFA_ENABLED verdict). */
  userMfaOn(account: string, i: number, day: number): boolean {
    return this.userHasMfa(account, this.resource('user', account, this.first, i), day);
  }

  /** Whether the root user has MFA on a day (the ROOT_ACCOUNT_MFA_ENABLED verdict). */
  rootMfaOn(account: string, day: number): boolean {
    return this.seededOk('ROOT_ACCOUNT_MFA_ENABLED', account, this.first, day);
  }

  iamUser(account: string, i: number, day: number): IamUserFacts {
    const res = this.resource('user', account, this.first, i);
    const u = (...p: (string | number)[]): number => unit(this.seed, account, res.id, ...p);
    const name = this.userName(account, i);
    const now = simulatedNow(day);
    const created = EPOCH - (500 + Math.floor(u('created') * 700)) * DAY_MS + Math.floor(u('created-s') * 86_400) * 1000;
    let password: IamUserFacts['password'] = null;
    if (this.userHasPassword(account, res.id)) {
      // Changed within each 60-day period, a day or more before "now".
      const lastChanged = atDay(Math.floor(day / 60) * 60 - 1 - Math.floor(u('pw-changed') * 25), u('pw-changed-s'));
      const lastUsed = this.lastSignIn(day, 30, (d) => this.consoleLogins(account, res.id, d));
      password = { lastChanged, ...(lastUsed !== undefined ? { lastUsed } : {}) };
    }
    // ACCESS_KEYS_ROTATED: NON_COMPLIANT means an active key older than 90 days.
    const rotation = this.seeded('ACCESS_KEYS_ROTATED', account, this.first, res, day).compliance;
    let key1: AccessKeyFacts | null = null;
    if (rotation === 'NON_COMPLIANT') key1 = { active: true, lastRotated: atDay(-100 - Math.floor(u('ak-age') * 300), u('ak-s')) };
    else if (rotation === 'COMPLIANT' && u('has-key') < 0.6) key1 = { active: true, lastRotated: atDay(Math.floor(day / 30) * 30 - 1 - Math.floor(u('ak-recent') * 50), u('ak-s')) };
    if (key1 && u('ak-used') < 0.8) {
      key1.lastUsed = { at: now - Math.floor(u('ak-used-at', day) * 5 * 3600) * 1000, region: this.first, service: KEY_SERVICES[Math.floor(u('ak-svc') * KEY_SERVICES.length)]! };
    }
    // A deactivated old key: present in the report, never counted against rotation.
    const key2: AccessKeyFacts | null = u('key2') < 0.15 ? { active: false, lastRotated: atDay(-400, u('key2-s')) } : null;
    return { name, arn: `arn:aws:iam::${account}:user/${name}`, id: res.id, created, password, mfa: this.userHasMfa(account, res, day), keys: [key1, key2] };
  }

  root(account: string, day: number): RootFacts {
    const hasKey = !this.seededOk('IAM_ROOT_ACCESS_KEY_CHECK', account, this.first, day);
    const lastSignIn = this.lastSignIn(day, 90, (d) => {
      const t = this.rootLogin(account, d);
      return t === undefined ? [] : [t];
    });
    return {
      arn: `arn:aws:iam::${account}:root`,
      created: atDay(-900 - this.accountIndex(account), 0.4),
      mfa: this.rootMfaOn(account, day),
      accessKey: hasKey ? { active: true, lastRotated: atDay(-700, 0.3), lastUsed: { at: atDay(-40, 0.6), region: this.first, service: 'ec2' } } : null,
      ...(lastSignIn !== undefined ? { lastSignIn } : {}),
    };
  }

  /** The account's password policy; the first member never set one (IAM answers NoSuchEntity). */
  passwordPolicy(account: string, day: number): PasswordPolicyFacts | null {
    if (account === this.members[0]) return null;
    return this.seededOk('IAM_PASSWORD_POLICY', account, this.first, day) ? { ...STRONG_POLICY } : { ...WEAK_POLICY };
  }

  /** S3 Block Public Access for the whole account; the second member never turned it on. */
  accountPublicAccessBlock(account: string, day: number): PublicAccessBlockFacts | null {
    if (this.members.length > 1 && account === this.members[1]) return null;
    if (this.seededOk('S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC', account, this.first, day)) return { ...ALL_BLOCKED };
    return unit(this.seed, account, 'bpa-shape') < 0.5 ? null : { ...PARTLY_BLOCKED };
  }

  /** "sbx-<account>-<region>-<i>" back to its parts, if it names a bucket that exists. */
  parseBucketName(name: string): { account: string; region: string; index: number } | undefined {
    const m = /^sbx-(\d{12})-([a-z0-9-]+)-(\d+)$/.exec(name);
    if (!m) return undefined;
    const [account, region, index] = [m[1]!, m[2]!, Number(m[3])];
    if (!this.isAccount(account) || !this.regions.includes(region) || index >= this.count('bucket', account, region) || name !== this.bucketName(account, region, index)) return undefined;
    return { account, region, index };
  }

  /** Every bucket of an account (S3 lists them all from any region), sorted by name as S3 does. */
  bucketNames(account: string): string[] {
    return this.regions.flatMap((r) => Array.from({ length: this.count('bucket', account, r) }, (_, i) => this.bucketName(account, r, i))).sort();
  }

  /** When a bucket was made (cheap: ListBuckets needs only this). */
  bucketCreated(account: string, region: string, i: number): number {
    const id = this.bucketName(account, region, i);
    return atDay(-30 - Math.floor(unit(this.seed, account, id, 'created') * 600), unit(this.seed, account, id, 'created-s'));
  }

  bucket(account: string, region: string, i: number, day: number): BucketFacts {
    const res = this.resource('bucket', account, region, i);
    const u = (...p: (string | number)[]): number => unit(this.seed, account, res.id, ...p);
    const bad = (sid: string): boolean => this.verdict(sid, account, region, res, day).compliance === 'NON_COMPLIANT';
    const keys = this.count('key', account, region);
    const exposed = bad('S3_BUCKET_PUBLIC_READ_PROHIBITED') || bad('S3_BUCKET_PUBLIC_WRITE_PROHIBITED');
    return {
      name: res.id,
      region,
      created: this.bucketCreated(account, region, i),
      versioning: bad('S3_BUCKET_VERSIONING_ENABLED') ? 'Suspended' : 'Enabled',
      encryption: bad('S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED')
        ? null
        : u('sse') < 0.5
          ? { SSEAlgorithm: 'AES256', BucketKeyEnabled: false }
          : { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: this.keyArn(account, region, this.resource('key', account, region, Math.floor(u('sse-key') * keys)).id), BucketKeyEnabled: true },
      publicAccessBlock: exposed ? (u('pab') < 0.5 ? null : { ...NONE_BLOCKED }) : u('pab') < 0.7 ? { ...ALL_BLOCKED } : null,
      policy: bad('S3_BUCKET_PUBLIC_READ_PROHIBITED') ? { IsPublic: true } : u('policy') < 0.35 ? { IsPublic: false } : null,
    };
  }

  keyArn(account: string, region: string, id: string): string {
    return `arn:aws:kms:${region}:${account}:key/${id}`;
  }

  /** Customer managed keys (the ones Config judges), then the AWS managed ones. */
  kmsKeyCount(account: string, region: string): number {
    return this.count('key', account, region) + AWS_MANAGED_KEY_ALIASES.length;
  }

  kmsKey(account: string, region: string, i: number, day: number): KmsKeyFacts {
    const n = this.count('key', account, region);
    if (i >= n) {
      const alias = AWS_MANAGED_KEY_ALIASES[i - n]!;
      const h = hexOf(32, this.seed, account, 'aws-kms', region, alias);
      const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
      const service = alias.slice(4).toUpperCase();
      return { id, arn: this.keyArn(account, region, id), manager: 'AWS', alias, spec: 'SYMMETRIC_DEFAULT', usage: 'ENCRYPT_DECRYPT', created: atDay(-300, unit(this.seed, id)), description: `Default key that protects my ${service} resources when no other key is defined`, rotation: true };
    }
    const res = this.resource('key', account, region, i);
    // Config answers NOT_APPLICABLE for keys whose rotation KMS cannot do: asymmetric keys.
    const v = this.verdict('CMK_BACKING_KEY_ROTATION_ENABLED', account, region, res, day).compliance;
    const asymmetric = v === 'NOT_APPLICABLE';
    const trailKey = this.isTrailKey(account, region, res.id);
    return {
      id: res.id,
      arn: this.keyArn(account, region, res.id),
      manager: 'CUSTOMER',
      spec: asymmetric ? 'RSA_2048' : 'SYMMETRIC_DEFAULT',
      usage: asymmetric ? 'SIGN_VERIFY' : 'ENCRYPT_DECRYPT',
      created: atDay(-10 - Math.floor(unit(this.seed, res.id, 'created') * 700), unit(this.seed, res.id, 'created-s')),
      description: trailKey ? 'organization trail log encryption' : asymmetric ? `signing key ${i}` : `data key ${i}`,
      rotation: asymmetric ? null : v === 'COMPLIANT',
    };
  }

  /** The organization trail encrypts with the management account's first key. */
  private isTrailKey(account: string, region: string, id: string): boolean {
    return account === this.management && region === this.first && id === this.resource('key', account, region, 0).id;
  }

  /** GuardDuty's detector; the first member's is suspended and the newest member has none, in the last region. */
  guardDutyDetector(account: string, region: string, day: number): DetectorFacts | null {
    const last = this.regions.at(-1)!;
    const created = atDay(-200 - Math.floor(unit(this.seed, account, region, 'gd-created') * 300), 0.5);
    const detector = (status: DetectorFacts['status']): DetectorFacts => ({ id: hexOf(32, this.seed, account, region, 'detector'), status, created, updated: created + 30 * DAY_MS });
    if (region === last && account === this.members[0]) return detector('SUSPENDED');
    if (region === last && this.members.length > 1 && account === this.members.at(-1)) return null;
    if (this.seededOk('GUARDDUTY_ENABLED_CENTRALIZED', account, region, day)) return detector('ENABLED');
    return unit(this.seed, account, region, 'gd-off') < 0.5 ? null : detector('SUSPENDED');
  }

  /** Security Hub, when subscribed; the newest member never enabled it in the last region. */
  securityHub(account: string, region: string, day: number): HubFacts | null {
    if (this.members.length > 1 && account === this.members.at(-1) && region === this.regions.at(-1)) return null;
    if (!this.seededOk('SECURITYHUB_ENABLED', account, region, day)) return null;
    const fsbp = unit(this.seed, account, region, 'fsbp') >= 0.2;
    const cis = !fsbp || unit(this.seed, account, region, 'cis') < 0.5;
    return {
      arn: `arn:aws:securityhub:${region}:${account}:hub/default`,
      subscribedAt: atDay(-100 - Math.floor(unit(this.seed, account, region, 'sh-at') * 300), 0.25),
      standards: [...(fsbp ? (['fsbp'] as const) : []), ...(cis ? (['cis'] as const) : [])],
    };
  }
}
