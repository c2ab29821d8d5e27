import { item, ruleCases, withField } from './helpers.ts';

const dbInstance = (over: Record<string, unknown> = {}) =>
  item('AWS::RDS::DBInstance', {
    resourceId: 'db-ABCDEFGHIJKLMNOPQRSTUVWXY',
    configuration: { dBInstanceIdentifier: 'orders-db', engine: 'postgres', engineVersion: '16.4', dBInstanceStatus: 'available', iAMDatabaseAuthenticationEnabled: true, autoMinorVersionUpgrade: true, ...over },
  });

const dbCluster = (over: Record<string, unknown> = {}) =>
  item('AWS::RDS::DBCluster', {
    resourceId: 'cluster-ABCDEFGHIJKLMNOP',
    configuration: { dbclusterIdentifier: 'orders-cluster', engine: 'aurora-postgresql', engineVersion: '16.4', multiAZ: true, storageEncrypted: true, deletionProtection: true, iamdatabaseAuthenticationEnabled: true, ...over },
  });

const redshift = (over: Record<string, unknown> = {}) =>
  item('AWS::Redshift::Cluster', { resourceId: 'analytics', configuration: { clusterIdentifier: 'analytics', allowVersionUpgrade: true, automatedSnapshotRetentionPeriod: 7, preferredMaintenanceWindow: 'sun:03:00-sun:03:30', ...over } });

