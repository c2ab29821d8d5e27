// Configuration items of the sandbox's application-side services: API Gateway REST API stages,
// SageMaker notebook instances, DMS replication instances and endpoints, RDS DB snapshots and Aurora, Neptune
// and DocumentDB clusters, in the shapes of the public aws-config-resource-schema (stages, snapshots and
// clusters in the APIs' camelCase, notebooks, replication instances and endpoints in CloudFormation's
// PascalCase). As for the other kinds (config-items.ts), each item writes out the settings that
// produce the oracle's verdicts (ConfigFacts.verdict); none of these rules puts a resource out of
// scope, so a seeded NOT_APPLICABLE is written out as the setting being on. Notebooks sit in the
// sandbox's own subnets and security groups; a snapshot is taken of one of the sandbox's DB
// instances and copies its engine and encryption, so its verdicts are derived from the instance's
// (serviceCompliance).
import { hexOf, unit, uuidOf } from '../prng.ts';
import { DAY_MS, EPOCH } from '../clock.ts';
import type { OrgModel, ResourceKind, ResourceRef } from '../org.ts';
import type { Compliance } from './config-facts.ts';
import { computeCount, computeResource } from './config-items-compute.ts';
import { encryptionKey } from './config-items-analytics.ts';

export type ServiceKind = 'apistage' | 'notebook' | 'dms' | 'dmsendpoint' | 'dbsnapshot' | 'dbcluster';

/** The managed rules with local evaluators that these items reproduce, and the kind each judges. */
export const SERVICE_ITEM_RULES: Record<string, ResourceKind> = {
  API_GW_EXECUTION_LOGGING_ENABLED: 'apistage',
  API_GW_SSL_ENABLED: 'apistage',
  API_GW_ASSOCIATED_WITH_WAF: 'apistage',
  API_GW_XRAY_ENABLED: 'apistage',
  API_GW_CACHE_ENABLED_AND_ENCRYPTED: 'apistage',
  SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS: 'notebook',
  SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED: 'notebook',
  SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC: 'notebook',
  DMS_REPLICATION_NOT_PUBLIC: 'dms',
  DMS_REDIS_TLS_ENABLED: 'dmsendpoint',
  DMS_ENDPOINT_SSL_CONFIGURED: 'dmsendpoint',
  RDS_SNAPSHOTS_PUBLIC_PROHIBITED: 'dbsnapshot',
  RDS_SNAPSHOT_ENCRYPTED: 'dbsnapshot',
  RDS_CLUSTER_MULTI_AZ_ENABLED: 'dbcluster',
  RDS_CLUSTER_DELETION_PROTECTION_ENABLED: 'dbcluster',
  RDS_CLUSTER_ENCRYPTED_AT_REST: 'dbcluster',
  RDS_CLUSTER_IAM_AUTHENTICATION_ENABLED: 'dbcluster',
  NEPTUNE_CLUSTER_IAM_DATABASE_AUTHENTICATION: 'dbcluster',
  NEPTUNE_CLUSTER_CLOUDWATCH_LOG_EXPORT_ENABLED: 'dbcluster',
  DOCDB_CLUSTER_AUDIT_LOGGING_ENABLED: 'dbcluster',
};

/** The engine family each of these cluster rules judges; a cluster of another engine is NOT_APPLICABLE. */
const CLUSTER_RULE_FAMILY: Record<string, ClusterFamily> = {
  RDS_CLUSTER_IAM_AUTHENTICATION_ENABLED: 'aurora',
  NEPTUNE_CLUSTER_IAM_DATABASE_AUTHENTICATION: 'neptune',
  NEPTUNE_CLUSTER_CLOUDWATCH_LOG_EXPORT_ENABLED: 'neptune',
  DOCDB_CLUSTER_AUDIT_LOGGING_ENABLED: 'docdb',
};

