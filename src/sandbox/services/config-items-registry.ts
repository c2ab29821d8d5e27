// The sandbox's recorded resource types and the managed rules its configuration items reproduce:
// which kind of resource each type and rule is about, and which types the recorders record.
import type { OrgModel, ResourceKind, ResourceRef } from '../org.ts';
import type { Compliance } from './config-facts.ts';
import { COMPUTE_ITEM_RULES } from './config-items-compute.ts';
import { SERVICE_ITEM_RULES, SERVICE_NOT_APPLICABLE } from './config-items-services.ts';
import { INFRA_ITEM_RULES, INFRA_NOT_APPLICABLE } from './config-items-infra.ts';
import { MORE_ITEM_RULES, MORE_NOT_APPLICABLE } from './config-items-more.ts';
import { NETWORK_ITEM_RULES } from './config-items-network.ts';
import { IAM_ITEM_RULES } from './config-items-iam.ts';
import { EDGE_EXTRA_KINDS, EDGE_ITEM_RULES, EDGE_NOT_APPLICABLE } from './config-items-edge.ts';
import { PLATFORM_EXTRA_KINDS, PLATFORM_ITEM_RULES, PLATFORM_NOT_APPLICABLE } from './config-items-platform.ts';

/**
 * The managed rules whose verdicts the sandbox's configuration items are built to reproduce (each
 * item carries the fields the rule reads, set from the oracle's verdict), with the kind of resource
 * each judges (S3_DEFAULT_ENCRYPTION_KMS also reads keys, all NOT_APPLICABLE); other rules on these
 * types read default fields and do not follow the oracle.
 */
export const ITEM_RULES: Record<string, ResourceKind> = {
  S3_BUCKET_VERSIONING_ENABLED: 'bucket',
  S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED: 'bucket',
  S3_BUCKET_LOGGING_ENABLED: 'bucket',
  INCOMING_SSH_DISABLED: 'sg',
  VPC_DEFAULT_SECURITY_GROUP_CLOSED: 'sg',
  CMK_BACKING_KEY_ROTATION_ENABLED: 'key',
  KMS_CMK_NOT_SCHEDULED_FOR_DELETION: 'key',
  CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED: 'trail',
  CLOUD_TRAIL_ENCRYPTION_ENABLED: 'trail',
  CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED: 'trail',
  IAM_USER_NO_POLICIES_CHECK: 'user',
  IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS: 'policy',
  VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS: 'sg',
  S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED: 'bucket',
  IAM_NO_INLINE_POLICY_CHECK: 'user',
  RESTRICTED_INCOMING_TRAFFIC: 'sg',
  S3_BUCKET_SSL_REQUESTS_ONLY: 'bucket',
  IAM_USER_GROUP_MEMBERSHIP_CHECK: 'user',
  IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS: 'policy',
  S3_BUCKET_REPLICATION_ENABLED: 'bucket',
  S3_DEFAULT_ENCRYPTION_KMS: 'bucket',
  S3_VERSION_LIFECYCLE_POLICY_CHECK: 'bucket',
  S3_LIFECYCLE_POLICY_CHECK: 'bucket',
  S3_BUCKET_ACL_PROHIBITED: 'bucket',
  S3_BUCKET_DEFAULT_LOCK_ENABLED: 'bucket',
  S3_BUCKET_BLACKLISTED_ACTIONS_PROHIBITED: 'bucket',
  S3_BUCKET_POLICY_GRANTEE_CHECK: 'bucket',
  RDS_LOGGING_ENABLED: 'db',
  RDS_INSTANCE_PUBLIC_ACCESS_CHECK: 'db',
  DB_INSTANCE_BACKUP_ENABLED: 'db',
  RDS_MULTI_AZ_SUPPORT: 'db',
  RDS_STORAGE_ENCRYPTED: 'db',
  RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED: 'db',
  RDS_INSTANCE_DELETION_PROTECTION_ENABLED: 'db',
  RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED: 'db',
  RDS_ENHANCED_MONITORING_ENABLED: 'db',
  ...COMPUTE_ITEM_RULES,
  ...SERVICE_ITEM_RULES,
  REDSHIFT_CLUSTER_CONFIGURATION_CHECK: 'redshift',
  REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK: 'redshift',
  REDSHIFT_BACKUP_ENABLED: 'redshift',
  REDSHIFT_ENHANCED_VPC_ROUTING_ENABLED: 'redshift',
  REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK: 'redshift',
  REDSHIFT_AUDIT_LOGGING_ENABLED: 'redshift',
  REDSHIFT_CLUSTER_KMS_ENABLED: 'redshift',
  OPENSEARCH_IN_VPC_ONLY: 'opensearch',
  OPENSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK: 'opensearch',
  OPENSEARCH_HTTPS_REQUIRED: 'opensearch',
  OPENSEARCH_ENCRYPTED_AT_REST: 'opensearch',
  OPENSEARCH_ACCESS_CONTROL_ENABLED: 'opensearch',
  OPENSEARCH_LOGS_TO_CLOUDWATCH: 'opensearch',
  ELASTICSEARCH_IN_VPC_ONLY: 'elasticsearch',
  ELASTICSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK: 'elasticsearch',
  ELASTICSEARCH_ENCRYPTED_AT_REST: 'elasticsearch',
  ...INFRA_ITEM_RULES,
  ...MORE_ITEM_RULES,
  ...NETWORK_ITEM_RULES,
  ...IAM_ITEM_RULES,
  ...EDGE_ITEM_RULES,
  ...PLATFORM_ITEM_RULES,
};

