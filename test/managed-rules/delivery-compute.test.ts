import { item, ruleCases, withField } from './helpers.ts';

function distribution(config: Record<string, unknown> = {}): ReturnType<typeof item> {
  return item('AWS::CloudFront::Distribution', {
    resourceId: 'E2QWRUHAPOMQZL',
    configuration: {
      id: 'E2QWRUHAPOMQZL',
      arn: 'arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL',
      domainName: 'd111111abcdef8.cloudfront.net',
      distributionConfig: {
        enabled: true,
        aliases: { quantity: 1, items: ['www.example.com'] },
        defaultCacheBehavior: { targetOriginId: 'web', viewerProtocolPolicy: 'redirect-to-https' },
        cacheBehaviors: { quantity: 1, items: [{ pathPattern: '/api/*', targetOriginId: 'api', viewerProtocolPolicy: 'https-only' }] },
        logging: { enabled: true, includeCookies: false, bucket: 'acme-cf-logs.s3.amazonaws.com', prefix: 'www/' },
        viewerCertificate: { cloudFrontDefaultCertificate: false, acmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021', certificateSource: 'acm' },
        webACLId: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1234',
        ...config,
      },
    },
  });
}

const codebuild = (over: Record<string, unknown> = {}) =>
  item('AWS::CodeBuild::Project', {
    resourceId: 'build-api',
    configuration: {
      name: 'build-api',
      source: { type: 'CODECOMMIT', location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/api' },
      artifacts: { type: 'S3', location: 'acme-artifacts', encryptionDisabled: false },
      secondaryArtifacts: [],
      environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL', environmentVariables: [{ name: 'STAGE', value: 'prod', type: 'PLAINTEXT' }] },
      logsConfig: { cloudWatchLogs: { status: 'ENABLED', groupName: '/codebuild/api' }, s3Logs: { status: 'DISABLED', encryptionDisabled: false } },
      ...over,
    },
  });

const container = (over: Record<string, unknown> = {}) => ({ Name: 'app', Image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.4', Essential: true, ReadonlyRootFilesystem: true, LogConfiguration: { LogDriver: 'awslogs' }, ...over });
const taskDef = (containers: unknown, over: Record<string, unknown> = {}) =>
  item('AWS::ECS::TaskDefinition', { resourceId: 'app:7', configuration: { TaskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/app:7', Family: 'app', Status: 'ACTIVE', NetworkMode: 'awsvpc', ContainerDefinitions: containers, ...over } });

const instance = (monitoring: unknown) => item('AWS::EC2::Instance', { resourceId: 'i-0a1b2c3d4e5f60718', configuration: { instanceId: 'i-0a1b2c3d4e5f60718', monitoring } });

const fn = (deadLetterConfig: unknown) =>
  item('AWS::Lambda::Function', { resourceId: 'orders-handler', configuration: { functionName: 'orders-handler', runtime: 'python3.13', deadLetterConfig }, supplementaryConfiguration: { Concurrency: { reservedConcurrentExecutions: 10 } } });

const dbInstance = (monitoringInterval: unknown) => item('AWS::RDS::DBInstance', { resourceId: 'db-ABC', configuration: { dBInstanceIdentifier: 'orders-db', engine: 'postgres', monitoringInterval, monitoringRoleArn: 'arn:aws:iam::123456789012:role/rds-monitoring' } });
const dbCluster = (multiAZ: unknown) => item('AWS::RDS::DBCluster', { resourceId: 'cluster-ABC', configuration: { dbclusterIdentifier: 'orders-cluster', engine: 'aurora-postgresql', multiAZ, storageEncrypted: true } });

const redshift = (over: Record<string, unknown> = {}, logging: unknown = { loggingEnabled: true, bucketName: 'acme-rs-logs' }) =>
  item('AWS::Redshift::Cluster', { resourceId: 'analytics', configuration: { clusterIdentifier: 'analytics', enhancedVpcRouting: true, ...over }, supplementaryConfiguration: { LoggingStatus: logging } });

const domain = (aso: unknown) => item('AWS::OpenSearch::Domain', { resourceId: 'logs', configuration: { DomainName: 'logs', AdvancedSecurityOptions: aso } });

const routeTable = (routes: unknown, id = 'rtb-0123456789abcdef0') =>
  item('AWS::EC2::RouteTable', { resourceId: id, configuration: { routeTableId: id, vpcId: 'vpc-0123abcd4567ef890', associations: [], routes } });
const local = { destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local', origin: 'CreateRouteTable', state: 'active' };
const toIgw = { destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-0a1b2c3d4e5f60718', origin: 'CreateRoute', state: 'active' };
const toNat = { destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-0a1b2c3d4e5f60718', origin: 'CreateRoute', state: 'active' };

const launchConfig = (pub: unknown) =>
  item('AWS::AutoScaling::LaunchConfiguration', { resourceId: 'web-lc', configuration: { launchConfigurationName: 'web-lc', imageId: 'ami-0123456789abcdef0', instanceType: 't3.small', associatePublicIpAddress: pub } });

const asg = (over: Record<string, unknown>) =>
  item('AWS::AutoScaling::AutoScalingGroup', { resourceId: 'web-asg', configuration: { autoScalingGroupName: 'web-asg', minSize: 2, maxSize: 6, loadBalancerNames: [], targetGroupARNs: [], healthCheckType: 'EC2', ...over } });

const eks = (types: unknown) =>
  item('AWS::EKS::Cluster', { resourceId: 'platform', configuration: { Name: 'platform', Version: '1.31', Logging: { ClusterLogging: { EnabledTypes: types } } } });

const stateMachine = (logging: unknown) =>
  item('AWS::StepFunctions::StateMachine', { resourceId: 'arn:aws:states:eu-west-1:123456789012:stateMachine:orders', configuration: { StateMachineName: 'orders', StateMachineType: 'STANDARD', LoggingConfiguration: logging } });

const v2Stage = (accessLogSettings: unknown) =>
  item('AWS::ApiGatewayV2::Stage', { resourceId: 'a1b2c3/prod', configuration: { stageName: 'prod', autoDeploy: true, accessLogSettings, defaultRouteSettings: { detailedMetricsEnabled: false } } });

ruleCases('CLOUDFRONT_CUSTOM_SSL_CERTIFICATE', {
  compliant: [{ name: 'ACM certificate', item: distribution() }],
  nonCompliant: [{ name: 'default certificate', item: distribution({ viewerCertificate: { cloudFrontDefaultCertificate: true, minimumProtocolVersion: 'TLSv1', certificateSource: 'cloudfront' } }) }],
  malformed: [{ name: 'viewerCertificate missing', item: distribution({ viewerCertificate: null }) }],
});

ruleCases('CLOUDFRONT_ACCESSLOGS_ENABLED', {
  compliant: [{ name: 'logging on', item: distribution() }, { name: 'named bucket', item: distribution(), params: { S3BucketName: 'acme-cf-logs' } }],
  nonCompliant: [{ name: 'logging off', item: distribution({ logging: { enabled: false, bucket: '', prefix: '' } }) }, { name: 'other bucket', item: distribution(), params: { S3BucketName: 'elsewhere' } }],
  malformed: [{ name: 'logging missing', item: distribution({ logging: null }) }],
});

ruleCases('CLOUDFRONT_ASSOCIATED_WITH_WAF', {
  compliant: [{ name: 'web ACL', item: distribution() }],
  nonCompliant: [{ name: 'no web ACL (empty string as AWS records it)', item: distribution({ webACLId: '' }) }, { name: 'web ACL not listed', item: distribution(), params: { wafWebAclIds: 'arn:other' } }],
  malformed: [{ name: 'no distribution config', item: withField(distribution(), 'configuration.distributionConfig', undefined) }],
});

ruleCases('CLOUDFRONT_VIEWER_POLICY_HTTPS', {
  compliant: [{ name: 'redirect and https-only', item: distribution() }],
  nonCompliant: [
    { name: 'default behavior allows HTTP', item: distribution({ defaultCacheBehavior: { targetOriginId: 'web', viewerProtocolPolicy: 'allow-all' } }) },
    { name: 'a path behavior allows HTTP', item: distribution({ cacheBehaviors: { quantity: 1, items: [{ pathPattern: '/img/*', viewerProtocolPolicy: 'allow-all' }] } }) },
  ],
  malformed: [{ name: 'behavior without policy', item: distribution({ cacheBehaviors: { quantity: 1, items: [{ pathPattern: '/x' }] } }) }],
});

ruleCases('RDS_CLUSTER_MULTI_AZ_ENABLED', {
  compliant: [{ name: 'Multi-AZ', item: dbCluster(true) }],
  nonCompliant: [{ name: 'single AZ', item: dbCluster(false) }],
  malformed: [{ name: 'missing', item: dbCluster(null) }],
});

ruleCases('API_GWV2_ACCESS_LOGS_ENABLED', {
  compliant: [{ name: 'access logs', item: v2Stage({ destinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:api-access', format: '$context.requestId' }) }],
  nonCompliant: [{ name: 'no access logs', item: v2Stage(null) }],
  malformed: [{ name: 'destination is a number', item: v2Stage({ destinationArn: 5 }) }],
});

ruleCases('CODEBUILD_PROJECT_LOGGING_ENABLED', {
  compliant: [{ name: 'CloudWatch Logs', item: codebuild() }, { name: 'listed log group', item: codebuild(), params: { cloudWatchGroupNames: '/codebuild/api' } }],
  nonCompliant: [
    { name: 'both disabled', item: codebuild({ logsConfig: { cloudWatchLogs: { status: 'DISABLED' }, s3Logs: { status: 'DISABLED' } } }) },
    { name: 'unlisted destination', item: codebuild(), params: { s3BucketNames: 'acme-build-logs' } },
  ],
  malformed: [{ name: 'logsConfig missing', item: codebuild({ logsConfig: null }) }],
});

ruleCases('CODEBUILD_PROJECT_ARTIFACT_ENCRYPTION', {
  compliant: [{ name: 'encrypted artifacts', item: codebuild() }],
  nonCompliant: [
    { name: 'primary artifact unencrypted', item: codebuild({ artifacts: { type: 'S3', location: 'acme-artifacts', encryptionDisabled: true } }) },
    { name: 'secondary artifact unencrypted', item: codebuild({ secondaryArtifacts: [{ artifactIdentifier: 'docs', type: 'S3', encryptionDisabled: true }] }) },
  ],
  malformed: [{ name: 'artifacts missing', item: codebuild({ artifacts: null }) }],
});

ruleCases('CODEBUILD_PROJECT_ENVVAR_AWSCRED_CHECK', {
  compliant: [{ name: 'credentials from Secrets Manager', item: codebuild({ environment: { type: 'LINUX_CONTAINER', environmentVariables: [{ name: 'AWS_SECRET_ACCESS_KEY', value: 'build/aws:secret', type: 'SECRETS_MANAGER' }] } }) }],
  nonCompliant: [{ name: 'plaintext access key', item: codebuild({ environment: { type: 'LINUX_CONTAINER', environmentVariables: [{ name: 'AWS_ACCESS_KEY_ID', value: 'AKIAEXAMPLE', type: 'PLAINTEXT' }] } }) }],
  malformed: [{ name: 'variable without name', item: codebuild({ environment: { environmentVariables: [{ value: 'x' }] } }) }],
});

ruleCases('ECS_CONTAINERS_READONLY_ACCESS', {
  compliant: [{ name: 'read-only root', item: taskDef([container()]) }],
  nonCompliant: [{ name: 'one writable container', item: taskDef([container(), container({ Name: 'sidecar', ReadonlyRootFilesystem: false })]) }, { name: 'flag absent', item: taskDef([container({ ReadonlyRootFilesystem: undefined })]) }],
  notApplicable: [{ name: 'inactive revision', item: taskDef([container({ ReadonlyRootFilesystem: false })], { Status: 'INACTIVE' }) }],
  malformed: [{ name: 'container definitions missing', item: taskDef(null) }],
});

ruleCases('ECS_TASK_DEFINITION_LOG_CONFIGURATION', {
  compliant: [{ name: 'awslogs', item: taskDef([container()]) }],
  nonCompliant: [{ name: 'container without logs', item: taskDef([container(), container({ Name: 'sidecar', LogConfiguration: null })]) }],
  notApplicable: [{ name: 'inactive revision', item: taskDef([container({ LogConfiguration: null })], { Status: 'INACTIVE' }) }],
  malformed: [{ name: 'container definition not an object', item: taskDef(['app']) }],
});

ruleCases('EC2_INSTANCE_DETAILED_MONITORING_ENABLED', {
  compliant: [{ name: 'enabled', item: instance({ state: 'enabled' }) }],
  nonCompliant: [{ name: 'disabled', item: instance({ state: 'disabled' }) }],
  malformed: [{ name: 'monitoring missing', item: instance(null) }],
});

ruleCases('LAMBDA_DLQ_CHECK', {
  compliant: [{ name: 'SQS dead-letter queue', item: fn({ targetArn: 'arn:aws:sqs:eu-west-1:123456789012:orders-dlq' }) }],
  nonCompliant: [{ name: 'none', item: fn(null) }, { name: 'not listed', item: fn({ targetArn: 'arn:aws:sqs:eu-west-1:123456789012:orders-dlq' }), params: { dlqArns: 'arn:aws:sqs:eu-west-1:123456789012:other' } }],
  malformed: [{ name: 'target is a list', item: fn({ targetArn: ['arn'] }) }],
});

ruleCases('RDS_ENHANCED_MONITORING_ENABLED', {
  compliant: [{ name: 'every 60s', item: dbInstance(60) }],
  nonCompliant: [{ name: 'off', item: dbInstance(0) }, { name: 'other interval', item: dbInstance(60), params: { monitoringInterval: '15' } }],
  malformed: [{ name: 'missing', item: dbInstance(null) }],
});

ruleCases('REDSHIFT_ENHANCED_VPC_ROUTING_ENABLED', {
  compliant: [{ name: 'on', item: redshift() }],
  nonCompliant: [{ name: 'off', item: redshift({ enhancedVpcRouting: false }) }],
  malformed: [{ name: 'missing', item: redshift({ enhancedVpcRouting: null }) }],
});

ruleCases('REDSHIFT_AUDIT_LOGGING_ENABLED', {
  compliant: [{ name: 'logging to S3', item: redshift() }, { name: 'listed bucket', item: redshift(), params: { bucketNames: 'acme-rs-logs' } }],
  nonCompliant: [{ name: 'off', item: redshift({}, { loggingEnabled: false }) }, { name: 'other bucket', item: redshift(), params: { bucketNames: 'other' } }],
  malformed: [{ name: 'logging status missing', item: redshift({}, null) }],
});

ruleCases('OPENSEARCH_ACCESS_CONTROL_ENABLED', {
  compliant: [{ name: 'fine-grained access control', item: domain({ Enabled: true, InternalUserDatabaseEnabled: false }) }],
  nonCompliant: [{ name: 'off', item: domain({ Enabled: false }) }, { name: 'no advanced security options', item: domain(null) }],
  malformed: [{ name: 'flag as text', item: domain({ Enabled: 'true' }) }],
});

ruleCases('NO_UNRESTRICTED_ROUTE_TO_IGW', {
  compliant: [{ name: 'private table via NAT', item: routeTable([local, toNat]) }, { name: 'public table listed', item: routeTable([local, toIgw], 'rtb-public'), params: { routeTableIds: 'rtb-public' } }],
  nonCompliant: [{ name: 'default route to the internet gateway', item: routeTable([local, toIgw]) }, { name: 'IPv6 default route', item: routeTable([local, { destinationIpv6CidrBlock: '::/0', gatewayId: 'igw-0a1b' }]) }],
  malformed: [{ name: 'routes missing', item: routeTable(null) }],
});

ruleCases('AUTOSCALING_LAUNCH_CONFIG_PUBLIC_IP_DISABLED', {
  compliant: [{ name: 'false', item: launchConfig(false) }, { name: 'unset', item: launchConfig(null) }],
  nonCompliant: [{ name: 'true', item: launchConfig(true) }],
  malformed: [{ name: 'flag as text', item: launchConfig('true') }],
});

ruleCases('AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED', {
  compliant: [{ name: 'target group with ELB checks', item: asg({ targetGroupARNs: ['arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123'], healthCheckType: 'ELB' }) }],
  nonCompliant: [{ name: 'classic load balancer with EC2 checks', item: asg({ loadBalancerNames: ['legacy-web'] }) }],
  notApplicable: [{ name: 'no load balancer', item: asg({}) }],
  malformed: [{ name: 'health check type missing', item: asg({ loadBalancerNames: ['legacy-web'], healthCheckType: null }) }],
});

ruleCases('EKS_CLUSTER_LOGGING_ENABLED', {
  compliant: [{ name: 'all five types', item: eks(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].map((Type) => ({ Type }))) }],
  nonCompliant: [{ name: 'api and audit only', item: eks([{ Type: 'api' }, { Type: 'audit' }]) }, { name: 'none', item: eks([]) }],
  malformed: [{ name: 'types as strings', item: eks(['api']) }],
});

ruleCases('STEP_FUNCTIONS_STATE_MACHINE_LOGGING_ENABLED', {
  compliant: [{ name: 'ERROR level', item: stateMachine({ Level: 'ERROR', IncludeExecutionData: false, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:sfn:*' } }] }) }],
  nonCompliant: [
    { name: 'OFF', item: stateMachine({ Level: 'OFF' }) },
    { name: 'level other than required', item: stateMachine({ Level: 'ERROR', Destinations: [] }), params: { logLevel: 'ALL' } },
  ],
  malformed: [{ name: 'level is a number', item: stateMachine({ Level: 1 }) }],
});
