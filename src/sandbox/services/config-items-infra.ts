// Configuration items of the sandbox's DynamoDB tables, EBS volumes, Classic Load Balancers (with
// their recorded attributes) and CloudWatch alarms, in the shape of the
// public aws-config-resource-schema. As in config-items.ts, each item writes out the oracle's
// verdicts (ConfigFacts.verdict) as the settings that produce them; where AWS decides a verdict
// from how resources hang together (a volume is attached or not), it is derived here
// (infraCompliance), so no combination AWS cannot show is ever seeded.
import { hexOf, unit, uuidOf } from '../prng.ts';
import { DAY_MS, EPOCH, simulatedNow } from '../clock.ts';
import type { OrgModel, ResourceRef } from '../org.ts';
import type { Compliance } from './config-facts.ts';
import { encryptionKey } from './config-items-analytics.ts';
import { computeItem, computeResource } from './config-items-compute.ts';
import { SANDBOX_RULE_PARAMETERS } from './config-items-iam.ts';

export type InfraKind = 'table' | 'volume' | 'elb' | 'alarm';

/** The managed rules with local evaluators that these items reproduce, and the kind each judges. */
export const INFRA_ITEM_RULES: Record<string, InfraKind> = {
  DYNAMODB_PITR_ENABLED: 'table',
  DYNAMODB_TABLE_ENCRYPTED_KMS: 'table',
  ENCRYPTED_VOLUMES: 'volume',
  EC2_VOLUME_INUSE_CHECK: 'volume',
  ELB_TLS_HTTPS_LISTENERS_ONLY: 'elb',
  ELB_ACM_CERTIFICATE_REQUIRED: 'elb',
  ELB_LOGGING_ENABLED: 'elb',
  ELB_CROSS_ZONE_LOAD_BALANCING_ENABLED: 'elb',
  ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK: 'elb',
  CLOUDWATCH_ALARM_ACTION_CHECK: 'alarm',
};

/**
 * Rules of INFRA_ITEM_RULES whose NOT_APPLICABLE an item can show: an unattached volume for
 * encryption, a balancer without an HTTPS listener for its security policy.
 */
export const INFRA_NOT_APPLICABLE = ['ENCRYPTED_VOLUMES', 'ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK'];

/** The predefined policy the sandbox's security-policy rule asks for. */
const ELB_PREDEFINED_POLICY = SANDBOX_RULE_PARAMETERS.ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK!.predefinedPolicyName!;

type Item = Record<string, unknown>;
type Verdict = (sid: string) => Compliance;

/** How many of a kind an account-region holds: some hold none. */
export function infraCount(org: OrgModel, kind: InfraKind, account: string, region: string): number {
  // Each instance's root volume, then volumes left over from instances since terminated.
  const extra = Math.floor(unit(org.seed, account, region, `${kind}-count`) * (kind === 'elb' ? 3 + 0.02 * org.resources : kind === 'alarm' ? 4 + 0.05 * org.resources : 4 + 0.03 * org.resources));
  return kind === 'volume' ? org.count('instance', account, region) + extra : extra;
}

/** The root volume's id an instance's item names in its block device mappings. */
export function rootVolumeId(org: OrgModel, instanceId: string): string {
  return `vol-${hexOf(17, org.seed, instanceId, 'root')}`;
}

const TABLE_NAMES = ['orders', 'sessions', 'audit-events', 'feature-flags', 'customers', 'idempotency-keys'];