/**
 * Rules that judge more than the kind ITEM_RULES lists them under (one rule, several resource
 * types): ELB_LOGGING_ENABLED judges Classic and ELBv2 balancers, API_GW_EXECUTION_LOGGING_ENABLED REST
 * API and v2 stages.
 */
export const ITEM_EXTRA_KINDS: Record<string, ResourceKind[]> = { ...EDGE_EXTRA_KINDS, ...PLATFORM_EXTRA_KINDS };

/** Every kind of resource a rule of ITEM_RULES judges. */
export function itemKinds(sid: string): ResourceKind[] {
  return [ITEM_RULES[sid]!, ...(ITEM_EXTRA_KINDS[sid] ?? [])];
}

/**
 * ITEM_RULES whose NOT_APPLICABLE an item can show (a group that is not the default one, an
 * asymmetric key, a group with nothing open to the internet, a bucket without versioning, a
 * stopped DB instance for logging, an engine without IAM database authentication; and from the
 * families' lists: a network balancer for the HTTP rules, a RabbitMQ broker for audit logging, a
 * DB cluster's engine for the Aurora or Neptune IAM rule and the Neptune and DocumentDB log export rules, among others). For
 * the others every resource is in scope, and the oracle's seeded NOT_APPLICABLE is written out as
 * the setting being on.
 */
