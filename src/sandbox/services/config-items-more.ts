// Configuration items of the sandbox's ECS task definitions, CodeBuild projects, Kinesis streams,
// EFS file systems, SNS topics, Secrets Manager secrets, Step Functions state machines, SageMaker
// endpoint configurations, transit gateways and Auto Scaling launch configurations and groups, in the shape of the public aws-config-resource-schema (types
// from the CloudFormation registry in its PascalCase, CodeBuild projects in camelCase). As in config-items.ts, each item writes out the
// oracle's verdicts (ConfigFacts.verdict) as the settings that produce them; where the sandbox
// cannot show a verdict (a customer key where the account-region has none that can encrypt), it
// is derived here (moreCompliance).
import { hexOf, unit, uuidOf } from '../prng.ts';
import type { OrgModel, ResourceRef } from '../org.ts';
import type { Compliance } from './config-facts.ts';
import { encryptionKey } from './config-items-analytics.ts';
import { codeBuildProject } from './config-items-platform.ts';

export type MoreKind = 'taskdef' | 'codebuild' | 'stream' | 'efs' | 'topic' | 'secret' | 'statemachine' | 'endpointconfig' | 'tgw' | 'launchconfig' | 'asg';

/** The managed rules with local evaluators that these items reproduce, and the kind each judges. */
export const MORE_ITEM_RULES: Record<string, MoreKind> = {
  ECS_CONTAINERS_READONLY_ACCESS: 'taskdef',
  ECS_TASK_DEFINITION_LOG_CONFIGURATION: 'taskdef',
  ECS_TASK_DEFINITION_USER_FOR_HOST_MODE_CHECK: 'taskdef',
  ECS_NO_ENVIRONMENT_SECRETS: 'taskdef',
  CODEBUILD_PROJECT_ENVVAR_AWSCRED_CHECK: 'codebuild',
  CODEBUILD_PROJECT_LOGGING_ENABLED: 'codebuild',
  CODEBUILD_PROJECT_ARTIFACT_ENCRYPTION: 'codebuild',
  CODEBUILD_PROJECT_SOURCE_REPO_URL_CHECK: 'codebuild',
  KINESIS_STREAM_ENCRYPTED: 'stream',
  EFS_ENCRYPTED_CHECK: 'efs',
  SNS_ENCRYPTED_KMS: 'topic',
  SNS_TOPIC_MESSAGE_DELIVERY_NOTIFICATION_ENABLED: 'topic',
  SECRETSMANAGER_ROTATION_ENABLED_CHECK: 'secret',
  SECRETSMANAGER_USING_CMK: 'secret',
  STEP_FUNCTIONS_STATE_MACHINE_LOGGING_ENABLED: 'statemachine',
  SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED: 'endpointconfig',
  EC2_TRANSIT_GATEWAY_AUTO_VPC_ATTACH_DISABLED: 'tgw',
  AUTOSCALING_LAUNCH_CONFIG_PUBLIC_IP_DISABLED: 'launchconfig',
  AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED: 'asg',
};

/** Rules of MORE_ITEM_RULES whose NOT_APPLICABLE an item can show: a group behind no load balancer. */
export const MORE_NOT_APPLICABLE = ['AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED'];

type Item = Record<string, unknown>;
type Verdict = (sid: string) => Compliance;

/** How many of a kind an account-region holds: 0-4 at 60 resources, some hold none. */
export function moreCount(org: OrgModel, kind: MoreKind, account: string, region: string): number {
  // Every account-region has the topic the sandbox's CloudWatch alarms notify.
  return (kind === 'topic' ? 1 : 0) + Math.floor(unit(org.seed, account, region, `${kind}-count`) * (3 + 0.03 * org.resources));
}