/** The i-th resource of a kind, named as Config names it (a table by its name). */
export function infraResource(org: OrgModel, kind: InfraKind, account: string, region: string, i: number): ResourceRef {
  switch (kind) {
    case 'table':
      return { type: 'AWS::DynamoDB::Table', id: `sbx-${TABLE_NAMES[i % TABLE_NAMES.length]!}-${i}` };
    case 'alarm':
      // An alarm's resource id is its name.
      return { type: 'AWS::CloudWatch::Alarm', id: `sbx-${ALARMS[i % ALARMS.length]![0]}-${i}` };
    case 'elb':
      // A Classic Load Balancer's resource id is its name.
      return { type: 'AWS::ElasticLoadBalancing::LoadBalancer', id: `sbx-web-${hexOf(6, org.seed, account, region, 'elb', i)}` };
    case 'volume': {
      const n = org.count('instance', account, region);
      return { type: 'AWS::EC2::Volume', id: i < n ? rootVolumeId(org, computeResource(org, 'instance', account, region, i).id) : `vol-${hexOf(17, org.seed, account, 'volume', region, i)}` };
    }
  }
}

/** The instance whose root a volume is, or -1 for an unattached volume. */
function instanceOf(org: OrgModel, account: string, region: string, res: ResourceRef): number {
  const n = org.count('instance', account, region);
  for (let k = 0; k < n; k += 1) if (rootVolumeId(org, computeResource(org, 'instance', account, region, k).id) === res.id) return k;
  return -1;
}

/**
 * The verdicts derived from how resources hang together, or undefined where the seeded verdict
 * stands: a volume is in use exactly when it is an instance's root volume, and only volumes in
 * use are in the encryption rule's scope.
 */
export function infraCompliance(org: OrgModel, sid: string, account: string, region: string, res: ResourceRef, day: number): Compliance | undefined {
  switch (sid) {
    case 'EC2_VOLUME_INUSE_CHECK':
      return instanceOf(org, account, region, res) >= 0 ? 'COMPLIANT' : 'NON_COMPLIANT';
    case 'ENCRYPTED_VOLUMES':
      if (instanceOf(org, account, region, res) < 0) return 'NOT_APPLICABLE';
      return org.config.seeded(sid, account, region, res, day).compliance === 'NON_COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT';
    case 'ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK': {
      // A balancer failing both listener rules serves plain HTTP only: no policy to check.
      const fails = (rule: string): boolean => org.config.verdict(rule, account, region, res, day).compliance === 'NON_COMPLIANT';
      if (fails('ELB_TLS_HTTPS_LISTENERS_ONLY') && fails('ELB_ACM_CERTIFICATE_REQUIRED')) return 'NOT_APPLICABLE';
      return org.config.seeded(sid, account, region, res, day).compliance === 'NON_COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT';
    }
    default:
      return undefined;
  }
}

/** The item's fields beyond the common ones (version, accountId, capture time, status, type, id, tags). */
export function infraItem(org: OrgModel, kind: InfraKind, account: string, region: string, res: ResourceRef, i: number, day: number, v: Verdict): Item {
  // Created weeks before the simulation starts, so the time does not move with the day.
  const since = EPOCH - Math.floor((20 + 300 * unit(org.seed, res.id, 'since')) * DAY_MS);
  switch (kind) {
    case 'table':
      return table(org, account, region, res, i, day, since, v);
    case 'volume':
      return volume(org, account, region, res, i, day, since, v);
    case 'elb':
      return classicLoadBalancer(org, account, region, res, i, day, since, v);
    case 'alarm':
      return alarm(org, account, region, res, i, day, since, v);
  }
}

/** Alarm names, with the metric each watches: namespace, metric, statistic, threshold. */
const ALARMS: [string, string, string, string, number][] = [
  ['high-cpu', 'AWS/EC2', 'CPUUtilization', 'Average', 80],
  ['lambda-errors', 'AWS/Lambda', 'Errors', 'Sum', 5],
  ['unauthorized-api-calls', 'CloudTrailMetrics', 'UnauthorizedAttemptCount', 'Sum', 1],
  ['root-account-usage', 'CloudTrailMetrics', 'RootAccountUsageCount', 'Sum', 1],
  ['rds-free-storage', 'AWS/RDS', 'FreeStorageSpace', 'Minimum', 10_000_000_000],
];

/**
 * A CloudWatch alarm's item. CLOUDWATCH_ALARM_ACTION_CHECK with its default parameters requires
 * an action on ALARM and on INSUFFICIENT_DATA (an OK action is optional): a passing alarm notifies
 * a topic on both, sometimes on OK too; a failing one notifies only on ALARM, or nothing at all.
 */
