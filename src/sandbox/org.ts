// The synthetic AWS organization, computed from (seed, accounts, regions, resources, day): its
// accounts and regions, the resources each account-region holds, and, composed from each
// service's facts (services/*-facts.ts), what every API shows about them.
// Every fact is a pure function of its inputs: any page is answered by generating just its
// items, so 200 accounts × 4 regions × thousands of resources cost no memory, and two days
// differ by a known, seeded share of flipped verdicts.
import { hexOf, iamId, unit, uuidOf } from './prng.ts';
import { EPOCH } from './clock.ts';
import { globalEventsRegion } from '../domain/index.ts';
import { ConfigFacts } from './services/config-facts.ts';
import { IamFacts } from './services/iam-facts.ts';
import { S3Facts } from './services/s3-facts.ts';
import { KmsFacts } from './services/kms-facts.ts';
import { CloudTrailFacts } from './services/cloudtrail-facts.ts';
import { GuardDutyFacts } from './services/guardduty-facts.ts';
import { SecurityHubFacts } from './services/securityhub-facts.ts';
import { AuditManagerFacts } from './services/auditmanager-facts.ts';
import { AccessAnalyzerFacts } from './services/accessanalyzer-facts.ts';
import { computeCount, computeResource, type ComputeKind } from './services/config-items-compute.ts';
import { analyticsCount, analyticsResource } from './services/config-items-analytics.ts';
import { serviceCount, serviceResource, type ServiceKind } from './services/config-items-services.ts';
import { infraCount, infraResource, type InfraKind } from './services/config-items-infra.ts';
import { moreCount, moreResource, type MoreKind } from './services/config-items-more.ts';
import { networkCount, networkResource, type NetworkKind } from './services/config-items-network.ts';
import { edgeCount, edgeResource, type EdgeKind } from './services/config-items-edge.ts';
import { platformCount, platformResource, type PlatformKind } from './services/config-items-platform.ts';

export { DAY_MS, EPOCH, simulatedNow } from './clock.ts';

export const DEFAULT_REGIONS = ['us-east-1', 'eu-west-1'];
export const DEFAULT_MEMBERS = 3;
export const DEFAULT_RESOURCES = 300;
/** The product's own read-only role, present in every member (README names it). */
export const COLLECTOR_ROLE = 'EvidenceCollectorReadOnly';
export const MEMBER_ROLES = ['OrganizationAccountAccessRole', COLLECTOR_ROLE];

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

export interface OrgOptions {
  seed?: number;
  /** Member accounts besides the management account. */
  accounts?: number;
  regions?: string[];
  /** Resources per account-region (security groups, buckets, keys, VPCs, users...). */
  resources?: number;
  /** Which AWS managed Config rules are deployed: all (the default), none, or some regions' only. */
  deployedRules?: DeployedRules;
}

export const DEPLOYED_RULES = ['all', 'none', 'some'] as const;
export type DeployedRules = (typeof DEPLOYED_RULES)[number];

/** Resource kinds the rules evaluate, with how many exist per account-region. */
export type ResourceKind = 'account' | 'user' | 'policy' | 'bucket' | 'key' | 'vpc' | 'sg' | 'trail' | 'db' | 'redshift' | 'opensearch' | 'elasticsearch' | ComputeKind | ServiceKind | InfraKind | MoreKind | NetworkKind | EdgeKind | PlatformKind;
/** A resource as Config names it. */
export interface ResourceRef {
  type: string;
  id: string;
}

export class OrgModel {
  readonly seed: number;
  readonly regions: string[];
  readonly resources: number;
  readonly deployedRules: DeployedRules;
  readonly management: string;
  readonly members: string[];
  readonly accounts: string[];
  readonly organizationId: string;
  private readonly index = new Map<string, number>();

  // What each service's API shows; they read one another through this object.
  readonly config = new ConfigFacts(this);
  readonly iam = new IamFacts(this);
  readonly s3 = new S3Facts(this);
  readonly kms = new KmsFacts(this);
  readonly cloudtrail = new CloudTrailFacts(this);
  readonly guardduty = new GuardDutyFacts(this);
  readonly securityhub = new SecurityHubFacts(this);
  readonly accessanalyzer = new AccessAnalyzerFacts(this);
  readonly auditmanager = new AuditManagerFacts(this);

