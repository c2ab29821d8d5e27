// Configuration items of the sandbox's analytics resources: Redshift clusters, OpenSearch domains
// and legacy Elasticsearch domains, in the shape of the public aws-config-resource-schema. As in
// config-items.ts, each item writes out the oracle's verdicts (ConfigFacts.verdict) as the
// settings that produce them; where one setting decides several rules (encryption, audit logging,
// snapshot retention, what fine-grained access control requires), the dependent rule's verdict is
// derived from the others here, so no combination AWS cannot show is ever seeded.
// The sandbox has no subnets of its own: a domain's subnet ids are seeded within its VPC.
import { hexOf, unit } from '../prng.ts';
import type { OrgModel, ResourceKind, ResourceRef } from '../org.ts';
import type { Compliance } from './config-facts.ts';
import { awsManagedKeyId } from './kms-facts.ts';

type Item = Record<string, unknown>;
type Verdict = (sid: string) => Compliance;

/** Managed rules that judge Redshift clusters. */
export const REDSHIFT_RULES = new Set([
  'REDSHIFT_CLUSTER_CONFIGURATION_CHECK',
  'REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK',
  'REDSHIFT_BACKUP_ENABLED',
  'REDSHIFT_ENHANCED_VPC_ROUTING_ENABLED',
  'REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK',
  'REDSHIFT_AUDIT_LOGGING_ENABLED',
  'REDSHIFT_CLUSTER_KMS_ENABLED',
  'REDSHIFT_REQUIRE_TLS_SSL',
]);

/** Managed rules that judge OpenSearch domains. */
export const OPENSEARCH_RULES = new Set([
  'OPENSEARCH_IN_VPC_ONLY',
  'OPENSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK',
  'OPENSEARCH_HTTPS_REQUIRED',
  'OPENSEARCH_ENCRYPTED_AT_REST',
  'OPENSEARCH_ACCESS_CONTROL_ENABLED',
  'OPENSEARCH_LOGS_TO_CLOUDWATCH',
  'OPENSEARCH_AUDIT_LOGGING_ENABLED',
]);

/** Managed rules that judge Elasticsearch domains. */
export const ELASTICSEARCH_RULES = new Set(['ELASTICSEARCH_IN_VPC_ONLY', 'ELASTICSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK', 'ELASTICSEARCH_ENCRYPTED_AT_REST', 'ELASTICSEARCH_LOGS_TO_CLOUDWATCH']);

/** How many resources of an analytics kind an account-region holds. */
export function analyticsCount(org: OrgModel, kind: ResourceKind, account: string, region: string): number {
  // Costly, so a few per account-region whatever the resource scale, none in some.
  return Math.floor(unit(org.seed, account, region, `${kind}-count`) * 5);
}

/** The i-th resource of an analytics kind, named as Config names it. */
export function analyticsResource(org: OrgModel, kind: ResourceKind, account: string, region: string, i: number): ResourceRef {
  switch (kind) {
    case 'redshift':
      // A cluster's resource id is its identifier.
      return { type: 'AWS::Redshift::Cluster', id: `sbx-warehouse-${hexOf(6, org.seed, account, region, 'redshift', i)}` };
    case 'opensearch':
      // A domain's resource id is its domain id: the account and the domain name.
      return { type: 'AWS::OpenSearch::Domain', id: `${account}/sbx-search-${hexOf(6, org.seed, account, region, 'opensearch', i)}` };
    case 'elasticsearch':
      return { type: 'AWS::Elasticsearch::Domain', id: `${account}/sbx-legacy-es-${hexOf(6, org.seed, account, region, 'elasticsearch', i)}` };
    default:
      throw new Error(`not an analytics kind: ${kind}`);
  }
}

/**
 * The verdicts one setting decides for several rules, or undefined where the seeded verdict
 * stands. REDSHIFT_CLUSTER_CONFIGURATION_CHECK with its default parameters is encryption and
 * audit logging together; the maintenance settings require at least one day of automated
 * snapshots, which a cluster without backups does not keep. Fine-grained access control on an
 * OpenSearch domain requires HTTPS, node-to-node encryption and encryption at rest.
 */