function alarm(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, since: number, v: Verdict): Item {
  const [, namespace, metricName, statistic, threshold] = ALARMS[i % ALARMS.length]!;
  const arn = `arn:aws:cloudwatch:${region}:${account}:alarm:${res.id}`;
  const topic = [`arn:aws:sns:${region}:${account}:sbx-ops-alerts`];
  const ok = v('CLOUDWATCH_ALARM_ACTION_CHECK') !== 'NON_COMPLIANT';
  const u = unit(org.seed, res.id, 'actions');
  const alarmActions = ok || u < 0.6 ? topic : [];
  const insufficientDataActions = ok ? topic : [];
  const okactions = ok && u < 0.5 ? topic : [];
  const state = unit(org.seed, res.id, 'state', day) < 0.1 ? 'ALARM' : 'OK';
  return {
    awsRegion: region,
    resourceName: res.id,
    arn,
    configuration: {
      alarmName: res.id,
      alarmArn: arn,
      alarmDescription: `${metricName} ${statistic.toLowerCase()} over ${threshold}`,
      alarmConfigurationUpdatedTimestamp: new Date(since).toISOString(),
      actionsEnabled: true,
      okactions,
      alarmActions,
      insufficientDataActions,
      stateValue: state,
      stateReason: state === 'ALARM' ? 'Threshold Crossed: 1 datapoint was greater than or equal to the threshold.' : 'Threshold Crossed: 1 datapoint was not greater than or equal to the threshold.',
      stateUpdatedTimestamp: new Date(simulatedNow(day) - 3_600_000).toISOString(),
      metricName,
      namespace,
      statistic,
      dimensions: [],
      period: 300,
      evaluationPeriods: 1,
      threshold,
      comparisonOperator: metricName === 'FreeStorageSpace' ? 'LessThanThreshold' : 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
    },
  };
}

type Listener = { protocol: string; loadBalancerPort: number; instanceProtocol: string; instancePort: number; sslcertificateId?: string };

/**
 * A Classic Load Balancer's item. Its listeners follow the two listener rules: HTTPS only, or
 * HTTP beside it; an HTTPS listener's certificate from ACM, or an IAM server certificate, or
 * no HTTPS listener at all. It serves one sandbox instance where the account-region runs any,
 * from that instance's subnet and with its security group. Its attributes, which Config records
 * as supplementaryConfiguration.LoadBalancerAttributes, follow the logging and cross-zone rules;
 * access logs go to one of the account-region's sandbox buckets (ELB writes only to a bucket of
 * its own region), else to the access-log bucket the bucket items name.
 */
