// Configuration items of the sandbox's platform services: API Gateway v2 (WebSocket) stages, EKS
// clusters, Amazon MQ brokers, AppSync GraphQL APIs, Client VPN endpoints, MSK clusters, AWS
// Backup plans and recovery points, REST APIs, Site-to-Site VPN connections (and the CodeBuild projects of config-items-more.ts, built here
// for room), in the shapes of the
// public aws-config-resource-schema (v2 stages in the API's camelCase, the others in
// CloudFormation's PascalCase). The sandbox serves none of these APIs, so the items are the only
// view of them; what they name elsewhere is real: VPCs, subnets and security groups of the
// sandbox. As in config-items.ts, each item writes out the oracle's verdicts (ConfigFacts.verdict)
// as the settings that produce them; a RabbitMQ broker, which has no audit log, is out of the
// audit rule's scope, and a recovery point AWS Backup encrypts itself always passes the encryption
// rule (platformCompliance).
import { hexOf, unit, uuidOf } from '../prng.ts';
import { DAY_MS, EPOCH } from '../clock.ts';
import type { OrgModel, ResourceKind, ResourceRef } from '../org.ts';
import type { Compliance } from './config-facts.ts';
import { computeResource } from './config-items-compute.ts';
import { encryptionKey } from './config-items-analytics.ts';
import { awsManagedKeyId } from './kms-facts.ts';
import { restApiId, STAGES } from './config-items-services.ts';
import { SANDBOX_RULE_PARAMETERS } from './config-items-iam.ts';

export type PlatformKind = 'apiv2stage' | 'eks' | 'mqbroker' | 'graphqlapi' | 'clientvpn' | 'msk' | 'recoverypoint' | 'backupplan' | 'restapi' | 'vpnconnection';

/** The managed rules with local evaluators that these items reproduce, and the kind each judges. */
export const PLATFORM_ITEM_RULES: Record<string, PlatformKind> = {
  API_GWV2_ACCESS_LOGS_ENABLED: 'apiv2stage',
  EKS_CLUSTER_LOGGING_ENABLED: 'eks',
  EKS_CLUSTER_LOG_ENABLED: 'eks',
  MQ_CLOUDWATCH_AUDIT_LOGGING_ENABLED: 'mqbroker',
  APPSYNC_LOGGING_ENABLED: 'graphqlapi',
  EC2_CLIENT_VPN_CONNECTION_LOG_ENABLED: 'clientvpn',
  MSK_IN_CLUSTER_NODE_REQUIRE_TLS: 'msk',
  BACKUP_RECOVERY_POINT_ENCRYPTED: 'recoverypoint',
  BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: 'backupplan',
  API_GW_ENDPOINT_TYPE_CHECK: 'restapi',
  VPC_VPN_2_TUNNELS_UP: 'vpnconnection',
};

/** Rules listed under another kind that judge these too: execution logging judges v2 stages as well as REST API ones. */
export const PLATFORM_EXTRA_KINDS: Record<string, ResourceKind[]> = { API_GW_EXECUTION_LOGGING_ENABLED: ['apiv2stage'] };

/** Rules whose NOT_APPLICABLE an item can show: a RabbitMQ broker for audit logging. */
export const PLATFORM_NOT_APPLICABLE = ['MQ_CLOUDWATCH_AUDIT_LOGGING_ENABLED'];

type Item = Record<string, unknown>;
type Verdict = (sid: string) => Compliance;

/** How many of a kind an account-region holds: 0-3 at 60 resources, some hold none. */
export function platformCount(org: OrgModel, kind: PlatformKind, account: string, region: string): number {
  // The REST APIs are those the sandbox's REST API stages belong to (three stages each).
  if (kind === 'restapi') return Math.ceil(org.count('apistage', account, region) / STAGES.length);
  return Math.floor(unit(org.seed, account, region, `${kind}-count`) * (2 + 0.03 * org.resources));
}

const API_STAGES = ['production', 'beta'];
const CLUSTERS = ['platform', 'batch', 'ml'];
const BROKERS = ['orders-events', 'notifications', 'legacy-jms'];
const GRAPHS = ['catalog', 'storefront', 'partner'];
const STREAMS = ['clickstream', 'orders', 'audit-events'];
const PLANS = ['prod-daily', 'databases', 'file-shares'];
const REST_APIS = ['orders', 'payments', 'inventory'];
const OFFICES = ['hq', 'warehouse', 'branch'];