  constructor(opts: OrgOptions = {}) {
    this.seed = opts.seed ?? 1;
    this.regions = opts.regions ?? DEFAULT_REGIONS;
    this.resources = opts.resources ?? DEFAULT_RESOURCES;
    this.deployedRules = opts.deployedRules ?? 'all';
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

  /**
   * Where CloudTrail records the accounts' global-service events (IAM changes, console sign-ins),
   * as AWS does: the partition's global-events region, whose event history answers even when it
   * is not one of `regions`.
   */
  get eventsRegion(): string {
    return globalEventsRegion(this.first);
  }

  isAccount(id: string): boolean {
    return this.index.has(id);
  }

  /** 0 for the management account, 1.. for members, -1 for strangers. */
  accountIndex(account: string): number {
    return this.index.get(account) ?? -1;
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

  /** How many resources of a kind an account-region holds (IAM's only in the first region). */
  count(kind: ResourceKind, account: string, region: string): number {
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
        return this.cloudtrail.ownTrails(account, region).length;
      case 'db':
        // RDS DB instances are costly: a few per account-region, whatever the resource scale, none in some.
        return Math.floor(unit(this.seed, account, region, 'db-instances') * 7);
      case 'instance':
      case 'subnet':
      case 'function':
        return computeCount(this, kind, account, region);
      case 'redshift':
      case 'opensearch':
      case 'elasticsearch':
        return analyticsCount(this, kind, account, region);
      case 'apistage':
      case 'notebook':
      case 'dms':
      case 'dmsendpoint':
      case 'dbsnapshot':
      case 'dbcluster':
        return serviceCount(this, kind, account, region);
      case 'table':
      case 'volume':
      case 'elb':
      case 'alarm':
        return infraCount(this, kind, account, region);
      case 'taskdef':
      case 'codebuild':
      case 'stream':
      case 'efs':
      case 'topic':
      case 'secret':
      case 'statemachine':
      case 'endpointconfig':
      case 'tgw':
      case 'launchconfig':
      case 'asg':
        return moreCount(this, kind, account, region);
      case 'routetable':
      case 'igw':
      case 'nacl':
        return networkCount(this, kind, account, region);
      case 'distribution':
      case 'elbv2':
      case 'hostedzone':
        return edgeCount(this, kind, account, region);
      case 'apiv2stage':
      case 'eks':
      case 'mqbroker':
      case 'graphqlapi':
      case 'clientvpn':
      case 'msk':
      case 'recoverypoint':
      case 'backupplan':
      case 'restapi':
      case 'vpnconnection':
        return platformCount(this, kind, account, region);
    }
  }

  /** The i-th resource of a kind in an account-region. */
  resource(kind: ResourceKind, account: string, region: string, i: number): ResourceRef {
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
      case 'key':
        return { type: 'AWS::KMS::Key', id: uuidOf(s, account, 'kms', region, i) };
      case 'vpc':
        return { type: 'AWS::EC2::VPC', id: `vpc-${hexOf(17, s, account, 'vpc', region, i)}` };
      case 'sg':
        return { type: 'AWS::EC2::SecurityGroup', id: `sg-${hexOf(17, s, account, 'sg', region, i)}` };
      case 'trail':
        return { type: 'AWS::CloudTrail::Trail', id: this.cloudtrail.ownTrails(account, region)[i]!.Name };
      case 'db':
        // Config names a DB instance by its DbiResourceId: "db-" and 26 upper-case characters.
        return { type: 'AWS::RDS::DBInstance', id: `db-${hexOf(26, s, account, 'db', region, i).toUpperCase()}` };
      case 'instance':
      case 'subnet':
      case 'function':
        return computeResource(this, kind, account, region, i);
      case 'redshift':
      case 'opensearch':
      case 'elasticsearch':
        return analyticsResource(this, kind, account, region, i);
      case 'apistage':
      case 'notebook':
      case 'dms':
      case 'dmsendpoint':
      case 'dbsnapshot':
      case 'dbcluster':
        return serviceResource(this, kind, account, region, i);
      case 'table':
      case 'volume':
      case 'elb':
      case 'alarm':
        return infraResource(this, kind, account, region, i);
      case 'taskdef':
      case 'codebuild':
      case 'stream':
      case 'efs':
      case 'topic':
      case 'secret':
      case 'statemachine':
      case 'endpointconfig':
      case 'tgw':
      case 'launchconfig':
      case 'asg':
        return moreResource(this, kind, account, region, i);
      case 'routetable':
      case 'igw':
      case 'nacl':
        return networkResource(this, kind, account, region, i);
      case 'distribution':
      case 'elbv2':
      case 'hostedzone':
        return edgeResource(this, kind, account, region, i);
      case 'apiv2stage':
      case 'eks':
      case 'mqbroker':
      case 'graphqlapi':
      case 'clientvpn':
      case 'msk':
      case 'recoverypoint':
      case 'backupplan':
      case 'restapi':
      case 'vpnconnection':
        return platformResource(this, kind, account, region, i);
    }
  }

  bucketName(account: string, region: string, i: number): string {
    return `sbx-${account}-${region}-${i}`;
  }
}