const stage = (webAclArn: unknown) =>
  item('AWS::ApiGateway::Stage', { resourceId: 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod', configuration: { stageName: 'prod', deploymentId: 'dep123', webAclArn } });

const fn = (concurrency: unknown) =>
  item('AWS::Lambda::Function', { resourceId: 'orders-handler', configuration: { functionName: 'orders-handler', runtime: 'java21' }, supplementaryConfiguration: concurrency === undefined ? {} : { Concurrency: concurrency } });

const volume = (attachments: unknown) =>
  item('AWS::EC2::Volume', { resourceId: 'vol-0a1b2c3d4e5f60718', configuration: { volumeId: 'vol-0a1b2c3d4e5f60718', size: 50, volumeType: 'gp3', encrypted: true, attachments } });
const attachment = (deleteOnTermination: boolean) => ({ volumeId: 'vol-0a1b2c3d4e5f60718', instanceId: 'i-0a1b2c3d4e5f60718', device: '/dev/sdf', state: 'attached', deleteOnTermination });

const tgw = (value: unknown) =>
  item('AWS::EC2::TransitGateway', { resourceId: 'tgw-0123456789abcdef0', configuration: { Id: 'tgw-0123456789abcdef0', AmazonSideAsn: 64512, AutoAcceptSharedAttachments: value, DefaultRouteTableAssociation: 'enable' } });

ruleCases('RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED', {
  compliant: [{ name: 'PostgreSQL with IAM auth', item: dbInstance() }],
  nonCompliant: [{ name: 'IAM auth off', item: dbInstance({ iAMDatabaseAuthenticationEnabled: false }) }],
  notApplicable: [
    { name: 'SQL Server', item: dbInstance({ engine: 'sqlserver-se', iAMDatabaseAuthenticationEnabled: false }) },
    { name: 'Aurora cluster member', item: dbInstance({ engine: 'aurora-postgresql', dBClusterIdentifier: 'orders-cluster', iAMDatabaseAuthenticationEnabled: false }) },
  ],
  malformed: [{ name: 'flag missing', item: withField(dbInstance(), 'configuration.iAMDatabaseAuthenticationEnabled', undefined) }],
});

ruleCases('RDS_CLUSTER_IAM_AUTHENTICATION_ENABLED', {
  compliant: [{ name: 'Aurora with IAM auth', item: dbCluster() }],
  nonCompliant: [{ name: 'IAM auth off', item: dbCluster({ iamdatabaseAuthenticationEnabled: false }) }],
  notApplicable: [{ name: 'DocumentDB cluster', item: dbCluster({ engine: 'docdb', iamdatabaseAuthenticationEnabled: false }) }],
  malformed: [{ name: 'flag spelled as on instances', item: dbCluster({ iamdatabaseAuthenticationEnabled: undefined, iAMDatabaseAuthenticationEnabled: true }) }],
});

ruleCases('NEPTUNE_CLUSTER_IAM_DATABASE_AUTHENTICATION', {
  compliant: [{ name: 'Neptune with IAM auth', item: dbCluster({ engine: 'neptune' }) }],
  nonCompliant: [{ name: 'Neptune without IAM auth', item: dbCluster({ engine: 'neptune', iamdatabaseAuthenticationEnabled: false }) }],
  notApplicable: [{ name: 'Aurora cluster', item: dbCluster({ iamdatabaseAuthenticationEnabled: false }) }],
  malformed: [{ name: 'engine missing', item: dbCluster({ engine: null }) }],
});

ruleCases('RDS_CLUSTER_ENCRYPTED_AT_REST', {
  compliant: [{ name: 'encrypted', item: dbCluster() }],
  nonCompliant: [{ name: 'unencrypted', item: dbCluster({ storageEncrypted: false }) }],
  malformed: [{ name: 'missing', item: dbCluster({ storageEncrypted: null }) }],
});

ruleCases('RDS_CLUSTER_DELETION_PROTECTION_ENABLED', {
  compliant: [{ name: 'protected', item: dbCluster() }],
  nonCompliant: [{ name: 'unprotected', item: dbCluster({ deletionProtection: false }) }],
  malformed: [{ name: 'missing', item: dbCluster({ deletionProtection: null }) }],
});

ruleCases('RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED', {
  compliant: [{ name: 'on', item: dbInstance() }],
  nonCompliant: [{ name: 'off', item: dbInstance({ autoMinorVersionUpgrade: false }) }],
  malformed: [{ name: 'as text', item: dbInstance({ autoMinorVersionUpgrade: 'yes' }) }],
});

ruleCases('REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK', {
  compliant: [{ name: 'defaults met', item: redshift() }, { name: 'named window', item: redshift(), params: { preferredMaintenanceWindow: 'Sun:03:00-Sun:03:30' } }],
  nonCompliant: [
    { name: 'version upgrades blocked', item: redshift({ allowVersionUpgrade: false }) },
    { name: 'snapshots off', item: redshift({ automatedSnapshotRetentionPeriod: 0 }) },
    { name: 'other window', item: redshift(), params: { preferredMaintenanceWindow: 'sat:01:00-sat:01:30' } },
  ],
  malformed: [{ name: 'retention missing', item: redshift({ automatedSnapshotRetentionPeriod: null }) }],
});

ruleCases('API_GW_ASSOCIATED_WITH_WAF', {
  compliant: [{ name: 'web ACL', item: stage('arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/0123') }],
  nonCompliant: [{ name: 'none', item: stage(null) }, { name: 'not listed', item: stage('arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/0123'), params: { WebAclArns: 'arn:other' } }],
  malformed: [{ name: 'web ACL is an object', item: stage({ arn: 'x' }) }],
});

ruleCases('LAMBDA_CONCURRENCY_CHECK', {
  compliant: [{ name: 'reserved 10', item: fn({ reservedConcurrentExecutions: 10 }) }, { name: 'within limits', item: fn({ reservedConcurrentExecutions: 10 }), params: { ConcurrencyLimitLow: '5', ConcurrencyLimitHigh: '20' } }],
  nonCompliant: [{ name: 'no reserved concurrency', item: fn(undefined) }, { name: 'over the high limit', item: fn({ reservedConcurrentExecutions: 100 }), params: { ConcurrencyLimitHigh: '20' } }],
  malformed: [{ name: 'reserved as text', item: fn({ reservedConcurrentExecutions: '10' }) }],
});

ruleCases('EC2_VOLUME_INUSE_CHECK', {
  compliant: [{ name: 'attached', item: volume([attachment(false)]) }, { name: 'deleted with its instance', item: volume([attachment(true)]), params: { deleteOnTermination: 'true' } }],
  nonCompliant: [{ name: 'unattached', item: volume([]) }, { name: 'outlives its instance', item: volume([attachment(false)]), params: { deleteOnTermination: 'true' } }],
  malformed: [{ name: 'attachments missing', item: volume(null) }],
});

ruleCases('EC2_TRANSIT_GATEWAY_AUTO_VPC_ATTACH_DISABLED', {
  compliant: [{ name: 'disable', item: tgw('disable') }],
  nonCompliant: [{ name: 'enable', item: tgw('enable') }],
  malformed: [{ name: 'missing', item: tgw(null) }],
});

const restStage = (methodSettings: unknown) =>
  item('AWS::ApiGateway::Stage', { resourceId: 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod', configuration: { stageName: 'prod', deploymentId: 'dep123', methodSettings } });
const httpStage = (loggingLevel: unknown) =>
  item('AWS::ApiGatewayV2::Stage', { resourceId: 'a1b2c3/prod', configuration: { stageName: 'prod', autoDeploy: true, defaultRouteSettings: { detailedMetricsEnabled: false, loggingLevel } } });
const setting = (loggingLevel: string) => ({ loggingLevel, metricsEnabled: false, dataTraceEnabled: false, throttlingBurstLimit: 5000, throttlingRateLimit: 10000 });

ruleCases('API_GW_EXECUTION_LOGGING_ENABLED', {
  compliant: [
    { name: 'REST stage default at ERROR', item: restStage({ '*/*': setting('ERROR') }) },
    { name: 'WebSocket stage at INFO', item: httpStage('INFO') },
  ],
  nonCompliant: [
    { name: 'REST stage without method settings', item: restStage({}) },
    { name: 'one method with logging off', item: restStage({ '*/*': setting('INFO'), 'orders/GET': setting('OFF') }) },
    { name: 'WebSocket stage logging off', item: httpStage('OFF') },
    { name: 'INFO when only ERROR is allowed', item: restStage({ '*/*': setting('INFO') }), params: { loggingLevel: 'ERROR' } },
  ],
  malformed: [
    { name: 'REST stage without methodSettings', item: restStage(undefined) },
    { name: 'method setting not an object', item: restStage({ '*/*': 'INFO' }) },
  ],
});

const endpointConfig = (KmsKeyId: unknown) =>
  item('AWS::SageMaker::EndpointConfig', { resourceId: 'inference-v3', configuration: { EndpointConfigName: 'inference-v3', KmsKeyId, ProductionVariants: [{ VariantName: 'main', ModelName: 'ranker', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }] } });
const graphql = (LogConfig: unknown) => item('AWS::AppSync::GraphQLApi', { resourceId: 'api-0123', configuration: { ApiId: 'api-0123', Name: 'catalog', AuthenticationType: 'AMAZON_COGNITO_USER_POOLS', LogConfig } });
const broker = (engine: string, Logs: unknown) => item('AWS::AmazonMQ::Broker', { resourceId: 'b-0123', configuration: { BrokerName: 'events', EngineType: engine, EngineVersion: '5.18', Logs } });
const vpnEndpoint = (options: unknown) => item('AWS::EC2::ClientVpnEndpoint', { resourceId: 'cvpn-endpoint-0123', configuration: { Id: 'cvpn-endpoint-0123', VpcId: 'vpc-0123abcd4567ef890', ConnectionLogOptions: options } });
const igw = (attachments: unknown) => item('AWS::EC2::InternetGateway', { resourceId: 'igw-0a1b2c3d4e5f60718', configuration: { internetGatewayId: 'igw-0a1b2c3d4e5f60718', ownerId: '123456789012', attachments } });

ruleCases('SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED', {
  compliant: [{ name: 'KMS key', item: endpointConfig('arn:aws:kms:eu-west-1:123456789012:key/sm') }],
  nonCompliant: [{ name: 'no key', item: endpointConfig(null) }, { name: 'not listed', item: endpointConfig('arn:aws:kms:eu-west-1:123456789012:key/sm'), params: { keyArns: 'arn:other' } }],
  malformed: [{ name: 'key is a number', item: endpointConfig(1) }],
});

ruleCases('APPSYNC_LOGGING_ENABLED', {
  compliant: [{ name: 'ERROR level', item: graphql({ FieldLogLevel: 'ERROR', CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/appsync-logs', ExcludeVerboseContent: true }) }],
  nonCompliant: [{ name: 'NONE', item: graphql({ FieldLogLevel: 'NONE' }) }, { name: 'no log config', item: graphql(null) }, { name: 'ERROR when ALL is required', item: graphql({ FieldLogLevel: 'ERROR' }), params: { fieldLoggingLevel: 'ALL' } }],
  malformed: [{ name: 'level is a boolean', item: graphql({ FieldLogLevel: true }) }],
});

ruleCases('MQ_CLOUDWATCH_AUDIT_LOGGING_ENABLED', {
  compliant: [{ name: 'ActiveMQ with audit logs', item: broker('ACTIVEMQ', { Audit: true, General: true }) }],
  nonCompliant: [{ name: 'ActiveMQ without audit logs', item: broker('ACTIVEMQ', { Audit: false, General: true }) }],
  notApplicable: [{ name: 'RabbitMQ', item: broker('RABBITMQ', { General: true }) }],
  malformed: [{ name: 'audit flag as text', item: broker('ACTIVEMQ', { Audit: 'true' }) }],
});

ruleCases('EC2_CLIENT_VPN_CONNECTION_LOG_ENABLED', {
  compliant: [{ name: 'on', item: vpnEndpoint({ Enabled: true, CloudwatchLogGroup: 'client-vpn' }) }],
  nonCompliant: [{ name: 'off', item: vpnEndpoint({ Enabled: false }) }],
  malformed: [{ name: 'options missing', item: vpnEndpoint(null) }],
});

ruleCases('INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY', {
  compliant: [{ name: 'authorized VPC', item: igw([{ vpcId: 'vpc-0123abcd4567ef890', state: 'available' }]), params: { AuthorizedVpcIds: 'vpc-0123abcd4567ef890' } }, { name: 'detached', item: igw([]) }],
  nonCompliant: [{ name: 'no VPC authorized', item: igw([{ vpcId: 'vpc-0123abcd4567ef890', state: 'available' }]) }, { name: 'another VPC', item: igw([{ vpcId: 'vpc-other', state: 'available' }]), params: { AuthorizedVpcIds: 'vpc-0123abcd4567ef890' } }],
  malformed: [{ name: 'attachment without vpcId', item: igw([{ state: 'available' }]) }],
});