function classicLoadBalancer(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, since: number, v: Verdict): Item {
  const tlsOnly = v('ELB_TLS_HTTPS_LISTENERS_ONLY') !== 'NON_COMPLIANT';
  const acm = v('ELB_ACM_CERTIFICATE_REQUIRED') !== 'NON_COMPLIANT';
  const http: Listener = { protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 8080 };
  const certificate = acm ? `arn:aws:acm:${region}:${account}:certificate/${uuidOf(org.seed, res.id, 'acm')}` : `arn:aws:iam::${account}:server-certificate/sbx-web-${hexOf(6, org.seed, res.id, 'iam-cert')}`;
  const https: Listener = { protocol: 'HTTPS', loadBalancerPort: 443, instanceProtocol: 'HTTP', instancePort: 8080, sslcertificateId: certificate };
  // Failing both: plain HTTP only. Failing the TLS rule alone: HTTP beside HTTPS with an ACM certificate.
  const listeners = tlsOnly ? [https] : acm ? [http, https] : [http];
  // The HTTPS listener's negotiation policy: the predefined one the rule asks for, or the older 2016-08 one.
  const tlsPolicy = v('ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK') === 'NON_COMPLIANT' ? 'ELBSecurityPolicy-2016-08' : ELB_PREDEFINED_POLICY;
  const n = org.count('instance', account, region);
  const host = n === 0 ? undefined : (computeItem(org, 'instance', account, region, computeResource(org, 'instance', account, region, i % n), i % n, day, (sid) => org.config.verdict(sid, account, region, computeResource(org, 'instance', account, region, i % n), day).compliance).configuration as { instanceId: string; vpcId: string; subnetId: string; placement: { availabilityZone: string }; securityGroups: { groupId: string; groupName: string }[] });
  const vpc = host?.vpcId ?? org.resource('vpc', account, region, i % org.count('vpc', account, region)).id;
  const subnet = host?.subnetId ?? computeResource(org, 'subnet', account, region, i % org.count('vpc', account, region)).id;
  const zone = host?.placement.availabilityZone ?? `${region}a`;
  const groups = host?.securityGroups ?? [];
  const dns = `${res.id}-${Number.parseInt(hexOf(8, org.seed, res.id, 'dns'), 16)}.${region}.elb.amazonaws.com`;
  const buckets = org.count('bucket', account, region);
  const logBucket = buckets > 0 ? org.bucketName(account, region, i % buckets) : `sbx-access-logs-${account}-${region}`;
  const accessLog = v('ELB_LOGGING_ENABLED') !== 'NON_COMPLIANT' ? { enabled: true, s3BucketName: logBucket, emitInterval: 60, s3BucketPrefix: `elb/${res.id}` } : { enabled: false };
  return {
    awsRegion: region,
    resourceName: res.id,
    arn: `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/${res.id}`,
    configuration: {
      loadBalancerName: res.id,
      dnsname: dns,
      canonicalHostedZoneName: dns,
      canonicalHostedZoneNameID: 'Z35SXDOTRQ7X7K',
      listenerDescriptions: listeners.map((listener) => ({ listener, policyNames: listener.protocol === 'HTTPS' ? [tlsPolicy] : [] })),
      policies: { appCookieStickinessPolicies: [], lbcookieStickinessPolicies: [], otherPolicies: tlsOnly || acm ? [tlsPolicy] : [] },
      backendServerDescriptions: [],
      availabilityZones: [zone],
      subnets: [subnet],
      vpcid: vpc,
      instances: host ? [{ instanceId: host.instanceId }] : [],
      healthCheck: { target: 'HTTP:8080/health', interval: 30, timeout: 5, unhealthyThreshold: 2, healthyThreshold: 10 },
      ...(groups[0] ? { sourceSecurityGroup: { ownerAlias: account, groupName: groups[0].groupName } } : {}),
      securityGroups: groups.map((g) => g.groupId),
      createdTime: new Date(since).toISOString(),
      scheme: 'internet-facing',
    },
    supplementaryConfiguration: {
      LoadBalancerAttributes: {
        crossZoneLoadBalancing: { enabled: v('ELB_CROSS_ZONE_LOAD_BALANCING_ENABLED') !== 'NON_COMPLIANT' },
        accessLog,
        connectionDraining: { enabled: true, timeout: 300 },
        connectionSettings: { idleTimeout: 60 },
        additionalAttributes: [{ key: 'elb.http.desyncmitigationmode', value: 'defensive' }],
      },
      LoadBalancerPolicies: [],
    },
  };
}

const VOLUME_SIZES = [8, 20, 30, 50, 100, 200];

