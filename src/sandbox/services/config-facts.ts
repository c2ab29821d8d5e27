// AWS Config's facts: the rules deployed in each account-region and every resource's verdict on
// a day. A verdict is seeded and drifts day by day, except where a service API shows the same
// thing (IAM, S3, KMS, GuardDuty, Security Hub, CloudTrail): there it is read from that service's
// facts, so the Config view and the API view of a resource always agree. Also the recorders,
// delivery channels and the conformance pack.
import { unit, hexOf } from '../prng.ts';
import { DAY_MS, EPOCH, simulatedNow } from '../clock.ts';
import type { OrgModel, ResourceKind, ResourceRef } from '../org.ts';
import { passwordPolicyMeetsDefaults } from './iam-facts.ts';
import { blocksEverything } from './s3-facts.ts';
import { COMPUTE_ITEM_RULES } from './config-items-compute.ts';
import { SERVICE_ITEM_RULES, serviceCompliance } from './config-items-services.ts';
import { analyticsCompliance, ELASTICSEARCH_RULES, OPENSEARCH_RULES, REDSHIFT_RULES } from './config-items-analytics.ts';
import { INFRA_ITEM_RULES, infraCompliance } from './config-items-infra.ts';
import { MORE_ITEM_RULES, moreCompliance } from './config-items-more.ts';
import { NETWORK_ITEM_RULES, networkCompliance } from './config-items-network.ts';
import { EDGE_ITEM_RULES, edgeCompliance } from './config-items-edge.ts';
import { PLATFORM_ITEM_RULES, platformCompliance } from './config-items-platform.ts';
import { IAM_ITEM_RULES, iamCompliance, SANDBOX_RULE_PARAMETERS } from './config-items-iam.ts';

/** Share of verdicts that flip between consecutive days. */
export const DAILY_DRIFT = 0.05;
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

// Live answers spell the status in capitals (Config Developer Guide, "Verifying the delivery
// status"), though the API model lists Success | Failure | Not_Applicable.
export interface DeliveryInfoFacts {
  lastStatus: 'SUCCESS' | 'FAILURE' | 'NOT_APPLICABLE';
  lastErrorCode?: string;
  lastErrorMessage?: string;
  lastAttemptTime?: number;
  lastSuccessfulTime?: number;
  nextDeliveryTime?: number;
  lastStatusChangeTime?: number;
}
export interface DeliveryChannelFacts {
  name: string;
  configSnapshotDeliveryInfo: DeliveryInfoFacts;
  configHistoryDeliveryInfo: DeliveryInfoFacts;
  configStreamDeliveryInfo: DeliveryInfoFacts;
}
export interface ConformancePackFacts {
  name: string;
  arn: string;
  id: string;
  created: number;
  rules: DeployedRule[];
}

export type RuleCompliance = 'COMPLIANT' | 'NON_COMPLIANT' | 'INSUFFICIENT_DATA';