/** The WebSocket API a v2 stage belongs to: two stages per API. */
const wsApiId = (org: OrgModel, account: string, region: string, i: number): string => hexOf(10, org.seed, account, region, 'wsapi', Math.floor(i / API_STAGES.length));

/** The i-th resource of a kind, named as Config names it. */
export function platformResource(org: OrgModel, kind: PlatformKind, account: string, region: string, i: number): ResourceRef {
  const s = org.seed;
  switch (kind) {
    case 'apiv2stage':
      // Named by ARN, as the sandbox names REST API stages.
      return { type: 'AWS::ApiGatewayV2::Stage', id: `arn:aws:apigateway:${region}::/apis/${wsApiId(org, account, region, i)}/stages/${API_STAGES[i % API_STAGES.length]!}` };
    case 'eks':
      // A cluster's resource id is its name.
      return { type: 'AWS::EKS::Cluster', id: `sbx-${CLUSTERS[i % CLUSTERS.length]!}-${i}` };
    case 'mqbroker':
      // A broker's resource id is its broker id.
      return { type: 'AWS::AmazonMQ::Broker', id: `b-${uuidOf(s, account, region, 'mq', i)}` };
    case 'graphqlapi':
      return { type: 'AWS::AppSync::GraphQLApi', id: hexOf(26, s, account, region, 'appsync', i) };
    case 'clientvpn':
      return { type: 'AWS::EC2::ClientVpnEndpoint', id: `cvpn-endpoint-${hexOf(17, s, account, region, 'cvpn', i)}` };
    case 'msk':
      // A cluster's resource id is its ARN (name, then a UUID and a revision suffix).
      return { type: 'AWS::MSK::Cluster', id: `arn:aws:kafka:${region}:${account}:cluster/sbx-${STREAMS[i % STREAMS.length]!}-${i}/${uuidOf(s, account, region, 'msk', i)}-2` };
    case 'recoverypoint':
      // A recovery point's resource id is its ARN: an EBS snapshot's, or AWS Backup's own for EFS.
      return { type: 'AWS::Backup::RecoveryPoint', id: isSnapshotPoint(org, account, region, i) ? `arn:aws:ec2:${region}::snapshot/snap-${hexOf(17, s, account, region, 'rp', i)}` : `arn:aws:backup:${region}:${account}:recovery-point:${uuidOf(s, account, region, 'rp', i)}` };
    case 'backupplan':
      // A plan's resource id is its BackupPlanId.
      return { type: 'AWS::Backup::BackupPlan', id: uuidOf(s, account, region, 'backupplan', i) };
    case 'restapi':
      // An API's resource id is its id, the one its stages' ARNs name.
      return { type: 'AWS::ApiGateway::RestApi', id: restApiId(org, account, region, i * STAGES.length) };
    case 'vpnconnection':
      // A connection's resource id is its VpnConnectionId.
      return { type: 'AWS::EC2::VPNConnection', id: `vpn-${hexOf(17, s, account, region, 'vpn', i)}` };
  }
}

/** Whether a recovery point is an EBS snapshot of a sandbox volume (else an EFS backup): about half, where there are volumes. */
function isSnapshotPoint(org: OrgModel, account: string, region: string, i: number): boolean {
  return org.count('volume', account, region) > 0 && unit(org.seed, account, region, 'rp-source', i) < 0.5;
}

/** Whether a broker runs RabbitMQ (else ActiveMQ): a fixed draw per broker. */
function isRabbit(org: OrgModel, id: string): boolean {
  return unit(org.seed, id, 'mq-engine') < 0.3;
}

/** The verdicts a resource's own nature decides, or undefined where the seeded one stands. */
export function platformCompliance(org: OrgModel, sid: string, account: string, region: string, res: ResourceRef, day: number): Compliance | undefined {
  // AWS Backup encrypts the backups it stores itself (EFS here) with the vault's key; an EBS
  // snapshot is encrypted only when its volume is, so the seeded verdict stands for those.
  if (sid === 'BACKUP_RECOVERY_POINT_ENCRYPTED') return res.id.startsWith('arn:aws:backup:') ? 'COMPLIANT' : undefined;
  // Deployed without logTypes, the log rule asks for every log type, as the logging rule does.
  if (sid === 'EKS_CLUSTER_LOG_ENABLED') return org.config.verdict('EKS_CLUSTER_LOGGING_ENABLED', account, region, res, day).compliance === 'NON_COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT';
  if (sid !== 'MQ_CLOUDWATCH_AUDIT_LOGGING_ENABLED') return undefined;
  if (isRabbit(org, res.id)) return 'NOT_APPLICABLE';
  return org.config.seeded(sid, account, region, res, day).compliance === 'NON_COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT';
}