export function analyticsCompliance(org: OrgModel, sid: string, account: string, region: string, res: ResourceRef, day: number): Compliance | undefined {
  const fails = (rule: string): boolean => org.config.verdict(rule, account, region, res, day).compliance === 'NON_COMPLIANT';
  switch (sid) {
    case 'REDSHIFT_CLUSTER_CONFIGURATION_CHECK':
      return fails('REDSHIFT_CLUSTER_KMS_ENABLED') || fails('REDSHIFT_AUDIT_LOGGING_ENABLED') ? 'NON_COMPLIANT' : 'COMPLIANT';
    case 'REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK':
      return fails('REDSHIFT_BACKUP_ENABLED') ? 'NON_COMPLIANT' : undefined;
    case 'OPENSEARCH_ACCESS_CONTROL_ENABLED':
      return ['OPENSEARCH_HTTPS_REQUIRED', 'OPENSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK', 'OPENSEARCH_ENCRYPTED_AT_REST'].some(fails) ? 'NON_COMPLIANT' : undefined;
    default:
      return undefined;
  }
}

/**
 * A customer key of the account-region that can encrypt (the key rotation rule leaves only
 * asymmetric ones out of scope), else the AWS managed key of the service.
 */
export function encryptionKey(org: OrgModel, account: string, region: string, i: number, day: number, alias: string): string {
  const n = org.count('key', account, region);
  for (let k = 0; k < n; k += 1) {
    const key = org.resource('key', account, region, (i + k) % n);
    if (org.config.verdict('CMK_BACKING_KEY_ROTATION_ENABLED', account, region, key, day).compliance !== 'NOT_APPLICABLE') return `arn:aws:kms:${region}:${account}:key/${key.id}`;
  }
  return org.kms.keyArn(account, region, awsManagedKeyId(org.seed, account, region, alias));
}

const NODE_TYPES = ['ra3.xlplus', 'ra3.4xlarge', 'dc2.large'];

/** A Redshift cluster's item: configuration as DescribeClusters shows it, audit logging as DescribeLoggingStatus does. */
export function redshiftCluster(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, capture: string, v: Verdict): Item {
  const on = (sid: string): boolean => v(sid) !== 'NON_COMPLIANT';
  const encrypted = on('REDSHIFT_CLUSTER_KMS_ENABLED');
  const logging = on('REDSHIFT_AUDIT_LOGGING_ENABLED');
  const backups = on('REDSHIFT_BACKUP_ENABLED');
  // Without backups the maintenance rule fails on retention whatever the upgrade setting, which
  // the seeded draw still decides, so both causes occur.
  const upgrades = org.config.seeded('REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK', account, region, res, day).compliance !== 'NON_COMPLIANT';
  const isPublic = !on('REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK');
  const vpc = org.resource('vpc', account, region, i % org.count('vpc', account, region)).id;
  const sg = org.resource('sg', account, region, i % org.count('sg', account, region)).id;
  const nodeType = NODE_TYPES[Number.parseInt(hexOf(4, org.seed, res.id, 'node-type'), 16) % NODE_TYPES.length]!;
  const nodes = nodeType === 'dc2.large' ? 1 : 2;
  const octet = (k: number): number => Number.parseInt(hexOf(2, org.seed, res.id, 'ip', k), 16);
  // A single-node cluster's one node does both jobs; a larger one has a leader besides its compute nodes.
  const roles = nodes === 1 ? ['SHARED'] : ['LEADER', ...Array.from({ length: nodes }, (_, k) => `COMPUTE-${k}`)];
  const clusterNodes = roles.map((nodeRole, k) => ({
    nodeRole,
    privateIPAddress: `10.${octet(0)}.${octet(1)}.${10 + k}`,
    ...(isPublic ? { publicIPAddress: `3.${octet(2)}.${octet(3)}.${10 + k}` } : {}),
  }));
  return {
    configuration: {
      clusterIdentifier: res.id,
      nodeType,
      numberOfNodes: nodes,
      clusterStatus: 'available',
      clusterAvailabilityStatus: 'Available',
      masterUsername: 'awsuser',
      dBName: 'analytics',
      endpoint: { address: `${res.id}.${hexOf(12, org.seed, account, region, 'redshift-endpoint')}.${region}.redshift.amazonaws.com`, port: 5439 },
      clusterCreateTime: capture,
      automatedSnapshotRetentionPeriod: backups ? 7 : 0,
      manualSnapshotRetentionPeriod: -1,
      clusterSecurityGroups: [],
      vpcSecurityGroups: [{ vpcSecurityGroupId: sg, status: 'active' }],
      clusterParameterGroups: [{ parameterGroupName: 'default.redshift-1.0', parameterApplyStatus: 'in-sync' }],
      clusterSubnetGroupName: `sbx-redshift-subnets-${vpc}`,
      vpcId: vpc,
      availabilityZone: `${region}a`,
      preferredMaintenanceWindow: 'sat:05:00-sat:05:30',
      pendingModifiedValues: {},
      clusterVersion: '1.0',
      allowVersionUpgrade: upgrades,
      publiclyAccessible: isPublic,
      encrypted,
      ...(encrypted ? { kmsKeyId: encryptionKey(org, account, region, i, day, 'aws/redshift') } : {}),
      enhancedVpcRouting: on('REDSHIFT_ENHANCED_VPC_ROUTING_ENABLED'),
      clusterNodes,
      iamRoles: [],
      maintenanceTrackName: 'current',
      pendingActions: [],
    },
    supplementaryConfiguration: {
      // What DescribeLoggingStatus shows for a cluster that does not log: only the flag.
      LoggingStatus: logging ? { loggingEnabled: true, bucketName: `sbx-redshift-audit-${account}-${region}`, s3KeyPrefix: `${res.id}/`, lastSuccessfulDeliveryTime: capture } : { loggingEnabled: false },
    },
  };
}