export interface Recorder {
  name: string;
  recording: boolean;
  lastStatus: 'SUCCESS' | 'FAILURE' | 'PENDING';
  recordingGroup: RecordingGroup;
}
export interface RecordingGroup {
  allSupported: boolean;
  includeGlobalResourceTypes: boolean;
  resourceTypes: string[];
}
/** What recorders outside the first region record: KMS keys are left out, to show an unrecorded type. */
export const PARTIAL_RECORDING = ['AWS::AmazonMQ::Broker', 'AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage', 'AWS::AppSync::GraphQLApi', 'AWS::AutoScaling::AutoScalingGroup', 'AWS::AutoScaling::LaunchConfiguration', 'AWS::Backup::BackupPlan', 'AWS::Backup::RecoveryPoint', 'AWS::CloudFront::Distribution', 'AWS::CloudTrail::Trail', 'AWS::CloudWatch::Alarm', 'AWS::CodeBuild::Project', 'AWS::DMS::Endpoint', 'AWS::DMS::ReplicationInstance', 'AWS::DynamoDB::Table', 'AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::Instance', 'AWS::EC2::InternetGateway', 'AWS::EC2::NetworkAcl', 'AWS::EC2::RouteTable', 'AWS::EC2::SecurityGroup', 'AWS::EC2::Subnet', 'AWS::EC2::TransitGateway', 'AWS::EC2::VPNConnection', 'AWS::EC2::Volume', 'AWS::ECS::TaskDefinition', 'AWS::EFS::FileSystem', 'AWS::EKS::Cluster', 'AWS::ElasticLoadBalancing::LoadBalancer', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::Elasticsearch::Domain', 'AWS::Kinesis::Stream', 'AWS::Lambda::Function', 'AWS::MSK::Cluster', 'AWS::OpenSearch::Domain', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::RDS::DBSnapshot', 'AWS::Redshift::Cluster', 'AWS::Route53::HostedZone', 'AWS::S3::Bucket', 'AWS::SNS::Topic', 'AWS::SageMaker::EndpointConfig', 'AWS::SageMaker::NotebookInstance', 'AWS::SecretsManager::Secret', 'AWS::StepFunctions::StateMachine'];

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
/**
 * InputParameters of deployed managed rules that were given some (as the console deploys them, the
 * documented defaults written out); the others answer "{}", as AWS Config does for a rule deployed
 * without parameters.
 */
export const DEPLOYED_PARAMETERS: Record<string, string> = {
  ACCESS_KEYS_ROTATED: '{"maxAccessKeyAge":"90"}',
  IAM_USER_UNUSED_CREDENTIALS_CHECK: '{"maxCredentialUsageAge":"90"}',
  S3_BUCKET_VERSIONING_ENABLED: '{"isMfaDeleteEnabled":"false"}',
  ...Object.fromEntries(Object.entries(SANDBOX_RULE_PARAMETERS).map(([sid, p]) => [sid, JSON.stringify(p)])),
};
/** Deployed but used by no framework here: something a collector must ignore. */
const EXTRA_RULES = ['EC2_EBS_ENCRYPTION_BY_DEFAULT'];
const PACK_NAME = 'Operational-Best-Practices-for-AWS-Baseline';

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

function resultOf(sid: string, res: ResourceRef, compliance: Compliance): Result {
  return {
    resourceType: res.type,
    resourceId: res.id,
    compliance,
    ...(compliance === 'NON_COMPLIANT' && ANNOTATIONS[sid] ? { annotation: ANNOTATIONS[sid] } : {}),
  };
}

/** Managed rules that judge RDS DB instances (the cluster and snapshot rules judge other types). */
const DB_INSTANCE_RULES = new Set([
  'RDS_LOGGING_ENABLED',
  'RDS_INSTANCE_PUBLIC_ACCESS_CHECK',
  'DB_INSTANCE_BACKUP_ENABLED',
  'RDS_MULTI_AZ_SUPPORT',
  'RDS_STORAGE_ENCRYPTED',
  'RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED',
  'RDS_INSTANCE_DELETION_PROTECTION_ENABLED',
  'RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED',
  'RDS_ENHANCED_MONITORING_ENABLED',
]);