/** Where a VPC-attached resource sits: VPC k, its two subnets (zones a and b) and its k-th group. */
function network(org: OrgModel, account: string, region: string, i: number): { vpcId: string; subnetIds: string[]; groupId: string } {
  const vpcs = org.count('vpc', account, region);
  const k = i % vpcs;
  return {
    vpcId: org.resource('vpc', account, region, k).id,
    subnetIds: [k, k + vpcs].map((s) => computeResource(org, 'subnet', account, region, s).id),
    groupId: org.resource('sg', account, region, k).id,
  };
}

/** The item's fields beyond the common ones (version, accountId, capture time, status, type, id, tags). */
export function platformItem(org: OrgModel, kind: PlatformKind, account: string, region: string, res: ResourceRef, i: number, day: number, v: Verdict): Item {
  const on = (sid: string): boolean => v(sid) !== 'NON_COMPLIANT';
  const created = new Date(EPOCH - Math.floor((15 + 250 * unit(org.seed, res.id, 'created')) * DAY_MS)).toISOString();
  const logGroup = (name: string): string => `arn:aws:logs:${region}:${account}:log-group:${name}`;
  switch (kind) {
    case 'apiv2stage': {
      const stageName = API_STAGES[i % API_STAGES.length]!;
      const api = wsApiId(org, account, region, i);
      // A WebSocket stage: execution logging at the default route, access logs to a log group.
      const access = on('API_GWV2_ACCESS_LOGS_ENABLED');
      const configuration = {
        stageName,
        deploymentId: hexOf(6, org.seed, res.id, 'deployment'),
        description: `${stageName} stage`,
        autoDeploy: false,
        apiGatewayManaged: false,
        defaultRouteSettings: { dataTraceEnabled: false, detailedMetricsEnabled: true, loggingLevel: on('API_GW_EXECUTION_LOGGING_ENABLED') ? 'ERROR' : 'OFF', throttlingBurstLimit: 5000, throttlingRateLimit: 10000 },
        ...(access ? { accessLogSettings: { destinationArn: logGroup(`/aws/apigateway/${api}/${stageName}`), format: '$context.requestId $context.routeKey $context.status' } } : {}),
        createdDate: created,
        lastUpdatedDate: created,
      };
      return { awsRegion: region, resourceName: stageName, arn: res.id, configuration };
    }
    case 'eks': {
      const arn = `arn:aws:eks:${region}:${account}:cluster/${res.id}`;
      const net = network(org, account, region, i);
      // A failing cluster leaves one to three of the five control plane log types off.
      const all = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
      const off = on('EKS_CLUSTER_LOGGING_ENABLED') ? 0 : 1 + Math.floor(unit(org.seed, res.id, 'log-types') * 3);
      const configuration = {
        Name: res.id,
        Arn: arn,
        Version: '1.31',
        RoleArn: `arn:aws:iam::${account}:role/sbx-eks-cluster-role`,
        ClusterStatus: 'ACTIVE',
        Endpoint: `https://${hexOf(32, org.seed, res.id, 'endpoint').toUpperCase()}.gr7.${region}.eks.amazonaws.com`,
        ResourcesVpcConfig: { SubnetIds: net.subnetIds, SecurityGroupIds: [net.groupId], EndpointPublicAccess: false, EndpointPrivateAccess: true },
        KubernetesNetworkConfig: { IpFamily: 'ipv4', ServiceIpv4Cidr: '172.20.0.0/16' },
        Logging: { ClusterLogging: { EnabledTypes: all.slice(off).map((Type) => ({ Type })) } },
      };
      return { awsRegion: region, resourceName: res.id, arn, configuration };
    }
    case 'mqbroker': {
      const name = `sbx-${BROKERS[i % BROKERS.length]!}-${i}`;
      const arn = `arn:aws:mq:${region}:${account}:broker:${name}:${res.id}`;
      const net = network(org, account, region, i);
      const rabbit = isRabbit(org, res.id);
      const configuration = {
        BrokerName: name,
        Id: res.id,
        Arn: arn,
        EngineType: rabbit ? 'RABBITMQ' : 'ACTIVEMQ',
        EngineVersion: rabbit ? '3.13' : '5.18',
        HostInstanceType: 'mq.m5.large',
        DeploymentMode: rabbit ? 'SINGLE_INSTANCE' : 'ACTIVE_STANDBY_MULTI_AZ',
        AuthenticationStrategy: 'SIMPLE',
        AutoMinorVersionUpgrade: true,
        PubliclyAccessible: false,
        StorageType: rabbit ? 'EBS' : 'EFS',
        SubnetIds: rabbit ? net.subnetIds.slice(0, 1) : net.subnetIds,
        SecurityGroups: [net.groupId],
        EncryptionOptions: { UseAwsOwnedKey: true },
        // RabbitMQ has general logs only; an ActiveMQ broker publishes audit logs where the rule passes.
        Logs: rabbit ? { General: true } : { General: true, Audit: v('MQ_CLOUDWATCH_AUDIT_LOGGING_ENABLED') === 'COMPLIANT' },
        MaintenanceWindowStartTime: { DayOfWeek: 'SUNDAY', TimeOfDay: '03:00', TimeZone: 'UTC' },
      };
      return { awsRegion: region, resourceName: name, arn, configuration };
    }
    case 'graphqlapi': {
      const name = `sbx-${GRAPHS[i % GRAPHS.length]!}-${i}`;
      const arn = `arn:aws:appsync:${region}:${account}:apis/${res.id}`;
      // A failing API logs no field resolution (NONE); a passing one logs errors, or everything.
      const level = on('APPSYNC_LOGGING_ENABLED') ? (unit(org.seed, res.id, 'log-level') < 0.5 ? 'ERROR' : 'ALL') : 'NONE';
      const configuration = {
        ApiId: res.id,
        Id: res.id,
        Arn: arn,
        Name: name,
        AuthenticationType: 'AWS_IAM',
        GraphQLUrl: `https://${hexOf(26, org.seed, res.id, 'url')}.appsync-api.${region}.amazonaws.com/graphql`,
        XrayEnabled: false,
        LogConfig: { FieldLogLevel: level, CloudWatchLogsRoleArn: `arn:aws:iam::${account}:role/sbx-appsync-logs`, ExcludeVerboseContent: true },
      };
      return { awsRegion: region, resourceName: name, arn, configuration };
    }
    case 'clientvpn': {
      const net = network(org, account, region, i);
      const logs = on('EC2_CLIENT_VPN_CONNECTION_LOG_ENABLED');
      const configuration = {
        Id: res.id,
        Description: `remote access ${i}`,
        VpcId: net.vpcId,
        SecurityGroupIds: [net.groupId],
        ClientCidrBlock: `172.${16 + (i % 16)}.0.0/22`,
        ServerCertificateArn: `arn:aws:acm:${region}:${account}:certificate/${uuidOf(org.seed, res.id, 'server-cert')}`,
        AuthenticationOptions: [{ Type: 'certificate-authentication', MutualAuthentication: { ClientRootCertificateChain: `arn:aws:acm:${region}:${account}:certificate/${uuidOf(org.seed, res.id, 'client-ca')}` } }],
        ConnectionLogOptions: logs ? { Enabled: true, CloudwatchLogGroup: `/aws/clientvpn/${res.id}`, CloudwatchLogStream: 'connections' } : { Enabled: false },
        DnsServers: [],
        SplitTunnel: true,
        TransportProtocol: 'udp',
        VpnPort: 443,
        SessionTimeoutHours: 24,
      };
      return { awsRegion: region, resourceName: res.id, arn: `arn:aws:ec2:${region}:${account}:client-vpn-endpoint/${res.id}`, configuration };
    }
    case 'msk': {
      const net = network(org, account, region, i);
      const name = res.id.split('/')[1]!;
      // A failing cluster lets brokers talk plain text; clients use TLS either way.
      const configuration = {
        Arn: res.id,
        ClusterName: name,
        KafkaVersion: '3.6.0',
        NumberOfBrokerNodes: 2,
        CurrentVersion: 'K3AEGXETSR30VB',
        EnhancedMonitoring: 'DEFAULT',
        BrokerNodeGroupInfo: {
          BrokerAZDistribution: 'DEFAULT',
          ClientSubnets: net.subnetIds,
          InstanceType: 'kafka.m5.large',
          SecurityGroups: [net.groupId],
          StorageInfo: { EBSStorageInfo: { VolumeSize: 100 } },
          ConnectivityInfo: { PublicAccess: { Type: 'DISABLED' } },
        },
        ClientAuthentication: { Sasl: { Iam: { Enabled: true }, Scram: { Enabled: false } }, Tls: { Enabled: false }, Unauthenticated: { Enabled: false } },
        EncryptionInfo: {
          // A customer key of the account-region that can encrypt, else the AWS managed one.
          EncryptionAtRest: { DataVolumeKMSKeyId: encryptionKey(org, account, region, i, day, 'aws/kafka') },
          EncryptionInTransit: { ClientBroker: 'TLS', InCluster: on('MSK_IN_CLUSTER_NODE_REQUIRE_TLS') },
        },
      };
      return { awsRegion: region, resourceName: name, arn: res.id, resourceCreationTime: created, configuration };
    }
    case 'recoverypoint': {
      const snapshot = res.id.startsWith('arn:aws:ec2:');
      const encrypted = on('BACKUP_RECOVERY_POINT_ENCRYPTED');
      const vaultArn = `arn:aws:backup:${region}:${account}:backup-vault:Default`;
      // The daily rule's backups of the last five weeks, kept 35 days.
      const taken = EPOCH - Math.floor(1 + 33 * unit(org.seed, res.id, 'taken')) * DAY_MS + 5 * 3_600_000;
      const source = snapshot
        ? `arn:aws:ec2:${region}:${account}:volume/${org.resource('volume', account, region, i % org.count('volume', account, region)).id}`
        : `arn:aws:elasticfilesystem:${region}:${account}:file-system/${org.count('efs', account, region) > 0 ? org.resource('efs', account, region, i % org.count('efs', account, region)).id : `fs-${hexOf(17, org.seed, account, 'efs-rp', region, i)}`}`;
      // A snapshot carries its volume's key (a customer key that can encrypt, else aws/ebs), or none
      // where the rule fails; AWS Backup encrypts an EFS backup with the Default vault's aws/backup key.
      const key = snapshot ? (encrypted ? encryptionKey(org, account, region, i, day, 'aws/ebs') : undefined) : org.kms.keyArn(account, region, awsManagedKeyId(org.seed, account, region, 'aws/backup'));
      // Made by the first plan's first rule, or on demand where the account-region has no plan.
      const plan = org.count('backupplan', account, region) > 0 ? org.resource('backupplan', account, region, 0).id : undefined;
      const configuration = {
        RecoveryPointArn: res.id,
        BackupVaultName: 'Default',
        BackupVaultArn: vaultArn,
        ResourceArn: source,
        ResourceType: snapshot ? 'EBS' : 'EFS',
        ...(plan ? { CreatedBy: { BackupPlanId: plan, BackupPlanArn: `arn:aws:backup:${region}:${account}:backup-plan:${plan}`, BackupPlanVersion: planVersion(org, plan), BackupRuleId: uuidOf(org.seed, plan, 'rule', 0) } } : {}),
        IamRoleArn: `arn:aws:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`,
        Status: 'COMPLETED',
        CreationDate: new Date(taken).toISOString(),
        CompletionDate: new Date(taken + Math.floor(20 * 60_000 * (1 + unit(org.seed, res.id, 'duration')))).toISOString(),
        BackupSizeInBytes: Math.floor(1 + 200 * unit(org.seed, res.id, 'size')) * 1_073_741_824,
        Lifecycle: { DeleteAfterDays: 35 },
        CalculatedLifecycle: { DeleteAt: new Date(taken + 35 * DAY_MS).toISOString() },
        StorageClass: 'WARM',
        IsEncrypted: encrypted,
        ...(key ? { EncryptionKeyArn: key } : {}),
      };
      return { awsRegion: region, arn: res.id, resourceCreationTime: configuration.CreationDate, configuration };
    }
    case 'backupplan': {
      const name = `sbx-${PLANS[i % PLANS.length]!}`;
      const arn = `arn:aws:backup:${region}:${account}:backup-plan:${res.id}`;
      const vault = 'Default';
      // Every rule of a passing plan backs up daily or more often and keeps 35 days or more; no
      // rule of a failing one does both (a short retention, or a weekly or weekdays-only
      // schedule), so reading the rule as "one rule" or "every rule" gives the same verdict.
      const shapes = on('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK')
        ? [[{ RuleName: 'daily', ScheduleExpression: 'cron(0 5 ? * * *)', Lifecycle: { DeleteAfterDays: 35 } }], [{ RuleName: 'twice-daily', ScheduleExpression: 'cron(0 5,17 ? * * *)', Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 120 } }], [{ RuleName: 'daily', ScheduleExpression: 'cron(30 2 * * ? *)' }]]
        : [[{ RuleName: 'daily', ScheduleExpression: 'cron(0 5 ? * * *)', Lifecycle: { DeleteAfterDays: 14 } }, { RuleName: 'weekly', ScheduleExpression: 'cron(0 5 ? * SUN *)', Lifecycle: { DeleteAfterDays: 365 } }], [{ RuleName: 'weekdays', ScheduleExpression: 'cron(0 5 ? * MON-FRI *)', Lifecycle: { DeleteAfterDays: 35 } }]];
      const rules = shapes[Math.floor(unit(org.seed, res.id, 'plan-shape') * shapes.length)]!;
      const configuration = {
        BackupPlanId: res.id,
        BackupPlanArn: arn,
        VersionId: planVersion(org, res.id),
        BackupPlan: { BackupPlanName: name, BackupPlanRule: rules.map((r) => ({ ...r, TargetBackupVault: vault, StartWindowMinutes: 60, CompletionWindowMinutes: 180 })) },
      };
      return { awsRegion: region, resourceName: name, arn, resourceCreationTime: created, configuration };
    }
    case 'restapi': {
      // A passing API is regional or private, both among the sandbox's allowed types; a failing one
      // is edge-optimized (served through CloudFront), which they leave out.
      const allowed = SANDBOX_RULE_PARAMETERS.API_GW_ENDPOINT_TYPE_CHECK!.endpointConfigurationTypes!.split(',').map((t) => t.trim());
      const type = on('API_GW_ENDPOINT_TYPE_CHECK') ? allowed[unit(org.seed, res.id, 'endpoint-type') < 0.7 ? 0 : 1]! : 'EDGE';
      const name = `sbx-${REST_APIS[i % REST_APIS.length]!}-${i}`;
      const configuration = { id: res.id, name, description: `${name} API`, createdDate: created, apiKeySource: 'HEADER', binaryMediaTypes: [], endpointConfiguration: { types: [type] } };
      return { awsRegion: region, resourceName: name, arn: `arn:aws:apigateway:${region}::/restapis/${res.id}`, resourceCreationTime: created, configuration };
    }
    case 'vpnconnection': {
      // Two tunnels to an office's customer gateway through the account-region's virtual private
      // gateway; a failing connection has one tunnel down (or, on some, both).
      const up = on('VPC_VPN_2_TUNNELS_UP');
      const draw = unit(org.seed, res.id, 'tunnels-down');
      const statuses = up ? ['UP', 'UP'] : draw < 0.3 ? ['DOWN', 'DOWN'] : draw < 0.65 ? ['UP', 'DOWN'] : ['DOWN', 'UP'];
      const changed = (k: number): string => new Date(EPOCH - Math.floor((1 + 20 * unit(org.seed, res.id, 'tunnel-change', k)) * DAY_MS)).toISOString();
      const octet = (k: number, n: number): number => 1 + Math.floor(254 * unit(org.seed, res.id, 'tunnel-ip', k, n));
      const vgwTelemetry = statuses.map((status, k) => ({
        outsideIpAddress: `${k === 0 ? 3 : 52}.${octet(k, 1)}.${octet(k, 2)}.${octet(k, 3)}`,
        status,
        statusMessage: status === 'UP' ? '2 BGP ROUTES' : '',
        acceptedRouteCount: status === 'UP' ? 2 : 0,
        lastStatusChange: changed(k),
      }));
      const name = `sbx-${OFFICES[i % OFFICES.length]!}-vpn-${i}`;
      const configuration = {
        vpnConnectionId: res.id,
        customerGatewayId: `cgw-${hexOf(17, org.seed, account, region, 'cgw', i)}`,
        vpnGatewayId: `vgw-${hexOf(17, org.seed, account, region, 'vgw')}`,
        category: 'VPN',
        type: 'ipsec.1',
        state: { value: 'available' },
        options: { staticRoutesOnly: false },
        routes: [],
        vgwTelemetry,
      };
      return { awsRegion: region, resourceName: name, arn: `arn:aws:ec2:${region}:${account}:vpn-connection/${res.id}`, resourceCreationTime: created, configuration, tags: { Name: name } };
    }
  }
}