export const ITEM_NOT_APPLICABLE = new Set(['VPC_DEFAULT_SECURITY_GROUP_CLOSED', 'CMK_BACKING_KEY_ROTATION_ENABLED', 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', 'S3_VERSION_LIFECYCLE_POLICY_CHECK', 'RDS_LOGGING_ENABLED', 'RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED']);
for (const sid of [...INFRA_NOT_APPLICABLE, ...MORE_NOT_APPLICABLE, ...EDGE_NOT_APPLICABLE, ...PLATFORM_NOT_APPLICABLE, ...SERVICE_NOT_APPLICABLE]) ITEM_NOT_APPLICABLE.add(sid);

/** The verdict a rule of ITEM_RULES reaches on the sandbox's configuration item of a resource. */
export function itemVerdict(org: OrgModel, sid: string, account: string, region: string, res: ResourceRef, day: number): Compliance {
  const c = org.config.verdict(sid, account, region, res, day).compliance;
  return c === 'NOT_APPLICABLE' && !ITEM_NOT_APPLICABLE.has(sid) ? 'COMPLIANT' : c;
}

/** The recorded resource types the sandbox holds, and which of its resource kinds each is. */
export const ITEM_TYPES: Record<string, ResourceKind> = {
  'AWS::AmazonMQ::Broker': 'mqbroker',
  'AWS::ApiGateway::RestApi': 'restapi',
  'AWS::ApiGateway::Stage': 'apistage',
  'AWS::ApiGatewayV2::Stage': 'apiv2stage',
  'AWS::AppSync::GraphQLApi': 'graphqlapi',
  'AWS::AutoScaling::AutoScalingGroup': 'asg',
  'AWS::Backup::BackupPlan': 'backupplan',
  'AWS::Backup::RecoveryPoint': 'recoverypoint',
  'AWS::AutoScaling::LaunchConfiguration': 'launchconfig',
  'AWS::CloudFront::Distribution': 'distribution',
  'AWS::CloudTrail::Trail': 'trail',
  'AWS::CloudWatch::Alarm': 'alarm',
  'AWS::CodeBuild::Project': 'codebuild',
  'AWS::DMS::Endpoint': 'dmsendpoint',
  'AWS::DMS::ReplicationInstance': 'dms',
  'AWS::DynamoDB::Table': 'table',
  'AWS::EC2::ClientVpnEndpoint': 'clientvpn',
  'AWS::EC2::Instance': 'instance',
  'AWS::EC2::InternetGateway': 'igw',
  'AWS::EC2::NetworkAcl': 'nacl',
  'AWS::EC2::RouteTable': 'routetable',
  'AWS::EC2::SecurityGroup': 'sg',
  'AWS::EC2::TransitGateway': 'tgw',
  'AWS::EC2::VPNConnection': 'vpnconnection',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::EC2::Volume': 'volume',
  'AWS::ECS::TaskDefinition': 'taskdef',
  'AWS::EFS::FileSystem': 'efs',
  'AWS::EKS::Cluster': 'eks',
  'AWS::ElasticLoadBalancing::LoadBalancer': 'elb',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'elbv2',
  'AWS::Elasticsearch::Domain': 'elasticsearch',
  'AWS::IAM::Policy': 'policy',
  'AWS::IAM::User': 'user',
  'AWS::Kinesis::Stream': 'stream',
  'AWS::KMS::Key': 'key',
  'AWS::Lambda::Function': 'function',
  'AWS::MSK::Cluster': 'msk',
  'AWS::OpenSearch::Domain': 'opensearch',
  'AWS::RDS::DBCluster': 'dbcluster',
  'AWS::RDS::DBInstance': 'db',
  'AWS::RDS::DBSnapshot': 'dbsnapshot',
  'AWS::Redshift::Cluster': 'redshift',
  'AWS::Route53::HostedZone': 'hostedzone',
  'AWS::S3::Bucket': 'bucket',
  'AWS::SNS::Topic': 'topic',
  'AWS::SecretsManager::Secret': 'secret',
  'AWS::StepFunctions::StateMachine': 'statemachine',
  'AWS::SageMaker::EndpointConfig': 'endpointconfig',
  'AWS::SageMaker::NotebookInstance': 'notebook',
};
export const GLOBAL_TYPES = new Set(['AWS::IAM::Policy', 'AWS::IAM::User']);

/** The awsRegion an item of a type carries where it is recorded: "global" for account-global types. */
export function itemRegion(type: string, region: string): string {
  // CloudFront is global too, though recorded in one region and not behind includeGlobalResourceTypes.
  return GLOBAL_TYPES.has(type) || type === 'AWS::CloudFront::Distribution' ? 'global' : region;
}

/** Whether the account-region's recorders record a type (SelectResourceConfig returns only those). */
export function isRecorded(org: OrgModel, account: string, region: string, type: string): boolean {
  // With allSupported, global types need includeGlobalResourceTypes; a listed type is recorded as listed.
  return org.config.recorders(account, region).some(({ recordingGroup: g }) => (g.allSupported ? !GLOBAL_TYPES.has(type) || g.includeGlobalResourceTypes : g.resourceTypes.includes(type)));
}