/** Task definition families, each with its containers (name, image). */
const FAMILIES: [string, [string, string][]][] = [
  ['api', [['api', 'public.ecr.aws/nginx/nginx:1.27']]],
  ['worker', [['worker', 'public.ecr.aws/docker/library/python:3.12-slim'], ['log-router', 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable']]],
  ['scheduler', [['cron', 'public.ecr.aws/docker/library/alpine:3.20']]],
];

const PROJECTS = ['build-api', 'build-web', 'deploy-infra', 'integration-tests'];
const STREAMS = ['clickstream', 'audit-events', 'telemetry'];
const SECRETS = ['db/orders-admin', 'api/stripe-key', 'ci/deploy-token', 'app/session-signing'];
const MACHINES = ['order-fulfilment', 'nightly-export', 'user-offboarding'];
const MODELS = ['churn', 'fraud-score', 'recommender'];
const TOPICS = ['deploy-notices', 'billing-alerts', 'security-findings'];

/** The revision of a task definition family: a stable number per resource. */
function revision(org: OrgModel, account: string, region: string, i: number): number {
  return 1 + Math.floor(unit(org.seed, account, region, 'taskdef-revision', i) * 40);
}

/** The i-th resource of a kind, named as Config names it. */
export function moreResource(org: OrgModel, kind: MoreKind, account: string, region: string, i: number): ResourceRef {
  switch (kind) {
    case 'taskdef': {
      // Config names a task definition by its ARN (family:revision), the type's primary identifier.
      const family = `sbx-${FAMILIES[i % FAMILIES.length]![0]}-${i}`;
      return { type: 'AWS::ECS::TaskDefinition', id: `arn:aws:ecs:${region}:${account}:task-definition/${family}:${revision(org, account, region, i)}` };
    }
    case 'codebuild':
      // A CodeBuild project's resource id is its name.
      return { type: 'AWS::CodeBuild::Project', id: `sbx-${PROJECTS[i % PROJECTS.length]!}-${i}` };
    case 'stream':
      // A stream's resource id is its name.
      return { type: 'AWS::Kinesis::Stream', id: `sbx-${STREAMS[i % STREAMS.length]!}-${i}` };
    case 'efs':
      return { type: 'AWS::EFS::FileSystem', id: `fs-${hexOf(17, org.seed, account, 'efs', region, i)}` };
    case 'topic':
      // A topic's resource id is its ARN; the first is the one CloudWatch alarms notify.
      return { type: 'AWS::SNS::Topic', id: `arn:aws:sns:${region}:${account}:${i === 0 ? 'sbx-ops-alerts' : `sbx-${TOPICS[i % TOPICS.length]!}-${i}`}` };
    case 'secret': {
      // A secret's resource id is its ARN: the name, a dash and six random characters.
      const name = `sbx/${SECRETS[i % SECRETS.length]!}-${i}`;
      return { type: 'AWS::SecretsManager::Secret', id: `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${hexOf(6, org.seed, account, region, 'secret', i)}` };
    }
    case 'statemachine':
      // A state machine's resource id is its ARN.
      return { type: 'AWS::StepFunctions::StateMachine', id: `arn:aws:states:${region}:${account}:stateMachine:sbx-${MACHINES[i % MACHINES.length]!}-${i}` };
    case 'endpointconfig':
      return { type: 'AWS::SageMaker::EndpointConfig', id: `sbx-${MODELS[i % MODELS.length]!}-config-${i}` };
    case 'tgw':
      return { type: 'AWS::EC2::TransitGateway', id: `tgw-${hexOf(17, org.seed, account, 'tgw', region, i)}` };
    case 'launchconfig':
      // A launch configuration's resource id is its name.
      return { type: 'AWS::AutoScaling::LaunchConfiguration', id: `sbx-${MACHINES[i % MACHINES.length]!}-lc-${i}` };
    case 'asg':
      // A group's resource id is its ARN.
      return { type: 'AWS::AutoScaling::AutoScalingGroup', id: `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:${uuidOf(org.seed, account, region, 'asg', i)}:autoScalingGroupName/sbx-web-asg-${i}` };
  }
}

/** A customer key of the account-region that can encrypt (rotation's scope leaves out only asymmetric keys), if any. */
function customerKey(org: OrgModel, account: string, region: string, i: number, day: number): string | undefined {
  const n = org.count('key', account, region);
  for (let k = 0; k < n; k += 1) {
    const key = org.resource('key', account, region, (i + k) % n);
    if (org.config.verdict('CMK_BACKING_KEY_ROTATION_ENABLED', account, region, key, day).compliance !== 'NOT_APPLICABLE') return `arn:aws:kms:${region}:${account}:key/${key.id}`;
  }
  return undefined;
}

/** Verdicts derived from the rest of the sandbox, or undefined where the seeded one stands: a secret can use a customer key only where one exists, a group sit behind a load balancer only where one exists. */
export function moreCompliance(org: OrgModel, sid: string, account: string, region: string, res: ResourceRef, day: number): Compliance | undefined {
  if (sid === 'SECRETSMANAGER_USING_CMK' && customerKey(org, account, region, 0, day) === undefined) return 'NON_COMPLIANT';
  // A group can sit behind only a load balancer that exists.
  if (sid === 'AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED' && org.count('elb', account, region) === 0) return 'NOT_APPLICABLE';
  return undefined;
}

/** The item's fields beyond the common ones (version, accountId, capture time, status, type, id, tags). */
export function moreItem(org: OrgModel, kind: MoreKind, account: string, region: string, res: ResourceRef, i: number, day: number, v: Verdict): Item {
  switch (kind) {
    case 'stream':
      return kinesisStream(org, account, region, res, i, day, v);
    case 'efs':
      return fileSystem(org, account, region, res, i, day, v);
    case 'topic':
      return snsTopic(org, account, region, res, i, day, v);
    case 'secret':
      return secret(org, account, region, res, i, day, v);
    case 'statemachine':
      return stateMachine(account, region, res, i, v);
    case 'endpointconfig':
      return endpointConfig(org, account, region, res, i, day, v);
    case 'tgw':
      return transitGateway(account, region, res, i, v);
    case 'launchconfig':
      return launchConfiguration(org, account, region, res, i, v);
    case 'asg':
      return autoScalingGroup(org, account, region, res, i, v);
    case 'taskdef':
      return taskDefinition(org, account, region, res, i, v);
    case 'codebuild':
      return codeBuildProject(org, account, region, res, i, v);
  }
}

/**
 * An ACTIVE task definition revision (an INACTIVE one is out of both rules' scope, and the oracle's
 * seeded NOT_APPLICABLE is written out as an active one that passes). A read-only failure leaves
 * one container's root file system writable (ReadonlyRootFilesystem false or left out, as a
 * definition registered without it records); a logging failure leaves one container without a
 * log configuration. A secrets failure passes an AWS secret access key to the first container as
 * a plain environment variable (a placeholder value); a passing definition draws its database
 * password from Secrets Manager instead.
 */
function taskDefinition(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, v: Verdict): Item {
  const [short, containers] = FAMILIES[i % FAMILIES.length]!;
  const family = `sbx-${short}-${i}`;
  const writable = v('ECS_CONTAINERS_READONLY_ACCESS') === 'NON_COMPLIANT';
  const unlogged = v('ECS_TASK_DEFINITION_LOG_CONFIGURATION') === 'NON_COMPLIANT';
  const u = unit(org.seed, res.id, 'omit');
  const last = containers.length - 1;
  // Host networking (EC2 only) with root, unprivileged containers fails the host-mode rule; a
  // passing definition uses awsvpc on Fargate, or host networking with a non-root user.
  const rootOnHost = v('ECS_TASK_DEFINITION_USER_FOR_HOST_MODE_CHECK') === 'NON_COMPLIANT';
  const plainSecret = v('ECS_NO_ENVIRONMENT_SECRETS') === 'NON_COMPLIANT';
  const host = rootOnHost || unit(org.seed, res.id, 'host-mode') < 0.3;
  const ContainerDefinitions = containers.map(([Name, Image], k) => ({
    Name,
    Image,
    Essential: k === 0,
    Cpu: 256,
    Memory: 512,
    PortMappings: short === 'api' ? [{ ContainerPort: 8080, HostPort: 8080, Protocol: 'tcp' }] : [],
    Environment: [{ Name: 'STAGE', Value: 'prod' }, ...(plainSecret && k === 0 ? [{ Name: 'AWS_SECRET_ACCESS_KEY', Value: 'sbx-placeholder-not-a-key' }] : [])],
    ...(!plainSecret && k === 0 ? { Secrets: [{ Name: 'DB_PASSWORD', ValueFrom: `arn:aws:secretsmanager:${region}:${account}:secret:sbx-${short}-db-password` }] } : {}),
    ...(host && !rootOnHost ? { User: '1000:1000' } : {}),
    // The failing container is the last one: a sidecar is where a writable root is typical.
    ...(writable && k === last ? (u < 0.5 ? { ReadonlyRootFilesystem: false } : {}) : { ReadonlyRootFilesystem: true }),
    ...(unlogged && k === last
      ? {}
      : { LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': `/ecs/${family}`, 'awslogs-region': region, 'awslogs-stream-prefix': Name } } }),
  }));
  return {
    awsRegion: region,
    resourceName: res.id.split('/')[1],
    arn: res.id,
    configuration: {
      TaskDefinitionArn: res.id,
      Family: family,
      Status: 'ACTIVE',
      NetworkMode: host ? 'host' : 'awsvpc',
      RequiresCompatibilities: [host ? 'EC2' : 'FARGATE'],
      Cpu: '512',
      Memory: '1024',
      ExecutionRoleArn: `arn:aws:iam::${account}:role/sbx-ecs-task-execution`,
      TaskRoleArn: `arn:aws:iam::${account}:role/sbx-${short}-task`,
      ContainerDefinitions,
      Volumes: [],
      PlacementConstraints: [],
    },
  };
}

/**
 * A Kinesis data stream: encrypted with KMS (a customer key, or the AWS managed aws/kinesis key
 * where none can encrypt), or without StreamEncryption at all, as a stream created unencrypted
 * is recorded.
 */
function kinesisStream(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, v: Verdict): Item {
  const arn = `arn:aws:kinesis:${region}:${account}:stream/${res.id}`;
  const encrypted = v('KINESIS_STREAM_ENCRYPTED') !== 'NON_COMPLIANT';
  return {
    awsRegion: region,
    resourceName: res.id,
    arn,
    configuration: {
      Arn: arn,
      Name: res.id,
      RetentionPeriodHours: 24 * (1 + (i % 7)),
      ShardCount: 1 + Math.floor(unit(org.seed, res.id, 'shards') * 4),
      ...(encrypted ? { StreamEncryption: { EncryptionType: 'KMS', KeyId: encryptionKey(org, account, region, i, day, 'aws/kinesis') } } : {}),
    },
  };
}

/**
 * An EFS file system. EFS_ENCRYPTED_CHECK with its default (no KmsKeyId) passes any encrypted
 * file system; EFS records the key as its ARN, a customer key or the AWS managed one.
 */
function fileSystem(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, v: Verdict): Item {
  const arn = `arn:aws:elasticfilesystem:${region}:${account}:file-system/${res.id}`;
  const encrypted = v('EFS_ENCRYPTED_CHECK') !== 'NON_COMPLIANT';
  return {
    awsRegion: region,
    resourceName: res.id,
    arn,
    configuration: {
      FileSystemId: res.id,
      Arn: arn,
      Encrypted: encrypted,
      ...(encrypted ? { KmsKeyId: encryptionKey(org, account, region, i, day, 'aws/elasticfilesystem') } : {}),
      PerformanceMode: 'generalPurpose',
      ThroughputMode: i % 3 === 2 ? 'elastic' : 'bursting',
      BackupPolicy: { Status: unit(org.seed, res.id, 'backup') < 0.5 ? 'ENABLED' : 'DISABLED' },
      LifecyclePolicies: [{ TransitionToIA: 'AFTER_30_DAYS' }],
      FileSystemTags: [{ Key: 'Name', Value: `sbx-shared-${i}` }],
    },
  };
}

/**
 * An SNS topic: KmsMasterKeyId names its key (a customer key or the AWS managed aws/sns one), or is
 * absent. A topic passing the delivery-status rule logs its Lambda or SQS deliveries (success and
 * failure roles, a sample rate); a failing one logs nothing, or names the success role only.
 */
function snsTopic(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, v: Verdict): Item {
  const name = res.id.split(':').pop()!;
  const encrypted = v('SNS_ENCRYPTED_KMS') !== 'NON_COMPLIANT';
  return {
    awsRegion: region,
    resourceName: name,
    arn: res.id,
    configuration: {
      TopicArn: res.id,
      TopicName: name,
      DisplayName: name.replace(/^sbx-/, '').replace(/-\d+$/, ''),
      Owner: account,
      ...(encrypted ? { KmsMasterKeyId: encryptionKey(org, account, region, i, day, 'aws/sns') } : {}),
      ...deliveryLogging(org, account, res, v('SNS_TOPIC_MESSAGE_DELIVERY_NOTIFICATION_ENABLED') !== 'NON_COMPLIANT'),
    },
  };
}

/** A topic's delivery status logging attributes: one protocol's both roles where it logs, else none or the success role only. */
function deliveryLogging(org: OrgModel, account: string, res: ResourceRef, logs: boolean): Item {
  const draw = unit(org.seed, res.id, 'sns-delivery-logging');
  const protocol = draw < 0.5 ? 'Lambda' : 'SQS';
  const role = (outcome: string): string => `arn:aws:iam::${account}:role/sbx-sns-delivery-${outcome}`;
  if (logs) return { [`${protocol}SuccessFeedbackRoleArn`]: role('success'), [`${protocol}FailureFeedbackRoleArn`]: role('failure'), [`${protocol}SuccessFeedbackSampleRate`]: 100 };
  return draw < 0.25 || draw >= 0.75 ? {} : { [`${protocol}SuccessFeedbackRoleArn`]: role('success'), [`${protocol}SuccessFeedbackSampleRate`]: 10 };
}

/**
 * A Secrets Manager secret. A rotating secret names its rotation function and a 30-day
 * schedule (the rule's default sets no maximum); a failing one records RotationEnabled false. A
 * secret under a customer key names it in KMSKeyId; one under the AWS managed key has none.
 */
function secret(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, v: Verdict): Item {
  const name = res.id.split(':secret:')[1]!.slice(0, -7);
  const rotating = v('SECRETSMANAGER_ROTATION_ENABLED_CHECK') !== 'NON_COMPLIANT';
  const key = v('SECRETSMANAGER_USING_CMK') !== 'NON_COMPLIANT' ? customerKey(org, account, region, i, day) : undefined;
  return {
    awsRegion: region,
    resourceName: name,
    arn: res.id,
    configuration: {
      ARN: res.id,
      Name: name,
      Description: `${name} credentials`,
      ...(key ? { KMSKeyId: key } : {}),
      RotationEnabled: rotating,
      ...(rotating
        ? { RotationLambdaARN: `arn:aws:lambda:${region}:${account}:function:sbx-secret-rotation`, RotationRules: { AutomaticallyAfterDays: 30 }, RotationOccurringAsScheduled: true }
        : {}),
      Deleted: false,
    },
  };
}

/** A Standard state machine: logging at ALL or ERROR to its log group, or Level OFF as AWS records a machine created without logging. */
function stateMachine(account: string, region: string, res: ResourceRef, i: number, v: Verdict): Item {
  const name = res.id.split(':').pop()!;
  const on = v('STEP_FUNCTIONS_STATE_MACHINE_LOGGING_ENABLED') !== 'NON_COMPLIANT';
  const group = `arn:aws:logs:${region}:${account}:log-group:/aws/vendedlogs/states/${name}:*`;
  return {
    awsRegion: region,
    resourceName: name,
    arn: res.id,
    configuration: {
      Arn: res.id,
      Name: name,
      StateMachineName: name,
      StateMachineType: 'STANDARD',
      RoleArn: `arn:aws:iam::${account}:role/sbx-states-${name}`,
      LoggingConfiguration: on ? { Level: i % 2 === 0 ? 'ALL' : 'ERROR', IncludeExecutionData: false, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: group } }] } : { Level: 'OFF', IncludeExecutionData: false },
      TracingConfiguration: { Enabled: false },
    },
  };
}

/** A SageMaker endpoint configuration: KmsKeyId names a key that can encrypt (a customer key, else aws/sagemaker), or is absent. */
function endpointConfig(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, v: Verdict): Item {
  const arn = `arn:aws:sagemaker:${region}:${account}:endpoint-config/${res.id}`;
  const keyed = v('SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED') !== 'NON_COMPLIANT';
  return {
    awsRegion: region,
    resourceName: res.id,
    arn,
    configuration: {
      EndpointConfigName: res.id,
      EndpointConfigArn: arn,
      ...(keyed ? { KmsKeyId: encryptionKey(org, account, region, i, day, 'aws/sagemaker') } : {}),
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: res.id.replace(/-config-\d+$/, ''), InitialInstanceCount: 1, InstanceType: 'ml.m5.large', InitialVariantWeight: 1 }],
    },
  };
}