/** A backup plan's version id (AWS Backup's are opaque base64-like strings). */
function planVersion(org: OrgModel, plan: string): string {
  return Buffer.from(hexOf(24, org.seed, plan, 'version'), 'hex').toString('base64url');
}

/**
 * A CodeBuild project. A credentials failure puts an access key pair in plaintext variables
 * (a passing project keeps them in Parameter Store, or has none); a logging failure disables
 * both CloudWatch Logs and S3 logs; an artifact-encryption failure disables it on the S3
 * artifacts. A source-URL failure clones a Bitbucket repository with a token in its URL; a
 * passing project builds from its pipeline's source, or clones Bitbucket over OAuth.
 */
export function codeBuildProject(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, v: Verdict): Item {
  const arn = `arn:aws:codebuild:${region}:${account}:project/${res.id}`;
  const creds = v('CODEBUILD_PROJECT_ENVVAR_AWSCRED_CHECK') === 'NON_COMPLIANT';
  const logging = v('CODEBUILD_PROJECT_LOGGING_ENABLED') !== 'NON_COMPLIANT';
  const encrypted = v('CODEBUILD_PROJECT_ARTIFACT_ENCRYPTION') !== 'NON_COMPLIANT';
  const u = unit(org.seed, res.id, 'shape');
  const environmentVariables: Item[] = [{ name: 'STAGE', type: 'PLAINTEXT', value: 'prod' }];
  if (creds) environmentVariables.push({ name: 'AWS_ACCESS_KEY_ID', type: 'PLAINTEXT', value: 'AKIAIOSFODNN7EXAMPLE' }, { name: 'AWS_SECRET_ACCESS_KEY', type: 'PLAINTEXT', value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
  else if (u < 0.4) environmentVariables.push({ name: 'AWS_ACCESS_KEY_ID', type: 'PARAMETER_STORE', value: '/sbx/ci/access-key-id' }, { name: 'AWS_SECRET_ACCESS_KEY', type: 'PARAMETER_STORE', value: '/sbx/ci/secret-access-key' });
  const artifactBucket = `sbx-build-artifacts-${account}-${region}`;
  // Logs to CloudWatch Logs, S3 or both; a failing project has both switched off.
  const cw = logging && u < 0.7;
  const s3 = logging && !cw;
  const repo = `bitbucket.org/sbx-${account}/${res.id.replace(/-\d+$/, '')}.git`;
  const token = v('CODEBUILD_PROJECT_SOURCE_REPO_URL_CHECK') === 'NON_COMPLIANT';
  const source = token
    ? { type: 'BITBUCKET', location: `https://x-token-auth:${hexOf(32, org.seed, res.id, 'bitbucket-token')}@${repo}`, gitCloneDepth: 1, buildSpec: 'buildspec.yml' }
    : unit(org.seed, res.id, 'source') < 0.5
      ? { type: 'BITBUCKET', location: `https://${repo}`, gitCloneDepth: 1, buildSpec: 'buildspec.yml', auth: { type: 'OAUTH' } }
      : { type: 'CODEPIPELINE', buildSpec: 'buildspec.yml' };
  return {
    awsRegion: region,
    resourceName: res.id,
    arn,
    configuration: {
      name: res.id,
      description: `${res.id} pipeline stage`,
      source,
      artifacts: { type: 'S3', location: artifactBucket, name: res.id, packaging: 'ZIP', namespaceType: 'BUILD_ID', encryptionDisabled: !encrypted },
      secondaryArtifacts: [],
      environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/amazonlinux2-x86_64-standard:5.0', computeType: 'BUILD_GENERAL1_SMALL', privilegedMode: false, imagePullCredentialsType: 'CODEBUILD', environmentVariables },
      serviceRole: `arn:aws:iam::${account}:role/sbx-codebuild-${res.id}`,
      timeoutInMinutes: 60,
      queuedtimeoutInMinutes: 480,
      encryptionKey: `arn:aws:kms:${region}:${account}:alias/aws/s3`,
      logsConfig: {
        cloudWatchLogs: cw ? { status: 'ENABLED', groupName: `/aws/codebuild/${res.id}` } : { status: 'DISABLED' },
        s3Logs: s3 ? { status: 'ENABLED', location: `${artifactBucket}/build-logs`, encryptionDisabled: false } : { status: 'DISABLED', encryptionDisabled: false },
      },
    },
  };
}