/** A domain's subnets: one per availability zone it spans, within its VPC. */
function subnets(org: OrgModel, account: string, region: string, vpc: string, n: number): string[] {
  return Array.from({ length: n }, (_, k) => `subnet-${hexOf(17, org.seed, account, region, vpc, 'subnet', k)}`);
}

/** An OpenSearch domain's item (name, ARN, configuration as DescribeDomain shows it, in the schema's PascalCase). */
export function openSearchDomain(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, v: Verdict): Item {
  const on = (sid: string): boolean => v(sid) !== 'NON_COMPLIANT';
  const name = res.id.slice(res.id.indexOf('/') + 1);
  const arn = `arn:aws:es:${region}:${account}:domain/${name}`;
  const inVpc = on('OPENSEARCH_IN_VPC_ONLY');
  const atRest = on('OPENSEARCH_ENCRYPTED_AT_REST');
  const https = on('OPENSEARCH_HTTPS_REQUIRED');
  const vpc = org.resource('vpc', account, region, i % org.count('vpc', account, region)).id;
  const sg = org.resource('sg', account, region, i % org.count('sg', account, region)).id;
  const zones = unit(org.seed, res.id, 'zones') < 0.5 ? 2 : 3;
  return {
    resourceName: name,
    arn,
    configuration: {
      DomainName: name,
      Id: res.id,
      Arn: arn,
      EngineVersion: 'OpenSearch_2.17',
      ClusterConfig: { InstanceType: 'r6g.large.search', InstanceCount: zones, DedicatedMasterEnabled: false, ZoneAwarenessEnabled: true, ZoneAwarenessConfig: { AvailabilityZoneCount: zones }, WarmEnabled: false },
      EBSOptions: { EBSEnabled: true, VolumeType: 'gp3', VolumeSize: 100, Iops: 3000, Throughput: 125 },
      SnapshotOptions: { AutomatedSnapshotStartHour: 0 },
      // A public domain has no VPC options at all, as DescribeDomain shows it.
      ...(inVpc ? { VPCOptions: { VPCId: vpc, SubnetIds: subnets(org, account, region, vpc, zones), SecurityGroupIds: [sg], AvailabilityZones: Array.from({ length: zones }, (_, k) => `${region}${'abc'[k]}`) } } : {}),
      EncryptionAtRestOptions: { Enabled: atRest, ...(atRest ? { KmsKeyId: encryptionKey(org, account, region, i, day, 'aws/es') } : {}) },
      NodeToNodeEncryptionOptions: { Enabled: on('OPENSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK') },
      // A domain that does not enforce HTTPS keeps the oldest policy, the default.
      DomainEndpointOptions: { EnforceHTTPS: https, TLSSecurityPolicy: https ? 'Policy-Min-TLS-1-2-PFS-2023-10' : 'Policy-Min-TLS-1-0-2019-07', CustomEndpointEnabled: false },
      AdvancedSecurityOptions: { Enabled: on('OPENSEARCH_ACCESS_CONTROL_ENABLED'), InternalUserDatabaseEnabled: false, AnonymousAuthEnabled: false },
      CognitoOptions: { Enabled: false },
      LogPublishingOptions: logPublishing(org, account, region, res, name, on('OPENSEARCH_LOGS_TO_CLOUDWATCH')),
    },
  };
}