/** A transit gateway in the CloudFormation registry's shape; AutoAcceptSharedAttachments is 'enable' or 'disable'. */
function transitGateway(account: string, region: string, res: ResourceRef, i: number, v: Verdict): Item {
  const auto = v('EC2_TRANSIT_GATEWAY_AUTO_VPC_ATTACH_DISABLED') === 'NON_COMPLIANT';
  return {
    awsRegion: region,
    resourceName: res.id,
    arn: `arn:aws:ec2:${region}:${account}:transit-gateway/${res.id}`,
    configuration: {
      Id: res.id,
      Description: `sandbox hub ${i}`,
      AmazonSideAsn: 64512 + i,
      AutoAcceptSharedAttachments: auto ? 'enable' : 'disable',
      DefaultRouteTableAssociation: 'enable',
      DefaultRouteTablePropagation: 'enable',
      DnsSupport: 'enable',
      VpnEcmpSupport: 'enable',
      MulticastSupport: 'disable',
    },
  };
}

/**
 * An Auto Scaling launch configuration. A failing one sets associatePublicIpAddress true; a
 * passing one sets it false or leaves it unset (the subnet's setting applies, which the rule passes).
 */
function launchConfiguration(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, v: Verdict): Item {
  const pub = v('AUTOSCALING_LAUNCH_CONFIG_PUBLIC_IP_DISABLED') === 'NON_COMPLIANT';
  const arn = `arn:aws:autoscaling:${region}:${account}:launchConfiguration:${uuidOf(org.seed, res.id, 'lc')}:launchConfigurationName/${res.id}`;
  const groups = org.count('sg', account, region);
  return {
    awsRegion: region,
    resourceName: res.id,
    arn,
    configuration: {
      launchConfigurationName: res.id,
      launchConfigurationARN: arn,
      imageId: `ami-${hexOf(17, org.seed, region, 'ami')}`,
      instanceType: 't3.medium',
      securityGroups: groups > 0 ? [org.resource('sg', account, region, i % groups).id] : [],
      ...(pub ? { associatePublicIpAddress: true } : unit(org.seed, res.id, 'pip') < 0.5 ? { associatePublicIpAddress: false } : {}),
      iamInstanceProfile: `arn:aws:iam::${account}:instance-profile/sbx-app`,
      instanceMonitoring: { enabled: true },
      ebsOptimized: false,
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1, httpEndpoint: 'enabled' },
      blockDeviceMappings: [],
    },
  };
}

