// Configuration items of the sandbox's application-side services: API Gateway REST API stages,
// SageMaker notebook instances and DMS replication instances, in the shapes of the public
// aws-config-resource-schema (stages in the API's camelCase, the other two in CloudFormation's
// PascalCase). As for the other kinds (config-items.ts), each item writes out the settings that
// produce the oracle's verdicts (ConfigFacts.verdict); none of these rules puts a resource out of
// scope, so a seeded NOT_APPLICABLE is written out as the setting being on. Notebooks and
// replication instances sit in the sandbox's own subnets and security groups.
import { hexOf, unit, uuidOf } from '../prng.ts';
import { DAY_MS, EPOCH } from '../clock.ts';
import type { OrgModel, ResourceKind, ResourceRef } from '../org.ts';
import type { Compliance } from './config-facts.ts';
import { computeCount, computeResource } from './config-items-compute.ts';

export type ServiceKind = 'apistage' | 'notebook' | 'dms';

/** The managed rules with local evaluators that these items reproduce, and the kind each judges. */
export const SERVICE_ITEM_RULES: Record<string, ResourceKind> = {
  API_GW_EXECUTION_LOGGING_ENABLED: 'apistage',
  API_GW_SSL_ENABLED: 'apistage',
  API_GW_ASSOCIATED_WITH_WAF: 'apistage',
  API_GW_XRAY_ENABLED: 'apistage',
  SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS: 'notebook',
  SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED: 'notebook',
  DMS_REPLICATION_NOT_PUBLIC: 'dms',
};

/** How many of a service kind an account-region holds: a few, whatever the resource scale, none in some. */
export function serviceCount(org: OrgModel, kind: ServiceKind, account: string, region: string): number {
  return Math.floor(unit(org.seed, account, region, `${kind}-count`) * (kind === 'apistage' ? 7 : 5));
}

const STAGES = ['prod', 'staging', 'dev'];
const NOTEBOOKS = ['research', 'churn-model', 'forecasting', 'etl-sandbox'];

/** The REST API a stage belongs to: three stages per API. */
const restApiId = (org: OrgModel, account: string, region: string, i: number): string => hexOf(10, org.seed, account, region, 'restapi', Math.floor(i / STAGES.length));

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
  }
}

type Item = Record<string, unknown>;
type Verdicts = (sid: string) => Compliance;

/** A customer key of the account-region that can encrypt (not an asymmetric one), else the service's AWS managed key. */
function encryptionKey(org: OrgModel, account: string, region: string, i: number, day: number, alias: string): string {
  const n = org.count('key', account, region);
  for (let k = 0; k < n; k += 1) {
    const key = org.resource('key', account, region, (i + k) % n);
    if (org.config.verdict('CMK_BACKING_KEY_ROTATION_ENABLED', account, region, key, day).compliance !== 'NOT_APPLICABLE') return `arn:aws:kms:${region}:${account}:key/${key.id}`;
  }
  return `arn:aws:kms:${region}:${account}:key/${uuidOf(org.seed, account, 'kms', region, alias)}`;
}

/** A sandbox subnet and the security group of its VPC (the k-th group lies in VPC k modulo the VPCs). */
function placement(org: OrgModel, account: string, region: string, i: number): { subnetId: string; groupId: string } {
  const s = i % computeCount(org, 'subnet', account, region);
  const vpc = s % org.count('vpc', account, region);
  return { subnetId: computeResource(org, 'subnet', account, region, s).id, groupId: org.resource('sg', account, region, vpc).id };
}

/** The item's fields beyond the common ones (version, accountId, capture time, status, type, id, tags). */
export function serviceItem(org: OrgModel, kind: ServiceKind, account: string, region: string, res: ResourceRef, i: number, day: number, v: Verdicts): Item {
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
      const configuration = {
        restApiId: api,
        stageName,
        deploymentId: hexOf(6, org.seed, res.id, 'deployment'),
        description: `${stageName} stage`,
        cacheClusterEnabled: false,
        cacheClusterStatus: 'NOT_AVAILABLE',
        // As GetStage returns them: keyed "resource/method", "*/*" for the stage default.
        methodSettings: { '*/*': { metricsEnabled: false, loggingLevel: logging, dataTraceEnabled: false, throttlingBurstLimit: 5000, throttlingRateLimit: 10000, cachingEnabled: false, cacheTtlInSeconds: 300, cacheDataEncrypted: false, requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER' } },
        tracingEnabled: on('API_GW_XRAY_ENABLED'),
        ...(cert ? { clientCertificateId: hexOf(6, org.seed, account, region, 'client-cert') } : {}),
        ...(waf ? { webAclArn: `arn:aws:wafv2:${region}:${account}:regional/webacl/sbx-api-protection/${uuidOf(org.seed, account, region, 'webacl')}` } : {}),
        createdDate: since,
        lastUpdatedDate: since,
      };
      return { awsRegion: region, resourceName: stageName, arn: res.id, configuration, relationships: [{ resourceType: 'AWS::ApiGateway::RestApi', resourceId: api, relationshipName: 'Is contained in ' }] };
    }
    case 'notebook': {
      // AWS lets a notebook go without direct internet access only inside a VPC.
      const direct = !on('SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS');
      const inVpc = !direct || unit(org.seed, res.id, 'vpc') < 0.5;
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
        PlatformIdentifier: 'notebook-al2-v2',
        ...(inVpc ? { SubnetId: subnetId, SecurityGroupIds: [groupId] } : {}),
        ...(keyed ? { KmsKeyId: encryptionKey(org, account, region, i, day, 'aws/sagemaker') } : {}),
      };
      return { awsRegion: region, resourceName: res.id, arn, resourceCreationTime: since, configuration };
    }
    case 'dms': {
      const { subnetId, groupId } = placement(org, account, region, i);
      const arn = `arn:aws:dms:${region}:${account}:rep:${hexOf(26, org.seed, res.id, 'arn').toUpperCase()}`;
      const configuration = {
        ReplicationInstanceIdentifier: res.id,
        ReplicationInstanceClass: 'dms.t3.medium',
        AllocatedStorage: 50,
        EngineVersion: '3.5.3',
        MultiAZ: false,
        AvailabilityZone: `${region}a`,
        AutoMinorVersionUpgrade: true,
        PubliclyAccessible: !on('DMS_REPLICATION_NOT_PUBLIC'),
        ReplicationSubnetGroupIdentifier: `sbx-dms-subnets-${subnetId}`,
        VpcSecurityGroupIds: [groupId],
        KmsKeyId: encryptionKey(org, account, region, i, day, 'aws/dms'),
        PreferredMaintenanceWindow: 'sun:06:00-sun:06:30',
      };
      return { awsRegion: region, resourceName: res.id, arn, resourceCreationTime: since, configuration };
    }
  }
}
