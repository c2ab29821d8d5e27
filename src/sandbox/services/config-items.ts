// AWS Config's recorded configuration items and the advanced-query subset the collector uses
// (SelectResourceConfig): selected fields, WHERE on resourceType / accountId / awsRegion with = or
// IN joined by AND, paging with NextToken. Each item is built from the same verdicts AWS Config's
// deployed rules report (ConfigFacts.verdict), written out as the settings that produce them, so an
// evaluator reading the item must reach the rule's answer; where a service API shows the same
// settings (S3 buckets, CloudTrail trails) the item copies that service's facts, from which the
// verdicts are derived. Nothing here calls the evaluators.
import { AwsError } from '../errors.ts';
import { decodeToken, encodeToken } from '../paging.ts';
import { simulatedNow } from '../clock.ts';
import { hexOf, unit } from '../prng.ts';
import { awsManagedKeyId } from './kms-facts.ts';
import type { OrgModel, ResourceRef } from '../org.ts';
import type { Compliance } from './config-facts.ts';
import type { JsonHandler, RequestContext } from './types.ts';
import { computeItem } from './config-items-compute.ts';
import { elasticsearchDomain, openSearchDomain, redshiftCluster } from './config-items-analytics.ts';
import { serviceItem } from './config-items-services.ts';
import { infraItem } from './config-items-infra.ts';
import { moreItem } from './config-items-more.ts';
import { networkItem } from './config-items-network.ts';
import { kmsStatements } from './config-items-iam.ts';
import { isRecorded, itemRegion, ITEM_TYPES } from './config-items-registry.ts';
import { edgeItem } from './config-items-edge.ts';
import { platformItem } from './config-items-platform.ts';

export { GLOBAL_TYPES, isRecorded, ITEM_EXTRA_KINDS, ITEM_NOT_APPLICABLE, ITEM_RULES, ITEM_TYPES, itemKinds, itemRegion, itemVerdict } from './config-items-registry.ts';

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 100;

type Item = Record<string, unknown>;

const GROUPS = ['developers', 'operations', 'read-only'];
/** An account outside the sandbox organization, granted access by some bucket policies. */
const PARTNER_ACCOUNT = '444455556666';