/**
 * An Auto Scaling group. In the rule's scope it serves one of the account-region's Classic Load
 * Balancers, and passes with ELB health checks, fails with EC2 ones; out of scope (NOT_APPLICABLE)
 * it is behind no load balancer. It launches from a launch configuration where the account-region has one.
 */
function autoScalingGroup(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, v: Verdict): Item {
  const name = res.id.split('/').pop()!;
  const x = v('AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED');
  const elbs = org.count('elb', account, region);
  const lcs = org.count('launchconfig', account, region);
  const subnets = org.count('subnet', account, region);
  return {
    awsRegion: region,
    resourceName: name,
    arn: res.id,
    configuration: {
      autoScalingGroupName: name,
      autoScalingGroupARN: res.id,
      ...(lcs > 0 ? { launchConfigurationName: moreResource(org, 'launchconfig', account, region, i % lcs).id } : {}),
      minSize: 1,
      maxSize: 4,
      desiredCapacity: 2,
      defaultCooldown: 300,
      availabilityZones: [`${region}a`, `${region}b`],
      loadBalancerNames: x === 'NOT_APPLICABLE' || elbs === 0 ? [] : [org.resource('elb', account, region, i % elbs).id],
      targetGroupARNs: [],
      healthCheckType: x === 'COMPLIANT' ? 'ELB' : 'EC2',
      healthCheckGracePeriod: 300,
      instances: [],
      vpczoneIdentifier: subnets > 0 ? org.resource('subnet', account, region, i % subnets).id : '',
      terminationPolicies: ['Default'],
      newInstancesProtectedFromScaleIn: false,
    },
  };
}