/** Rules whose NOT_APPLICABLE an item can show: a cluster's engine decides which of the IAM authentication and log export rules judge it, an endpoint's engine whether the Redis TLS rule does. */
export const SERVICE_NOT_APPLICABLE = [...Object.keys(CLUSTER_RULE_FAMILY), 'DMS_REDIS_TLS_ENABLED'];

/** The engines of the sandbox's DMS endpoints: a Redis target (a fixed draw per endpoint, half of them), else MySQL or PostgreSQL sources or an S3 target. */
const ENDPOINT_ENGINES = ['mysql', 'postgres', 's3'] as const;
function endpointEngine(org: OrgModel, id: string): 'redis' | (typeof ENDPOINT_ENGINES)[number] {
  const draw = unit(org.seed, id, 'dms-endpoint-engine');
  return draw < 0.5 ? 'redis' : ENDPOINT_ENGINES[Math.floor((draw - 0.5) * 6)]!;
}

type ClusterFamily = 'aurora' | 'neptune' | 'docdb';

/** A DB cluster's engine family: Neptune (a fixed draw per cluster), DocumentDB (a second draw among the others), else Aurora. */
function clusterFamily(org: OrgModel, id: string): ClusterFamily {
  if (unit(org.seed, id, 'neptune') < 0.3) return 'neptune';
  return unit(org.seed, id, 'docdb') < 0.4 ? 'docdb' : 'aurora';
}

/** How many of a service kind an account-region holds: a few, whatever the resource scale, none in some. */
export function serviceCount(org: OrgModel, kind: ServiceKind, account: string, region: string): number {
  // Manual snapshots exist only where there are DB instances to take them of.
  if (kind === 'dbsnapshot' && org.count('db', account, region) === 0) return 0;
  return Math.floor(unit(org.seed, account, region, `${kind}-count`) * (kind === 'apistage' ? 7 : 5));
}

export const STAGES = ['prod', 'staging', 'dev'];
const NOTEBOOKS = ['research', 'churn-model', 'forecasting', 'etl-sandbox'];

/** The REST API a stage belongs to: three stages per API. */
export const restApiId = (org: OrgModel, account: string, region: string, i: number): string => hexOf(10, org.seed, account, region, 'restapi', Math.floor(i / STAGES.length));

/** The i-th resource of a service kind, named as Config names it. */
export function serviceResource(org: OrgModel, kind: ServiceKind, account: string, region: string, i: number): ResourceRef {
  switch (kind) {
    case 'apistage':
      // A stage's resource id is its ARN, which names the API and the stage.
      return { type: 'AWS::ApiGateway::Stage', id: `arn:aws:apigateway:${region}::/restapis/${restApiId(org, account, region, i)}/stages/${STAGES[i % STAGES.length]!}` };
    case 'notebook':
      return { type: 'AWS::SageMaker::NotebookInstance', id: `sbx-${NOTEBOOKS[i % NOTEBOOKS.length]!}-${i}` };
    case 'dms':
      return { type: 'AWS::DMS::ReplicationInstance', id: `sbx-replication-${hexOf(8, org.seed, account, region, 'dms', i)}` };
    case 'dmsendpoint':
      return { type: 'AWS::DMS::Endpoint', id: `sbx-endpoint-${hexOf(8, org.seed, account, region, 'dmsendpoint', i)}` };
    case 'dbsnapshot':
      // Named after its DB instance (sbx-db-<j>, as that instance's item names it).
      return { type: 'AWS::RDS::DBSnapshot', id: `sbx-db-${snapshotSource(org, account, region, i)}-manual-${i}` };
    case 'dbcluster':
      // Config names a DB cluster by its DbClusterResourceId: "cluster-" and 26 upper-case characters.
      return { type: 'AWS::RDS::DBCluster', id: `cluster-${hexOf(26, org.seed, account, 'dbcluster', region, i).toUpperCase()}` };
  }
}

/** The index of the DB instance the i-th manual snapshot was taken of. */
const snapshotSource = (org: OrgModel, account: string, region: string, i: number): number => i % org.count('db', account, region);