/**
 * A domain's log publishing options, keyed by log type as DescribeDomain shows them. A passing
 * domain publishes its error (application) log, some their search slow log too; a failing one
 * publishes nothing, or had its error log turned off.
 */
function logPublishing(org: OrgModel, account: string, region: string, res: ResourceRef, name: string, publishes: boolean): Item {
  const group = (log: string): string => `arn:aws:logs:${region}:${account}:log-group:/aws/OpenSearchService/domains/${name}/${log}`;
  const draw = unit(org.seed, res.id, 'log-publishing');
  if (!publishes) return draw < 0.5 ? {} : { ES_APPLICATION_LOGS: { CloudWatchLogsLogGroupArn: group('application-logs'), Enabled: false } };
  return { ES_APPLICATION_LOGS: { CloudWatchLogsLogGroupArn: group('application-logs'), Enabled: true }, ...(draw < 0.4 ? { SEARCH_SLOW_LOGS: { CloudWatchLogsLogGroupArn: group('search-logs'), Enabled: true } } : {}) };
}

/**
 * A legacy Elasticsearch domain's item: the same settings as an OpenSearch domain's, under the
 * schema's lower camel case names (vpcoptions, ebsoptions, elasticsearchClusterConfig).
 */
export function elasticsearchDomain(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, v: Verdict): Item {
  const on = (sid: string): boolean => v(sid) !== 'NON_COMPLIANT';
  const name = res.id.slice(res.id.indexOf('/') + 1);
  const arn = `arn:aws:es:${region}:${account}:domain/${name}`;
  const inVpc = on('ELASTICSEARCH_IN_VPC_ONLY');
  const atRest = on('ELASTICSEARCH_ENCRYPTED_AT_REST');
  const vpc = org.resource('vpc', account, region, i % org.count('vpc', account, region)).id;
  const sg = org.resource('sg', account, region, i % org.count('sg', account, region)).id;
  const endpoint = `${name}-${hexOf(26, org.seed, res.id, 'endpoint')}.${region}.es.amazonaws.com`;
  return {
    resourceName: name,
    arn,
    configuration: {
      domainId: res.id,
      domainName: name,
      arn,
      created: true,
      deleted: false,
      processing: false,
      upgradeProcessing: false,
      // Node-to-node encryption needs 6.0 or later, which every version offered here is.
      elasticsearchVersion: unit(org.seed, res.id, 'version') < 0.5 ? '7.10' : '6.8',
      elasticsearchClusterConfig: { instanceType: 'm5.large.elasticsearch', instanceCount: 2, dedicatedMasterEnabled: false, zoneAwarenessEnabled: true, zoneAwarenessConfig: { availabilityZoneCount: 2 }, warmEnabled: false },
      ebsoptions: { ebsenabled: true, volumeType: 'gp2', volumeSize: 50 },
      snapshotOptions: { automatedSnapshotStartHour: 0 },
      // A VPC domain has VPC options and a VPC endpoint; a public one neither.
      ...(inVpc
        ? { vpcoptions: { vpcid: vpc, subnetIds: subnets(org, account, region, vpc, 2), securityGroupIds: [sg], availabilityZones: [`${region}a`, `${region}b`] }, endpoints: { vpc: `vpc-${endpoint}` } }
        : { endpoint: { value: `search-${endpoint}` } }),
      encryptionAtRestOptions: { enabled: atRest, ...(atRest ? { kmsKeyId: encryptionKey(org, account, region, i, day, 'aws/es') } : {}) },
      nodeToNodeEncryptionOptions: { enabled: on('ELASTICSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK') },
      domainEndpointOptions: { enforceHTTPS: false, tlssecurityPolicy: 'Policy-Min-TLS-1-0-2019-07', customEndpointEnabled: false },
      advancedSecurityOptions: { enabled: false, internalUserDatabaseEnabled: false, anonymousAuthEnabled: false },
      cognitoOptions: { enabled: false },
      logPublishingOptions: {},
    },
  };
}