/** The kind of resource a managed rule judges. */
function kindOf(sid: string): ResourceKind {
  if (sid.startsWith('IAM_USER') || sid === 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS' || sid === 'ACCESS_KEYS_ROTATED') return 'user';
  if (sid.startsWith('IAM_POLICY_NO_STATEMENTS')) return 'policy';
  if (sid === 'IAM_NO_INLINE_POLICY_CHECK') return 'user';
  if (sid.startsWith('S3_BUCKET') || sid === 'S3_DEFAULT_ENCRYPTION_KMS' || sid === 'S3_VERSION_LIFECYCLE_POLICY_CHECK' || sid === 'S3_LIFECYCLE_POLICY_CHECK') return 'bucket';
  if (sid === 'CMK_BACKING_KEY_ROTATION_ENABLED') return 'key';
  if (sid === 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION') return 'key';
  if (sid === 'VPC_FLOW_LOGS_ENABLED') return 'vpc';
  if (['INCOMING_SSH_DISABLED', 'VPC_DEFAULT_SECURITY_GROUP_CLOSED', 'RESTRICTED_INCOMING_TRAFFIC', 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS'].includes(sid)) return 'sg';
  if (sid.startsWith('CLOUD_TRAIL_')) return 'trail';
  if (DB_INSTANCE_RULES.has(sid)) return 'db';
  if (COMPUTE_ITEM_RULES[sid]) return COMPUTE_ITEM_RULES[sid];
  if (SERVICE_ITEM_RULES[sid]) return SERVICE_ITEM_RULES[sid];
  if (REDSHIFT_RULES.has(sid)) return 'redshift';
  if (OPENSEARCH_RULES.has(sid)) return 'opensearch';
  if (ELASTICSEARCH_RULES.has(sid)) return 'elasticsearch';
  if (INFRA_ITEM_RULES[sid]) return INFRA_ITEM_RULES[sid];
  if (MORE_ITEM_RULES[sid]) return MORE_ITEM_RULES[sid];
  if (NETWORK_ITEM_RULES[sid]) return NETWORK_ITEM_RULES[sid];
  if (IAM_ITEM_RULES[sid]) return IAM_ITEM_RULES[sid];
  if (EDGE_ITEM_RULES[sid]) return EDGE_ITEM_RULES[sid];
  if (PLATFORM_ITEM_RULES[sid]) return PLATFORM_ITEM_RULES[sid];
  return 'account';
}

export class ConfigFacts {
  constructor(private readonly org: OrgModel) {}

  /** The rules deployed in an account-region; some accounts lack some, to create real gaps. */
  rules(account: string, region: string): DeployedRule[] {
    const first = region === this.org.first;
    const deployed = this.org.deployedRules;
    let list = deployed === 'none' || (deployed === 'some' && !first) ? [] : first ? [...GLOBAL_RULES, ...REGIONAL_RULES, ...EXTRA_RULES] : REGIONAL_RULES.filter((s) => s !== 'VPC_FLOW_LOGS_ENABLED');
    // A member or two never deployed GuardDuty's rule in a non-first region.
    if (!first && account !== this.org.management && unit(this.org.seed, account, 'no-gd-rule') < 0.3) list = list.filter((s) => s !== 'GUARDDUTY_ENABLED_CENTRALIZED');
    const out: DeployedRule[] = list.map((sid) => this.rule(account, region, sid, RENAMED[sid] ?? sid.toLowerCase().replace(/_/g, '-'), 'AWS'));
    if (first) out.push(this.rule(account, region, `arn:aws:lambda:${region}:${account}:function:tag-policy-check`, 'custom-required-tags', 'CUSTOM_LAMBDA'));
    return out;
  }

  private rule(account: string, region: string, sid: string, name: string, owner: 'AWS' | 'CUSTOM_LAMBDA'): DeployedRule {
    const id = `config-rule-${hexOf(6, this.org.seed, account, region, name)}`;
    return { name, arn: `arn:aws:config:${region}:${account}:config-rule/${id}`, id, sourceIdentifier: sid, owner };
  }

  /** How many evaluation results a rule has; a rule deployed recently has none yet. */
  resultCount(account: string, region: string, rule: DeployedRule): number {
    if (rule.owner === 'CUSTOM_LAMBDA') return this.org.count('bucket', account, region);
    if (region !== this.org.first && rule.sourceIdentifier === 'CMK_BACKING_KEY_ROTATION_ENABLED') return 0;
    return this.org.count(kindOf(rule.sourceIdentifier), account, region);
  }

  result(account: string, region: string, rule: DeployedRule, i: number, day: number): Result {
    const sid = rule.owner === 'CUSTOM_LAMBDA' ? 'custom' : rule.sourceIdentifier;
    const kind = rule.owner === 'CUSTOM_LAMBDA' ? 'bucket' : kindOf(sid);
    const res = this.org.resource(kind, account, region, i);
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
  verdict(sid: string, account: string, region: string, res: ResourceRef, day: number): Result {
    const derived = this.derivedCompliance(sid, account, region, res, day);
    return derived ? resultOf(sid, res, derived) : this.seeded(sid, account, region, res, day);
  }

  private derivedCompliance(sid: string, account: string, region: string, res: ResourceRef, day: number): Compliance | undefined {
    const { iam, s3, guardduty, securityhub, kms } = this.org;
    switch (sid) {
      case 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS':
        if (!iam.userHasPassword(account, res.id)) return 'NOT_APPLICABLE';
        return iam.userHasMfa(account, res, day) ? 'COMPLIANT' : 'NON_COMPLIANT';
      case 'IAM_PASSWORD_POLICY':
        return passwordPolicyMeetsDefaults(iam.passwordPolicy(account, day)) ? 'COMPLIANT' : 'NON_COMPLIANT';
      case 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC':
        return blocksEverything(s3.accountPublicAccessBlock(account, day)) ? 'COMPLIANT' : 'NON_COMPLIANT';
      case 'S3_BUCKET_PUBLIC_READ_PROHIBITED':
      case 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED': {
        // The account-level block makes every bucket non-public, whatever its own settings.
        const base = this.seeded(sid, account, region, res, day).compliance;
        return base === 'NON_COMPLIANT' && blocksEverything(s3.accountPublicAccessBlock(account, day)) ? 'COMPLIANT' : base;
      }
      case 'GUARDDUTY_ENABLED_CENTRALIZED':
        return guardduty.detector(account, region, day)?.status === 'ENABLED' ? 'COMPLIANT' : 'NON_COMPLIANT';
      case 'SECURITYHUB_ENABLED':
        return securityhub.hub(account, region, day) ? 'COMPLIANT' : 'NON_COMPLIANT';
      case 'INCOMING_SSH_DISABLED':
      case 'RESTRICTED_INCOMING_TRAFFIC':
        // A closed default group has no ingress rule at all, so it cannot open SSH or another port either.
        return this.seeded('VPC_DEFAULT_SECURITY_GROUP_CLOSED', account, region, res, day).compliance === 'COMPLIANT' ? 'COMPLIANT' : undefined;
      case 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS': {
        // With the rule's default parameters no port is authorized: a group open to the internet
        // (SSH, a blocked port, or the seeded draw) fails, and one with nothing open is out of scope.
        if (this.seeded('VPC_DEFAULT_SECURITY_GROUP_CLOSED', account, region, res, day).compliance === 'COMPLIANT') return 'NOT_APPLICABLE';
        const fails = (r: Result): boolean => r.compliance === 'NON_COMPLIANT';
        const open =
          fails(this.verdict('INCOMING_SSH_DISABLED', account, region, res, day)) ||
          fails(this.verdict('RESTRICTED_INCOMING_TRAFFIC', account, region, res, day)) ||
          fails(this.seeded(sid, account, region, res, day));
        return open ? 'NON_COMPLIANT' : 'NOT_APPLICABLE';
      }
      case 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED':
        // The bucket's own Block Public Access, as GetPublicAccessBlock shows it.
        return blocksEverything(s3.bucket(account, region, this.bucketIndex(res), day).publicAccessBlock) ? 'COMPLIANT' : 'NON_COMPLIANT';
      case 'S3_BUCKET_BLACKLISTED_ACTIONS_PROHIBITED':
        // A bucket without a policy allows no one anything.
        return s3.bucket(account, region, this.bucketIndex(res), day).policy === null ? 'COMPLIANT' : undefined;
      case 'S3_BUCKET_POLICY_GRANTEE_CHECK':
        // Deployed without parameters, so no grantee is listed: a bucket without a policy passes,
        // and every sandbox policy allows someone (its account or anyone), which fails.
        return s3.bucket(account, region, this.bucketIndex(res), day).policy === null ? 'COMPLIANT' : 'NON_COMPLIANT';
      case 'S3_BUCKET_SSL_REQUESTS_ONLY':
        // Only a bucket policy can deny requests without TLS: a bucket with none fails.
        return s3.bucket(account, region, this.bucketIndex(res), day).policy === null ? 'NON_COMPLIANT' : undefined;
      case 'S3_DEFAULT_ENCRYPTION_KMS':
        // The default encryption GetBucketEncryption shows.
        return s3.bucket(account, region, this.bucketIndex(res), day).encryption?.SSEAlgorithm === 'aws:kms' ? 'COMPLIANT' : 'NON_COMPLIANT';
      case 'S3_VERSION_LIFECYCLE_POLICY_CHECK': {
        // Exactly the buckets with versioning enabled are in scope.
        if (this.verdict('S3_BUCKET_VERSIONING_ENABLED', account, region, res, day).compliance === 'NON_COMPLIANT') return 'NOT_APPLICABLE';
        return this.seeded(sid, account, region, res, day).compliance === 'NON_COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT';
      }
      case 'S3_LIFECYCLE_POLICY_CHECK': {
        // A versioned bucket has an enabled lifecycle rule exactly where the versioned-bucket rule
        // says so; an unversioned one by its own seeded verdict.
        const versioned = this.verdict('S3_VERSION_LIFECYCLE_POLICY_CHECK', account, region, res, day).compliance;
        if (versioned !== 'NOT_APPLICABLE') return versioned;
        return this.seeded(sid, account, region, res, day).compliance === 'NON_COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT';
      }
      case 'S3_BUCKET_REPLICATION_ENABLED':
      case 'S3_BUCKET_DEFAULT_LOCK_ENABLED':
        // Replication and Object Lock both need versioning enabled on the bucket.
        return this.verdict('S3_BUCKET_VERSIONING_ENABLED', account, region, res, day).compliance === 'NON_COMPLIANT' ? 'NON_COMPLIANT' : undefined;
      case 'IAM_NO_INLINE_POLICY_CHECK':
        // An inline policy is a policy on the user, so a user with none passes both rules.
        return this.verdict('IAM_USER_NO_POLICIES_CHECK', account, region, res, day).compliance === 'NON_COMPLIANT' ? undefined : 'COMPLIANT';
      case 'IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS':
        // Action "*" on Resource "*" grants every service's actions.
        return this.verdict('IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS', account, region, res, day).compliance === 'NON_COMPLIANT' ? 'NON_COMPLIANT' : undefined;
      case 'INSTANCES_IN_VPC':
        // EC2-Classic was retired in August 2023: every instance runs in a VPC.
        return 'COMPLIANT';
      case 'CMK_BACKING_KEY_ROTATION_ENABLED':
        // The organization trail's key encrypts logs, so it is symmetric (never NOT_APPLICABLE).
        if (kms.isTrailKey(account, region, res.id) && this.seeded(sid, account, region, res, day).compliance === 'NOT_APPLICABLE') return 'COMPLIANT';
        return undefined;
      case 'ENCRYPTED_VOLUMES':
      case 'EC2_VOLUME_INUSE_CHECK':
      case 'ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK':
        return infraCompliance(this.org, sid, account, region, res, day);
      case 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION':
        return kms.pendingDeletion(account, region, res, day) ? 'NON_COMPLIANT' : 'COMPLIANT';
      case 'REDSHIFT_CLUSTER_CONFIGURATION_CHECK':
      case 'REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK':
      case 'OPENSEARCH_ACCESS_CONTROL_ENABLED':
        return analyticsCompliance(this.org, sid, account, region, res, day);
      case 'SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC':
      case 'RDS_SNAPSHOT_ENCRYPTED':
      case 'RDS_SNAPSHOTS_PUBLIC_PROHIBITED':
      case 'RDS_CLUSTER_IAM_AUTHENTICATION_ENABLED':
      case 'NEPTUNE_CLUSTER_IAM_DATABASE_AUTHENTICATION':
      case 'NEPTUNE_CLUSTER_CLOUDWATCH_LOG_EXPORT_ENABLED':
      case 'DOCDB_CLUSTER_AUDIT_LOGGING_ENABLED':
      case 'DMS_REDIS_TLS_ENABLED':
      case 'DMS_ENDPOINT_SSL_CONFIGURED':
        return serviceCompliance(this.org, sid, account, region, res, day);
      case 'SECRETSMANAGER_USING_CMK':
      case 'AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED':
        return moreCompliance(this.org, sid, account, region, res, day);
      case 'NO_UNRESTRICTED_ROUTE_TO_IGW':
      case 'INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY':
      case 'VPC_NETWORK_ACL_UNUSED_CHECK':
        return networkCompliance(this.org, sid, account, region, res, day);
      case 'ELB_LOGGING_ENABLED':
      case 'ALB_HTTP_DROP_INVALID_HEADER_ENABLED':
      case 'ELBV2_MULTIPLE_AZ':
      case 'ROUTE53_QUERY_LOGGING_ENABLED':
        return edgeCompliance(this.org, sid, account, region, res, day);
      case 'MQ_CLOUDWATCH_AUDIT_LOGGING_ENABLED':
      case 'BACKUP_RECOVERY_POINT_ENCRYPTED':
      case 'EKS_CLUSTER_LOG_ENABLED':
        return platformCompliance(this.org, sid, account, region, res, day);
      case 'IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS':
      case 'IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS':
        return iamCompliance(this.org, sid, account, region, res, day);
      default:
        return undefined;
    }
  }

  private bucketIndex(res: ResourceRef): number {
    const at = this.org.s3.parseBucketName(res.id);
    if (!at) throw new Error(`not a sandbox bucket: ${res.id}`);
    return at.index;
  }

  /** The seeded verdict, before any derivation from service facts (which read it themselves). */
  seeded(sid: string, account: string, region: string, res: ResourceRef, day: number): Result {
    const key = [this.org.seed, sid, account, region, res.id] as const;
    const out = (compliance: Compliance): Result => resultOf(sid, res, compliance);
    if (sid === 'VPC_DEFAULT_SECURITY_GROUP_CLOSED' && unit(...key, 'default-sg') > 0.1) return out('NOT_APPLICABLE');
    if (unit(...key, 'na') < NOT_APPLICABLE_SHARE && res.type !== 'AWS::::Account' && res.type !== 'AWS::CloudTrail::Trail') return out('NOT_APPLICABLE');
    // Trail rules follow the trails themselves, so the Config view agrees with the API view.
    if (sid.startsWith('CLOUD_TRAIL_') || sid === 'MULTI_REGION_CLOUD_TRAIL_ENABLED') {
      const trails = this.org.cloudtrail.trails(account, region);
      const t = trails.find((x) => x.Name === res.id);
      const bad =
        sid === 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED'
          ? !t?.LogFileValidationEnabled
          : sid === 'CLOUD_TRAIL_ENCRYPTION_ENABLED'
            ? !t?.KmsKeyId
            : sid === 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED'
              ? !t?.CloudWatchLogsLogGroupArn
              : !trails.some((x) => x.IsMultiRegionTrail && x.IsLogging);
      return out(bad ? 'NON_COMPLIANT' : 'COMPLIANT');
    }
    // Flow logs are clean where the rule runs, so the region without the rule shows what
    // missing evidence looks like (NO_EVIDENCE, not PASS) on every seed.
    const clean = sid === 'VPC_FLOW_LOGS_ENABLED' || unit(this.org.seed, sid, 'clean') < CLEAN_RULE_SHARE;
    let bad = !clean && unit(...key, 'base') < NON_COMPLIANT_SHARE;
    for (let d = 1; d <= day; d += 1) if (unit(...key, 'drift', d) < DAILY_DRIFT) bad = !bad;
    return out(bad ? 'NON_COMPLIANT' : 'COMPLIANT');
  }

  /** Whether an account-level rule's seeded verdict is COMPLIANT (the account as its resource). */
  seededOk(sid: string, account: string, region: string, day: number): boolean {
    return this.seeded(sid, account, region, this.org.resource('account', account, this.org.first, 0), day).compliance === 'COMPLIANT';
  }

  recorders(_account: string, region: string): Recorder[] {
    const first = region === this.org.first;
    const recordingGroup = first ? { allSupported: true, includeGlobalResourceTypes: true, resourceTypes: [] } : { allSupported: false, includeGlobalResourceTypes: false, resourceTypes: [...PARTIAL_RECORDING] };
    return [{ name: 'default', recording: first, lastStatus: 'SUCCESS', recordingGroup }];
  }

  /**
   * One channel per account-region. The newest member's, in the first region, has never delivered
   * (its bucket policy denies Config from the start: failures, no lastSuccessfulTime); a few others
   * fail on some days after having delivered three days before.
   */
  deliveryChannels(account: string, region: string, day: number): DeliveryChannelFacts[] {
    const org = this.org;
    const now = Math.floor(simulatedNow(day) / 1000) * 1000;
    const never = org.members.length > 1 && account === org.members.at(-1) && region === org.first;
    const failing = never || unit(org.seed, account, region, 'delivery-fail', day) < 0.1;
    const info = (ago: number, next?: number): DeliveryInfoFacts =>
      failing
        ? { lastStatus: 'FAILURE', lastErrorCode: 'AccessDenied', lastErrorMessage: 'Access Denied', lastAttemptTime: now - ago, ...(never ? {} : { lastSuccessfulTime: now - 3 * DAY_MS }), ...(next ? { nextDeliveryTime: now + next } : {}) }
        : { lastStatus: 'SUCCESS', lastAttemptTime: now - ago, lastSuccessfulTime: now - ago, ...(next ? { nextDeliveryTime: now + next } : {}) };
    return [
      {
        name: 'default',
        configSnapshotDeliveryInfo: info(5 * 3_600_000, 19 * 3_600_000),
        configHistoryDeliveryInfo: info(3_600_000),
        // No SNS topic is configured, so there is no stream to deliver.
        configStreamDeliveryInfo: { lastStatus: 'NOT_APPLICABLE', lastStatusChangeTime: EPOCH - 30 * DAY_MS },
      },
    ];
  }

  /** The first region's conformance pack: the rules deployed under "-conformance-pack-" names. */
  conformancePacks(account: string, region: string): ConformancePackFacts[] {
    const org = this.org;
    if (region !== org.first) return [];
    const rules = this.rules(account, region).filter((r) => r.name.includes('-conformance-pack-'));
    if (rules.length === 0) return [];
    const id = `conformance-pack-${hexOf(14, org.seed, account, region, 'pack')}`;
    return [{ name: PACK_NAME, arn: `arn:aws:config:${region}:${account}:conformance-pack/${PACK_NAME}/${id}`, id, created: EPOCH - 45 * DAY_MS, rules }];
  }

  /**
   * A rule's compliance as Config sums it up: any NON_COMPLIANT result wins, none at all is
   * INSUFFICIENT_DATA; with how many results are NON_COMPLIANT.
   */
  ruleCompliance(account: string, region: string, rule: DeployedRule, day: number): { type: RuleCompliance; nonCompliant: number } {
    const results = this.results(account, region, rule, day);
    const nonCompliant = results.filter((r) => r.compliance === 'NON_COMPLIANT').length;
    const type = nonCompliant > 0 ? 'NON_COMPLIANT' : results.some((r) => r.compliance === 'COMPLIANT') ? 'COMPLIANT' : 'INSUFFICIENT_DATA';
    return { type, nonCompliant };
  }
}