/** Whether the DB instance a snapshot was taken of has encrypted storage, as its own item shows it. */
function sourceEncrypted(org: OrgModel, account: string, region: string, snapshotId: string, day: number): boolean {
  const j = Number(/^sbx-db-(\d+)-manual-\d+$/.exec(snapshotId)?.[1] ?? Number.NaN);
  if (!Number.isInteger(j)) throw new Error(`not a sandbox DB snapshot: ${snapshotId}`);
  return org.config.verdict('RDS_STORAGE_ENCRYPTED', account, region, org.resource('db', account, region, j), day).compliance !== 'NON_COMPLIANT';
}

/**
 * The verdicts a snapshot's source decides, or undefined where the seeded verdict stands: a
 * snapshot is encrypted exactly when its DB instance is, and AWS does not let an encrypted
 * snapshot be shared publicly.
 */
export function serviceCompliance(org: OrgModel, sid: string, account: string, region: string, res: ResourceRef, day: number): Compliance | undefined {
  switch (sid) {
    case 'RDS_SNAPSHOT_ENCRYPTED':
      return sourceEncrypted(org, account, region, res.id, day) ? 'COMPLIANT' : 'NON_COMPLIANT';
    case 'RDS_SNAPSHOTS_PUBLIC_PROHIBITED':
      return sourceEncrypted(org, account, region, res.id, day) ? 'COMPLIANT' : undefined;
    case 'SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC':
      // A notebook without direct internet access must sit in a VPC subnet.
      return org.config.verdict('SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS', account, region, res, day).compliance === 'NON_COMPLIANT' ? undefined : 'COMPLIANT';
    case 'RDS_CLUSTER_IAM_AUTHENTICATION_ENABLED':
    case 'NEPTUNE_CLUSTER_IAM_DATABASE_AUTHENTICATION':
    case 'NEPTUNE_CLUSTER_CLOUDWATCH_LOG_EXPORT_ENABLED':
    case 'DOCDB_CLUSTER_AUDIT_LOGGING_ENABLED':
      // The Aurora IAM rule leaves Neptune and DocumentDB clusters out, the Neptune rules every
      // engine but Neptune, the DocumentDB rule every engine but DocumentDB.
      if (clusterFamily(org, res.id) !== CLUSTER_RULE_FAMILY[sid]) return 'NOT_APPLICABLE';
      return org.config.seeded(sid, account, region, res, day).compliance === 'NON_COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT';
    case 'DMS_REDIS_TLS_ENABLED':
      // Only endpoints for Redis are judged.
      if (endpointEngine(org, res.id) !== 'redis') return 'NOT_APPLICABLE';
      return org.config.seeded(sid, account, region, res, day).compliance === 'NON_COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT';
    case 'DMS_ENDPOINT_SSL_CONFIGURED':
      // Every endpoint is judged on its SslMode: Redis and S3 endpoints keep none (they encrypt by
      // other means), which the rule, exempting no engine, fails; the MySQL and PostgreSQL sources
      // require SSL or not by the seeded draw.
      if (endpointEngine(org, res.id) === 'redis' || endpointEngine(org, res.id) === 's3') return 'NON_COMPLIANT';
      return org.config.seeded(sid, account, region, res, day).compliance === 'NON_COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT';
    default:
      return undefined;
  }
}

type Item = Record<string, unknown>;
type Verdicts = (sid: string) => Compliance;

/** A sandbox subnet and the security group of its VPC (the k-th group lies in VPC k modulo the VPCs). */
function placement(org: OrgModel, account: string, region: string, i: number): { subnetId: string; groupId: string } {
  const s = i % computeCount(org, 'subnet', account, region);
  const vpc = s % org.count('vpc', account, region);
  return { subnetId: computeResource(org, 'subnet', account, region, s).id, groupId: org.resource('sg', account, region, vpc).id };
}