function volume(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, since: number, v: Verdict): Item {
  const k = instanceOf(org, account, region, res);
  // A root volume lies in its instance's zone and was created when the instance launched.
  const host = k < 0 ? undefined : (computeItem(org, 'instance', account, region, computeResource(org, 'instance', account, region, k), k, day, (sid) => org.config.verdict(sid, account, region, computeResource(org, 'instance', account, region, k), day).compliance).configuration as { instanceId: string; launchTime: string; placement: { availabilityZone: string } });
  const az = host?.placement.availabilityZone ?? `${region}${'ab'[i % 2]!}`;
  const created = host?.launchTime ?? new Date(since).toISOString();
  const encrypted = k >= 0 ? v('ENCRYPTED_VOLUMES') !== 'NON_COMPLIANT' : unit(org.seed, res.id, 'encrypted') < 0.5;
  // A customer key that can encrypt, else aws/ebs as KMS lists it.
  const key = encrypted ? encryptionKey(org, account, region, i, day, 'aws/ebs') : undefined;
  const size = VOLUME_SIZES[Number.parseInt(hexOf(2, org.seed, res.id, 'size'), 16) % VOLUME_SIZES.length]!;
  return {
    awsRegion: region,
    availabilityZone: az,
    resourceName: res.id,
    arn: `arn:aws:ec2:${region}:${account}:volume/${res.id}`,
    configuration: {
      volumeId: res.id,
      size,
      snapshotId: '',
      availabilityZone: az,
      state: host ? 'in-use' : 'available',
      createTime: created,
      attachments: host ? [{ attachTime: created, device: '/dev/xvda', instanceId: host.instanceId, state: 'attached', volumeId: res.id, deleteOnTermination: true }] : [],
      encrypted,
      ...(key ? { kmsKeyId: key } : {}),
      volumeType: 'gp3',
      iops: 3000,
      throughput: 125,
      multiAttachEnabled: false,
    },
  };
}

function table(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, since: number, v: Verdict): Item {
  const on = (sid: string): boolean => v(sid) !== 'NON_COMPLIANT';
  const arn = `arn:aws:dynamodb:${region}:${account}:table/${res.id}`;
  const pitr = on('DYNAMODB_PITR_ENABLED');
  // A table without a KMS key is encrypted with the DynamoDB-owned key: DescribeTable then shows no SSEDescription.
  const kms = on('DYNAMODB_TABLE_ENCRYPTED_KMS');
  const onDemand = unit(org.seed, res.id, 'billing') < 0.6;
  const items = Math.floor(unit(org.seed, res.id, 'items') * 2_000_000);
  const now = simulatedNow(day);
  return {
    awsRegion: region,
    resourceName: res.id,
    arn,
    configuration: {
      tableName: res.id,
      tableArn: arn,
      tableId: `${hexOf(8, org.seed, res.id, 'id')}-${hexOf(4, org.seed, res.id, 'id1')}-${hexOf(4, org.seed, res.id, 'id2')}-${hexOf(4, org.seed, res.id, 'id3')}-${hexOf(12, org.seed, res.id, 'id4')}`,
      tableStatus: 'ACTIVE',
      creationDateTime: new Date(since).toISOString(),
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }, { attributeName: 'sk', attributeType: 'S' }],
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }, { attributeName: 'sk', keyType: 'RANGE' }],
      billingModeSummary: { billingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED' },
      provisionedThroughput: onDemand ? { numberOfDecreasesToday: 0, readCapacityUnits: 0, writeCapacityUnits: 0 } : { numberOfDecreasesToday: 0, readCapacityUnits: 25, writeCapacityUnits: 10 },
      itemCount: items,
      tableSizeBytes: items * 180,
      deletionProtectionEnabled: unit(org.seed, res.id, 'deletion-protection') < 0.5,
      ...(kms ? { ssedescription: { status: 'ENABLED', ssetype: 'KMS', kmsmasterKeyArn: encryptionKey(org, account, region, i, day, 'aws/dynamodb') } } : {}),
    },
    supplementaryConfiguration: {
      ContinuousBackupsDescription: {
        continuousBackupsStatus: 'ENABLED',
        pointInTimeRecoveryDescription: pitr
          ? { pointInTimeRecoveryStatus: 'ENABLED', recoveryPeriodInDays: 35, earliestRestorableDateTime: new Date(Math.max(since, now - 35 * DAY_MS)).toISOString(), latestRestorableDateTime: new Date(now - 5 * 60_000).toISOString() }
          : { pointInTimeRecoveryStatus: 'DISABLED' },
      },
    },
  };
}