/** The configuration item of the i-th resource of a type, as SelectResourceConfig returns it. */
export function configurationItem(org: OrgModel, account: string, region: string, type: string, i: number, day: number): Item {
  const kind = ITEM_TYPES[type]!;
  const res = org.resource(kind, account, region, i);
  const v = (sid: string): Compliance => org.config.verdict(sid, account, region, res, day).compliance;
  const capture = new Date(simulatedNow(day) - (1 + (i % 20)) * 3_600_000).toISOString();
  const base = { version: '1.3', accountId: account, configurationItemCaptureTime: capture, configurationItemStatus: 'OK', resourceType: type, resourceId: res.id, tags: {} };
  switch (kind) {
    case 'bucket':
      return { ...base, awsRegion: region, resourceName: res.id, arn: `arn:aws:s3:::${res.id}`, ...bucket(org, account, region, i, day, res, v) };
    case 'sg':
      return { ...base, awsRegion: region, resourceName: res.id, arn: `arn:aws:ec2:${region}:${account}:security-group/${res.id}`, configuration: securityGroup(org, account, region, res, i, v) };
    case 'key':
      return { ...base, awsRegion: region, arn: `arn:aws:kms:${region}:${account}:key/${res.id}`, ...kmsKey(org, account, region, i, day, res, v) };
    case 'trail': {
      const t = org.cloudtrail.trails(account, region).find((x) => x.Name === res.id)!;
      const configuration = {
        name: t.Name,
        trailARN: t.TrailARN,
        homeRegion: t.HomeRegion,
        s3BucketName: t.S3BucketName,
        isMultiRegionTrail: t.IsMultiRegionTrail,
        isOrganizationTrail: t.IsOrganizationTrail,
        includeGlobalServiceEvents: t.IncludeGlobalServiceEvents,
        logFileValidationEnabled: t.LogFileValidationEnabled,
        ...(t.KmsKeyId ? { kmsKeyId: t.KmsKeyId } : {}),
        ...(t.CloudWatchLogsLogGroupArn ? { cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn, cloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn } : {}),
      };
      return { ...base, awsRegion: region, resourceName: t.Name, arn: t.TrailARN, configuration };
    }
    case 'user': {
      const name = org.iam.userName(account, i);
      // A user with policies of its own has an inline one or, otherwise, AdministratorAccess attached.
      const inline = v('IAM_NO_INLINE_POLICY_CHECK') === 'NON_COMPLIANT';
      const attached = v('IAM_USER_NO_POLICIES_CHECK') === 'NON_COMPLIANT' && !inline ? [{ policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', policyName: 'AdministratorAccess' }] : [];
      const inlineDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::sbx-${account}-*/*` }, ...kmsStatements(org, account, res, v('IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS'))] };
      const userPolicyList = inline ? [{ policyName: `${name}-deploy`, policyDocument: encodeURIComponent(JSON.stringify(inlineDocument)) }] : [];
      const groupList = v('IAM_USER_GROUP_MEMBERSHIP_CHECK') === 'NON_COMPLIANT' ? [] : [GROUPS[i % GROUPS.length]!];
      const configuration = { path: '/', userName: name, userId: res.id, arn: `arn:aws:iam::${account}:user/${name}`, createDate: capture, userPolicyList, groupList, attachedManagedPolicies: attached };
      return { ...base, awsRegion: 'global', resourceName: name, arn: configuration.arn, configuration };
    }
    case 'db': {
      const configuration = dbInstance(org, account, region, res, i, day, capture, v);
      return { ...base, awsRegion: region, resourceName: configuration.dBInstanceIdentifier, arn: configuration.dBInstanceArn, configuration };
    }
    case 'redshift':
      return { ...base, awsRegion: region, resourceName: res.id, arn: `arn:aws:redshift:${region}:${account}:cluster:${res.id}`, ...redshiftCluster(org, account, region, res, i, day, capture, v) };
    case 'opensearch':
      return { ...base, awsRegion: region, ...openSearchDomain(org, account, region, res, i, day, v) };
    case 'elasticsearch':
      return { ...base, awsRegion: region, ...elasticsearchDomain(org, account, region, res, i, day, v) };
    case 'policy': {
      const name = `sandbox-policy-${i}`;
      const admin = v('IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS') === 'NON_COMPLIANT';
      // Full access to one service on named resources is not admin access.
      const full = v('IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS') === 'NON_COMPLIANT';
      const buckets = [`arn:aws:s3:::sbx-${account}-*`];
      const statement = admin ? { Effect: 'Allow', Action: '*', Resource: '*' } : full ? { Effect: 'Allow', Action: 's3:*', Resource: buckets } : { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: buckets };
      // Admin access already allows the blocked KMS actions, so only the others get a KMS statement.
      const kms = admin ? [] : kmsStatements(org, account, res, v('IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS'));
      const document = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [statement, ...kms] }));
      const arn = `arn:aws:iam::${account}:policy/${name}`;
      const configuration = { policyName: name, policyId: res.id, arn, path: '/', defaultVersionId: 'v1', attachmentCount: 1, permissionsBoundaryUsageCount: 0, isAttachable: true, policyVersionList: [{ versionId: 'v1', isDefaultVersion: true, document }] };
      return { ...base, awsRegion: 'global', resourceName: name, arn, configuration };
    }
    case 'instance':
    case 'subnet':
    case 'function':
      return { ...base, ...computeItem(org, kind, account, region, res, i, day, v) };
    case 'apistage':
    case 'notebook':
    case 'dms':
    case 'dmsendpoint':
    case 'dbsnapshot':
    case 'dbcluster':
      return { ...base, ...serviceItem(org, kind, account, region, res, i, day, v, (t, j) => configurationItem(org, account, region, t, j, day)) };
    case 'table':
    case 'volume':
    case 'elb':
    case 'alarm':
      return { ...base, ...infraItem(org, kind, account, region, res, i, day, v) };
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
      return { ...base, ...moreItem(org, kind, account, region, res, i, day, v) };
    case 'routetable':
    case 'igw':
    case 'nacl':
      return { ...base, ...networkItem(org, kind, account, region, res, i, day, v) };
    case 'distribution':
    case 'elbv2':
    case 'hostedzone':
      return { ...base, ...edgeItem(org, kind, account, region, res, i, v) };
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
      return { ...base, ...platformItem(org, kind, account, region, res, i, day, v) };
    default:
      throw new Error(`no configuration items for ${type}`);
  }
}

function bucket(org: OrgModel, account: string, region: string, i: number, day: number, res: ResourceRef, v: (sid: string) => Compliance): Item {
  // Versioning, default encryption, Block Public Access and the policy as the S3 API shows them, in the item's camelCase.
  const b = org.s3.bucket(account, region, i, day);
  const logging = v('S3_BUCKET_LOGGING_ENABLED') !== 'NON_COMPLIANT';
  const pab = b.publicAccessBlock;
  const sse = b.encryption;
  const replicated = v('S3_BUCKET_REPLICATION_ENABLED') !== 'NON_COMPLIANT';
  // Lifecycle: an enabled rule where the bucket passes S3_LIFECYCLE_POLICY_CHECK (which agrees
  // with the versioned-bucket rule on versioned buckets); a failing bucket has none, or a rule
  // that was disabled. Some passing buckets also move objects to Standard-IA after 30 days.
  const lifecycle = v('S3_LIFECYCLE_POLICY_CHECK') !== 'NON_COMPLIANT';
  const lifecycleDraw = unit(org.seed, res.id, 'lifecycle');
  const arn = `arn:aws:s3:::${res.id}`;
  const owner = { displayName: null, id: hexOf(64, 'owner', res.id) };
  // ACLs disabled leave the owner's own grant; a bucket failing the ACL rule also lets S3's log
  // delivery group write to it, the grant legacy server access logging needed.
  const grantList: Item[] = [{ grantee: { id: owner.id, displayName: null }, permission: 'FullControl' }];
  if (v('S3_BUCKET_ACL_PROHIBITED') === 'NON_COMPLIANT') grantList.push({ grantee: 'LogDelivery', permission: 'Write' }, { grantee: 'LogDelivery', permission: 'ReadAcp' });
  return {
    configuration: { name: res.id, owner },
    supplementaryConfiguration: {
      AccessControlList: JSON.stringify({ grantSet: null, grantList, owner, isRequesterCharged: false }),
      BucketVersioningConfiguration: { status: b.versioning, isMfaDeleteEnabled: false },
      // What AWS records for a bucket without logging (null fields) or policy.
      BucketLoggingConfiguration: logging ? { destinationBucketName: `sbx-access-logs-${account}-${region}`, logFilePrefix: `${res.id}/` } : { destinationBucketName: null, logFilePrefix: null },
      BucketPolicy: { policyText: b.policy ? JSON.stringify(bucketPolicy(account, arn, b.policy.IsPublic, v('S3_BUCKET_SSL_REQUESTS_ONLY') !== 'NON_COMPLIANT', v('S3_BUCKET_BLACKLISTED_ACTIONS_PROHIBITED') === 'NON_COMPLIANT')) : null },
      IsRequesterPaysEnabled: false,
      ...(pab ? { PublicAccessBlockConfiguration: { blockPublicAcls: pab.BlockPublicAcls, ignorePublicAcls: pab.IgnorePublicAcls, blockPublicPolicy: pab.BlockPublicPolicy, restrictPublicBuckets: pab.RestrictPublicBuckets } } : {}),
      ...(sse ? { ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: sse.SSEAlgorithm, ...(sse.KMSMasterKeyID ? { kmsMasterKeyID: sse.KMSMasterKeyID } : {}) }, bucketKeyEnabled: sse.BucketKeyEnabled }] } } : {}),
      // Lifecycle rules are a list; replication rules are keyed by rule id, as the item records them.
      // Object Lock needs versioning enabled, which the oracle's verdict already accounts for.
      ...(v('S3_BUCKET_DEFAULT_LOCK_ENABLED') === 'NON_COMPLIANT' ? {} : { ObjectLockConfiguration: { objectLockEnabled: 'Enabled', rule: { defaultRetention: { mode: 'GOVERNANCE', days: 365 } } } }),
      ...(lifecycle
        ? { BucketLifecycleConfiguration: { rules: [{ id: 'expire-noncurrent-versions', status: 'Enabled', prefix: '', noncurrentVersionExpirationInDays: 90, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }, ...(lifecycleDraw < 0.4 ? [{ id: 'archive-to-ia', status: 'Enabled', filter: { predicate: { type: 'LifecyclePrefixPredicate', prefix: '' } }, transitions: [{ days: 30, storageClass: 'STANDARD_IA' }] }] : [])] } }
        : lifecycleDraw < 0.5
          ? { BucketLifecycleConfiguration: { rules: [{ id: 'expire-noncurrent-versions', status: 'Disabled', prefix: '', noncurrentVersionExpirationInDays: 90 }] } }
          : {}),
      ...(replicated
        ? {
            BucketReplicationConfiguration: {
              roleARN: `arn:aws:iam::${account}:role/sbx-s3-replication`,
              rules: { 'replicate-all': { id: 'replicate-all', prefix: '', status: 'Enabled', destinationConfig: { bucketARN: `arn:aws:s3:::${res.id}-replica` } } },
            },
          }
        : {}),
    },
  };
}

/**
 * A bucket policy: public read when S3 reports the policy public, the deny of plain HTTP where the
 * bucket requires TLS, and a partner account's upload with object ACLs where the bucket fails the
 * blacklisted-actions rule (s3:PutObjectAcl is among the sandbox's blacklisted actions).
 */
function bucketPolicy(account: string, arn: string, isPublic: boolean, tlsOnly: boolean, partner: boolean): Item {
  const Statement: Item[] = [
    isPublic
      ? { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${arn}/*` }
      : { Sid: 'AccountRead', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: [arn, `${arn}/*`] },
  ];
  if (partner) Statement.push({ Sid: 'PartnerUpload', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PARTNER_ACCOUNT}:root` }, Action: ['s3:PutObject', 's3:PutObjectAcl'], Resource: `${arn}/*` });
  if (tlsOnly) Statement.push({ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  return { Version: '2012-10-17', Statement };
}

function securityGroup(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, v: (sid: string) => Compliance): Item {
  const closedRule = v('VPC_DEFAULT_SECURITY_GROUP_CLOSED');
  const isDefault = closedRule !== 'NOT_APPLICABLE';
  const authorized = v('VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS');
  const rule = (proto: string, from: number | undefined, to: number | undefined, cidr = '0.0.0.0/0'): Item => ({
    ipProtocol: proto,
    ...(from === undefined ? {} : { fromPort: from, toPort: to }),
    ipv4Ranges: [{ cidrIp: cidr }],
    ipv6Ranges: [],
    userIdGroupPairs: [],
    prefixListIds: [],
  });
  // With its default parameters VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS authorizes no port: the
  // oracle fails it for every group open to the internet, and such a group that is neither open
  // on SSH nor on a blocked port serves HTTPS.
  const ingress: Item[] = [];
  if (v('INCOMING_SSH_DISABLED') === 'NON_COMPLIANT') ingress.push(rule('tcp', 22, 22));
  if (v('RESTRICTED_INCOMING_TRAFFIC') === 'NON_COMPLIANT') ingress.push(rule('tcp', 3389, 3389));
  if (authorized === 'NON_COMPLIANT' && (ingress.length === 0 || !isDefault)) ingress.push(rule('tcp', 443, 443));
  // An application group reachable only from inside the VPC network.
  if (authorized === 'NOT_APPLICABLE' && !isDefault) ingress.push(rule('tcp', 443, 443, '10.0.0.0/8'));
  // A default group left as AWS creates it admits its own members.
  if (isDefault && closedRule === 'NON_COMPLIANT') ingress.push({ ipProtocol: '-1', ipv4Ranges: [], ipv6Ranges: [], userIdGroupPairs: [{ groupId: res.id, userId: account }], prefixListIds: [] });
  const closed = isDefault && closedRule === 'COMPLIANT';
  const vpcs = org.count('vpc', account, region);
  return {
    groupName: isDefault ? 'default' : `app-${i}`,
    groupId: res.id,
    description: isDefault ? 'default VPC security group' : `application tier ${i}`,
    ownerId: account,
    vpcId: org.resource('vpc', account, region, i % vpcs).id,
    ipPermissions: ingress,
    ipPermissionsEgress: closed ? [] : [rule('-1', undefined, undefined)],
  };
}

function kmsKey(org: OrgModel, account: string, region: string, i: number, day: number, res: ResourceRef, v: (sid: string) => Compliance): Item {
  const rule = v('CMK_BACKING_KEY_ROTATION_ENABLED');
  const symmetric = rule !== 'NOT_APPLICABLE';
  const spec = symmetric ? 'SYMMETRIC_DEFAULT' : 'RSA_2048';
  const k = org.kms.key(account, region, i, day);
  return {
    configuration: {
      keyId: res.id,
      arn: `arn:aws:kms:${region}:${account}:key/${res.id}`,
      awsaccountId: account,
      keyManager: 'CUSTOMER',
      keySpec: spec,
      customerMasterKeySpec: spec,
      keyUsage: symmetric ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY',
      // The state KMS shows (DescribeKey): a key pending deletion is disabled until it goes.
      keyState: k.state,
      enabled: k.state === 'Enabled',
      ...(k.deletionDate === undefined ? {} : { deletionDate: new Date(k.deletionDate).toISOString() }),
      origin: 'AWS_KMS',
      multiRegion: false,
    },
    supplementaryConfiguration: symmetric ? { KeyRotationStatus: rule === 'COMPLIANT' } : {},
  };
}

/** Engines, with the log types RDS_LOGGING_ENABLED requires of each (Security Hub's RDS.9 list). */
const ENGINES: Record<string, { version: string; port: number; license: string; logs: string[] }> = {
  mysql: { version: '8.0.39', port: 3306, license: 'general-public-license', logs: ['audit', 'error', 'general', 'slowquery'] },
  mariadb: { version: '10.11.9', port: 3306, license: 'general-public-license', logs: ['audit', 'error', 'general', 'slowquery'] },
  postgres: { version: '16.4', port: 5432, license: 'postgresql-license', logs: ['postgresql', 'upgrade'] },
  'oracle-ee': { version: '19.0.0.0.ru-2024-10.rur-2024-10.r1', port: 1521, license: 'bring-your-own-license', logs: ['alert', 'audit', 'trace', 'listener'] },
  'sqlserver-se': { version: '16.00.4150.1.v1', port: 1433, license: 'license-included', logs: ['error', 'agent'] },
};

type DbConfiguration = Item & { dBInstanceIdentifier: string; dBInstanceArn: string };

/**
 * The KMS key of an encrypted instance's storage: one of the account-region's customer keys that
 * can encrypt (not an asymmetric one, which the key rotation rule leaves out of scope), else the
 * AWS managed key aws/rds.
 */
function storageKey(org: OrgModel, account: string, region: string, i: number, day: number): string {
  const n = org.count('key', account, region);
  for (let k = 0; k < n; k += 1) {
    const res = org.resource('key', account, region, (i + k) % n);
    if (org.config.verdict('CMK_BACKING_KEY_ROTATION_ENABLED', account, region, res, day).compliance !== 'NOT_APPLICABLE') return res.id;
  }
  return awsManagedKeyId(org.seed, account, region, 'aws/rds');
}

function dbInstance(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, created: string, v: (sid: string) => Compliance): DbConfiguration {
  const on = (sid: string): boolean => v(sid) !== 'NON_COMPLIANT';
  // Out of scope for IAM authentication means an engine without it (Oracle, SQL Server); out of
  // scope for logging means a stopped instance, here always an Oracle or open-source one. Both
  // follow the seeded NOT_APPLICABLE, which does not drift, so an instance keeps its engine.
  const noIam = v('RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED') === 'NOT_APPLICABLE';
  const stopped = v('RDS_LOGGING_ENABLED') === 'NOT_APPLICABLE';
  const pickFrom = (xs: string[]): string => xs[Number.parseInt(hexOf(4, org.seed, res.id, 'engine'), 16) % xs.length]!;
  const engine = noIam ? (stopped ? 'oracle-ee' : pickFrom(['oracle-ee', 'sqlserver-se'])) : pickFrom(['mysql', 'postgres', 'mariadb']);
  const e = ENGINES[engine]!;
  const name = `sbx-db-${i}`;
  const arn = `arn:aws:rds:${region}:${account}:db:${name}`;
  const backups = on('DB_INSTANCE_BACKUP_ENABLED');
  const multiAZ = on('RDS_MULTI_AZ_SUPPORT');
  const encrypted = on('RDS_STORAGE_ENCRYPTED');
  const monitoring = on('RDS_ENHANCED_MONITORING_ENABLED');
  // Failing the logging rule: one required log type is not exported.
  const logs = on('RDS_LOGGING_ENABLED') ? e.logs : e.logs.slice(0, -1);
  const key = storageKey(org, account, region, i, day);
  const sg = org.resource('sg', account, region, i % org.count('sg', account, region)).id;
  const vpc = org.resource('vpc', account, region, i % org.count('vpc', account, region)).id;
  return {
    dBInstanceIdentifier: name,
    dBInstanceArn: arn,
    dbiResourceId: res.id,
    dBInstanceClass: engine.startsWith('oracle') || engine.startsWith('sqlserver') ? 'db.m6i.large' : 'db.t4g.medium',
    engine,
    engineVersion: e.version,
    licenseModel: e.license,
    dBInstanceStatus: stopped ? 'stopped' : 'available',
    masterUsername: 'admin',
    endpoint: { address: `${name}.${hexOf(12, org.seed, account, region, 'rds-endpoint')}.${region}.rds.amazonaws.com`, port: e.port },
    allocatedStorage: 100,
    storageType: 'gp3',
    instanceCreateTime: created,
    availabilityZone: `${region}a`,
    ...(multiAZ ? { secondaryAvailabilityZone: `${region}b` } : {}),
    multiAZ,
    publiclyAccessible: !on('RDS_INSTANCE_PUBLIC_ACCESS_CHECK'),
    vpcSecurityGroups: [{ vpcSecurityGroupId: sg, status: 'active' }],
    dBSubnetGroup: { dBSubnetGroupName: `sbx-db-subnets-${vpc}`, vpcId: vpc, subnetGroupStatus: 'Complete' },
    backupRetentionPeriod: backups ? 7 : 0,
    preferredBackupWindow: '03:00-03:30',
    preferredMaintenanceWindow: 'sun:04:00-sun:04:30',
    readReplicaDBInstanceIdentifiers: [],
    storageEncrypted: encrypted,
    ...(encrypted ? { kmsKeyId: `arn:aws:kms:${region}:${account}:key/${key}` } : {}),
    iAMDatabaseAuthenticationEnabled: !noIam && on('RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED'),
    deletionProtection: on('RDS_INSTANCE_DELETION_PROTECTION_ENABLED'),
    autoMinorVersionUpgrade: on('RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED'),
    monitoringInterval: monitoring ? 60 : 0,
    ...(monitoring ? { monitoringRoleArn: `arn:aws:iam::${account}:role/rds-monitoring-role`, enhancedMonitoringResourceArn: `arn:aws:logs:${region}:${account}:log-group:RDSOSMetrics:log-stream:${res.id}` } : {}),
    enabledCloudwatchLogsExports: logs,
    performanceInsightsEnabled: false,
    copyTagsToSnapshot: true,
  };
}

// --- the query language subset ---

interface Query {
  fields: string[];
  where: { field: 'resourceType' | 'accountId' | 'awsRegion'; values: string[] }[];
}

const FIELD = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;
const invalid = (why: string): AwsError => new AwsError('InvalidExpressionException', `Invalid expression: ${why}`);

export function parseExpression(expression: unknown): Query {
  if (typeof expression !== 'string' || expression.trim() === '') throw new AwsError('ValidationException', "1 validation error detected: Value null at 'expression' failed to satisfy constraint: Member must not be null");
  const m = /^\s*SELECT\s+(.+?)(?:\s+WHERE\s+(.+?))?\s*$/is.exec(expression);
  if (!m) throw invalid('expected SELECT <fields> [WHERE <conditions>]');
  const fields = m[1]!.split(',').map((f) => f.trim());
  for (const f of fields) if (!FIELD.test(f)) throw invalid(`unsupported field ${JSON.stringify(f)}`);
  const where = (m[2] === undefined ? [] : m[2].split(/\s+AND\s+/i)).map((cond) => {
    const c = /^(resourceType|accountId|awsRegion)\s*(?:=\s*'([^']*)'|IN\s*\(\s*((?:'[^']*'\s*,\s*)*'[^']*')\s*\))$/i.exec(cond.trim());
    if (!c) throw invalid(`unsupported condition ${JSON.stringify(cond.trim())}`);
    const values = c[2] !== undefined ? [c[2]] : [...c[3]!.matchAll(/'([^']*)'/g)].map((x) => x[1]!);
    return { field: c[1] as Query['where'][number]['field'], values };
  });
  return { fields, where };
}

function pick(item: Item, field: string): [string, unknown] | undefined {
  let cur: unknown = item;
  for (const k of field.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Item)[k];
  }
  return cur === undefined ? undefined : [field, cur];
}

/** Selected fields of an item; a dotted field comes back nested, as AWS returns it. */
export function project(item: Item, fields: string[]): Item {
  const out: Item = {};
  for (const f of fields) {
    const got = pick(item, f);
    if (!got) continue;
    const keys = f.split('.');
    let at = out;
    for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Item;
    at[keys.at(-1)!] = got[1];
  }
  return out;
}

function selectResourceConfig(input: Record<string, unknown>, ctx: RequestContext): unknown {
  const q = parseExpression(input.Expression);
  const limit = input.Limit === undefined || input.Limit === 0 ? DEFAULT_LIMIT : Number(input.Limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) throw new AwsError('ValidationException', `1 validation error detected: Value '${String(input.Limit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_LIMIT}`);
  const allows = (field: string, value: string): boolean => q.where.every((w) => w.field !== field || w.values.includes(value));
  const { org, account, region } = ctx;
  // Global resource types live in the region that records them; accountId/awsRegion filters apply to the item's values.
  const types = Object.keys(ITEM_TYPES)
    .sort()
    .filter((t) => allows('resourceType', t) && allows('accountId', account) && isRecorded(org, account, region, t))
    .filter((t) => allows('awsRegion', itemRegion(t, region)));
  const counts = types.map((t) => org.count(ITEM_TYPES[t]!, account, region));
  const total = counts.reduce((a, b) => a + b, 0);
  const scope = `SelectResourceConfig/${account}/${region}/${String(input.Expression)}/${limit}`;
  const offset = decodeToken(input.NextToken as string | undefined, scope);
  const results: string[] = [];
  for (let n = offset; n < total && results.length < limit; n += 1) {
    let k = 0;
    let i = n;
    while (i >= counts[k]!) i -= counts[k++]!;
    results.push(JSON.stringify(project(configurationItem(org, account, region, types[k]!, i, ctx.day), q.fields)));
  }
  const end = offset + results.length;
  return { Results: results, QueryInfo: { SelectFields: q.fields.map((Name) => ({ Name })) }, ...(end < total ? { NextToken: encodeToken(scope, end) } : {}) };
}

export const configItemHandlers: Record<string, JsonHandler> = {
  SelectResourceConfig: selectResourceConfig,

  DescribeConfigurationRecorders(input, ctx) {
    const wanted = input.ConfigurationRecorderNames as string[] | undefined;
    const all = ctx.org.config.recorders(ctx.account, ctx.region);
    for (const n of wanted ?? []) {
      if (!all.some((r) => r.name === n)) throw new AwsError('NoSuchConfigurationRecorderException', `Cannot find configuration recorder with the specified name '${n}'.`);
    }
    return {
      ConfigurationRecorders: all
        .filter((r) => !wanted || wanted.includes(r.name))
        .map((r) => ({
          name: r.name,
          roleARN: `arn:aws:iam::${ctx.account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
          recordingGroup: { ...r.recordingGroup, exclusionByResourceTypes: { resourceTypes: [] }, recordingStrategy: { useOnly: r.recordingGroup.allSupported ? 'ALL_SUPPORTED_RESOURCE_TYPES' : 'INCLUSION_BY_RESOURCE_TYPES' } },
        })),
    };
  },
};