/** The item's fields beyond the common ones (version, accountId, capture time, status, type, id, tags). */
export function serviceItem(org: OrgModel, kind: ServiceKind, account: string, region: string, res: ResourceRef, i: number, day: number, v: Verdicts, itemOf: (type: string, j: number) => Item): Item {
  // Created weeks before the simulation starts, so the time does not move with the day.
  const since = new Date(EPOCH - Math.floor((10 + 200 * unit(org.seed, res.id, 'since')) * DAY_MS)).toISOString();
  const on = (sid: string): boolean => v(sid) !== 'NON_COMPLIANT';
  switch (kind) {
    case 'apistage': {
      const stageName = STAGES[i % STAGES.length]!;
      const api = restApiId(org, account, region, i);
      // Failing execution logging: the stage default logs nothing.
      const logging = on('API_GW_EXECUTION_LOGGING_ENABLED') ? 'ERROR' : 'OFF';
      const waf = on('API_GW_ASSOCIATED_WITH_WAF');
      const cert = on('API_GW_SSL_ENABLED');
      // A stage passing the cache rule caches every method in an encrypted cache cluster; a
      // failing one has no cluster and caches nothing, or caches without encryption.
      const cached = on('API_GW_CACHE_ENABLED_AND_ENCRYPTED');
      const cluster = cached || unit(org.seed, res.id, 'cache-cluster') < 0.5;
      const configuration = {
        stageName,
        deploymentId: hexOf(6, org.seed, res.id, 'deployment'),
        description: `${stageName} stage`,
        cacheClusterEnabled: cluster,
        ...(cluster ? { cacheClusterSize: '0.5', cacheClusterStatus: 'AVAILABLE' } : { cacheClusterStatus: 'NOT_AVAILABLE' }),
        // As GetStage returns them: keyed "resource/method", "*/*" for the stage default.
        methodSettings: { '*/*': { metricsEnabled: false, loggingLevel: logging, dataTraceEnabled: false, throttlingBurstLimit: 5000, throttlingRateLimit: 10000, cachingEnabled: cluster, cacheTtlInSeconds: 300, cacheDataEncrypted: cached, requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER' } },
        tracingEnabled: on('API_GW_XRAY_ENABLED'),
        ...(cert ? { clientCertificateId: hexOf(6, org.seed, account, region, 'client-cert') } : {}),
        ...(waf ? { webAclArn: `arn:aws:wafv2:${region}:${account}:regional/webacl/sbx-api-protection/${uuidOf(org.seed, account, region, 'webacl')}` } : {}),
        createdDate: since,
        lastUpdatedDate: since,
      };
      return { awsRegion: region, resourceName: stageName, arn: res.id, configuration, relationships: [{ resourceType: 'AWS::ApiGateway::RestApi', resourceId: api, relationshipName: 'Is contained in ' }] };
    }
    case 'notebook': {
      // AWS lets a notebook go without direct internet access only inside a VPC (serviceCompliance).
      const direct = !on('SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS');
      const inVpc = on('SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC');
      const { subnetId, groupId } = placement(org, account, region, i);
      const keyed = on('SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED');
      const arn = `arn:aws:sagemaker:${region}:${account}:notebook-instance/${res.id}`;
      const configuration = {
        NotebookInstanceName: res.id,
        InstanceType: i % 2 === 0 ? 'ml.t3.medium' : 'ml.m5.xlarge',
        RoleArn: `arn:aws:iam::${account}:role/service-role/AmazonSageMaker-ExecutionRole-sbx`,
        DirectInternetAccess: direct ? 'Enabled' : 'Disabled',
        RootAccess: 'Disabled',
        VolumeSizeInGB: 20,
        ...(inVpc ? { SubnetId: subnetId, SecurityGroupIds: [groupId] } : {}),
        ...(keyed ? { KmsKeyId: encryptionKey(org, account, region, i, day, 'aws/sagemaker') } : {}),
      };
      return { awsRegion: region, resourceName: res.id, arn, resourceCreationTime: since, configuration };
    }
    case 'dms': {
      const isPublic = !on('DMS_REPLICATION_NOT_PUBLIC');
      const h = hexOf(8, org.seed, res.id, 'addresses');
      const octet = (k: number): number => Number.parseInt(h.slice(2 * k, 2 * k + 2), 16);
      const arn = `arn:aws:dms:${region}:${account}:rep:${hexOf(26, org.seed, res.id, 'arn').toUpperCase()}`;
      const configuration = {
        ReplicationInstanceIdentifier: res.id,
        ReplicationInstanceClass: 'dms.t3.medium',
        AllocatedStorage: 50,
        EngineVersion: '3.5.3',
        MultiAZ: false,
        AvailabilityZone: `${region}a`,
        AutoMinorVersionUpgrade: true,
        PubliclyAccessible: isPublic,
        // A public replication instance has a public address besides its private one.
        ReplicationInstancePrivateIpAddresses: [`10.${octet(0)}.${octet(1)}.${4 + (octet(2) % 250)}`],
        ReplicationInstancePublicIpAddresses: isPublic ? [`3.${octet(1)}.${octet(2)}.${octet(3)}`] : [],
        KmsKeyId: encryptionKey(org, account, region, i, day, 'aws/dms'),
        PreferredMaintenanceWindow: 'sun:06:00-sun:06:30',
      };
      return { awsRegion: region, resourceName: res.id, arn, resourceCreationTime: since, configuration };
    }
    case 'dmsendpoint':
      return dmsEndpoint(org, account, region, res, i, day, since, v);
    case 'dbsnapshot':
      return dbSnapshot(org, account, region, res, i, since, v, itemOf);
    case 'dbcluster':
      return dbCluster(org, account, region, res, i, day, since, v);
  }
}

/** A manual snapshot of one of the sandbox's DB instances: its engine, storage and encryption. */
function dbSnapshot(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, since: string, v: Verdicts, itemOf: (type: string, j: number) => Item): Item {
  const db = (itemOf('AWS::RDS::DBInstance', snapshotSource(org, account, region, i)) as { configuration: Record<string, unknown> & { dBInstanceIdentifier: string; storageEncrypted: boolean; kmsKeyId?: string; endpoint: { port: number }; dBSubnetGroup: { vpcId: string } } }).configuration;
  // Shared publicly ("all"), with another account of the organization, or with nobody.
  const other = org.accounts.find((x) => x !== account);
  const restore = v('RDS_SNAPSHOTS_PUBLIC_PROHIBITED') === 'NON_COMPLIANT' ? ['all'] : other && unit(org.seed, res.id, 'shared') < 0.3 ? [other] : [];
  const arn = `arn:aws:rds:${region}:${account}:snapshot:${res.id}`;
  const configuration = {
    dBSnapshotIdentifier: res.id,
    dBSnapshotArn: arn,
    dBInstanceIdentifier: db.dBInstanceIdentifier,
    dbiResourceId: db.dbiResourceId,
    snapshotCreateTime: since,
    instanceCreateTime: db.instanceCreateTime,
    engine: db.engine,
    engineVersion: db.engineVersion,
    licenseModel: db.licenseModel,
    allocatedStorage: db.allocatedStorage,
    storageType: db.storageType,
    port: db.endpoint.port,
    availabilityZone: db.availabilityZone,
    vpcId: db.dBSubnetGroup.vpcId,
    masterUsername: db.masterUsername,
    status: 'available',
    percentProgress: 100,
    snapshotType: 'manual',
    encrypted: db.storageEncrypted,
    ...(db.kmsKeyId ? { kmsKeyId: db.kmsKeyId } : {}),
    iAMDatabaseAuthenticationEnabled: db.iAMDatabaseAuthenticationEnabled,
  };
  return {
    awsRegion: region,
    resourceName: res.id,
    arn,
    resourceCreationTime: since,
    configuration,
    supplementaryConfiguration: { DBSnapshotAttributes: [{ attributeName: 'restore', attributeValues: restore }] },
    relationships: [{ resourceType: 'AWS::RDS::DBInstance', resourceId: db.dbiResourceId, relationshipName: 'Is associated with ' }],
  };
}

const AURORA: Record<string, { version: string; port: number }> = {
  'aurora-mysql': { version: '8.0.mysql_aurora.3.08.0', port: 3306 },
  'aurora-postgresql': { version: '16.4', port: 5432 },
};
const NEPTUNE = { version: '1.3.2.1', port: 8182 };
const DOCDB = { version: '5.0.0', port: 27017 };

/** An Aurora, Neptune or DocumentDB cluster: a writer, and a reader in a second zone where it is Multi-AZ. */
function dbCluster(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, since: string, v: Verdicts): Item {
  const on = (sid: string): boolean => v(sid) !== 'NON_COMPLIANT';
  const family = clusterFamily(org, res.id);
  const neptune = family === 'neptune';
  const engine = family === 'aurora' ? Object.keys(AURORA)[Number.parseInt(hexOf(4, org.seed, res.id, 'engine'), 16) % 2]! : family;
  const e = neptune ? NEPTUNE : family === 'docdb' ? DOCDB : AURORA[engine]!;
  const name = `sbx-${neptune ? 'graph' : family === 'docdb' ? 'docs' : 'aurora'}-${i}`;
  const arn = `arn:aws:rds:${region}:${account}:cluster:${name}`;
  const multiAZ = on('RDS_CLUSTER_MULTI_AZ_ENABLED');
  const encrypted = on('RDS_CLUSTER_ENCRYPTED_AT_REST');
  const zones = multiAZ ? ['a', 'b'] : ['a'];
  const vpc = org.resource('vpc', account, region, i % org.count('vpc', account, region)).id;
  const sg = org.resource('sg', account, region, i % org.count('sg', account, region)).id;
  const host = `${hexOf(12, org.seed, account, region, 'rds-endpoint')}.${region}.rds.amazonaws.com`;
  // A Neptune or DocumentDB cluster exports its audit log where it passes (some their slow-query
  // or profiler log too); a failing one exports nothing, or that other log only. The Aurora
  // clusters export nothing.
  const other = unit(org.seed, res.id, 'slowquery-log') < 0.4 ? [neptune ? 'slowquery' : 'profiler'] : [];
  const auditRule = neptune ? 'NEPTUNE_CLUSTER_CLOUDWATCH_LOG_EXPORT_ENABLED' : 'DOCDB_CLUSTER_AUDIT_LOGGING_ENABLED';
  const logs = family === 'aurora' ? [] : on(auditRule) ? ['audit', ...other] : other;
  const configuration = {
    dbclusterIdentifier: name,
    dbclusterArn: arn,
    dbClusterResourceId: res.id,
    engine,
    engineVersion: e.version,
    engineMode: 'provisioned',
    status: 'available',
    clusterCreateTime: since,
    ...(family === 'aurora' ? { databaseName: 'app', masterUsername: 'admin' } : family === 'docdb' ? { masterUsername: 'admin' } : {}),
    port: e.port,
    endpoint: { value: `${name}.cluster-${host}` },
    readerEndpoint: `${name}.cluster-ro-${host}`,
    availabilityZones: ['a', 'b', 'c'].map((z) => ({ value: `${region}${z}` })),
    multiAZ,
    dbclusterMembers: zones.map((_, k) => ({ dbinstanceIdentifier: `${name}-instance-${k + 1}`, isClusterWriter: k === 0, promotionTier: 1, dbclusterParameterGroupStatus: 'in-sync' })),
    dbsubnetGroup: `sbx-db-subnets-${vpc}`,
    vpcSecurityGroups: [{ vpcSecurityGroupId: sg, status: 'active' }],
    backupRetentionPeriod: 7,
    preferredBackupWindow: '03:00-03:30',
    preferredMaintenanceWindow: 'sun:04:00-sun:04:30',
    storageEncrypted: encrypted,
    ...(encrypted ? { kmsKeyId: encryptionKey(org, account, region, i, day, 'aws/rds') } : {}),
    // No IAM rule judges a DocumentDB cluster; the sandbox's leave it off.
    iamdatabaseAuthenticationEnabled: family === 'docdb' ? false : on(neptune ? 'NEPTUNE_CLUSTER_IAM_DATABASE_AUTHENTICATION' : 'RDS_CLUSTER_IAM_AUTHENTICATION_ENABLED'),
    deletionProtection: on('RDS_CLUSTER_DELETION_PROTECTION_ENABLED'),
    copyTagsToSnapshot: true,
    autoMinorVersionUpgrade: true,
    enabledCloudwatchLogsExports: logs,
    httpEndpointEnabled: false,
  };
  return { awsRegion: region, resourceName: name, arn, resourceCreationTime: since, configuration };
}

/**
 * A DMS endpoint as DescribeEndpoints shows it (PascalCase, as the published schema records it).
 * A Redis target (an ElastiCache for Redis host) passes the TLS rule with ssl-encryption and fails
 * it in plaintext, some of the failing ones without an auth token too (SslMode none either way, so
 * they fail the SSL rule); MySQL and PostgreSQL sources require SSL (require or verify-full) where
 * the truth says they pass the SSL rule and have SslMode none where it fails, and an S3 target
 * writes to a sandbox bucket (SslMode none). Each is encrypted with a key of the
 * account-region, as its replication instances are.
 */
function dmsEndpoint(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, since: string, v: Verdicts): Item {
  const engine = endpointEngine(org, res.id);
  const external = hexOf(26, org.seed, res.id, 'external').toUpperCase();
  const arn = `arn:aws:dms:${region}:${account}:endpoint:${external}`;
  const common = { EndpointIdentifier: res.id, EngineName: engine, ExternalId: external, Id: external, KmsKeyId: encryptionKey(org, account, region, i, day, 'aws/dms') };
  const host = (service: string): string => `sbx-${service}.${hexOf(6, org.seed, res.id, 'host')}.${region}.${service === 'cache' ? 'cache' : 'rds'}.amazonaws.com`;
  let configuration: Item;
  if (engine === 'redis') {
    const tls = v('DMS_REDIS_TLS_ENABLED') !== 'NON_COMPLIANT';
    const auth = tls || unit(org.seed, res.id, 'redis-auth') < 0.5;
    const server = host('cache');
    configuration = { ...common, EndpointType: 'target', ServerName: server, Port: 6379, SslMode: 'none', RedisSettings: { ServerName: server, Port: 6379, SslSecurityProtocol: tls ? 'ssl-encryption' : 'plaintext', AuthType: auth ? 'auth-token' : 'none' } };
  } else if (engine === 's3') {
    configuration = { ...common, EndpointType: 'target', SslMode: 'none', S3Settings: { BucketName: org.bucketName(account, region, 0), BucketFolder: 'dms', ServiceAccessRoleArn: `arn:aws:iam::${account}:role/sbx-dms-s3-access`, CompressionType: 'GZIP', DataFormat: 'parquet' } };
  } else {
    const port = engine === 'mysql' ? 3306 : 5432;
    const ssl = v('DMS_ENDPOINT_SSL_CONFIGURED') === 'NON_COMPLIANT' ? 'none' : unit(org.seed, res.id, 'dms-ssl-mode') < 0.5 ? 'require' : 'verify-full';
    configuration = { ...common, EndpointType: 'source', ServerName: host('db'), Port: port, DatabaseName: 'shop', Username: 'dms_reader', SslMode: ssl };
  }
  return { awsRegion: region, resourceName: res.id, arn, resourceCreationTime: since, configuration };
}
