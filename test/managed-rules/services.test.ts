import { item, ruleCases, withField } from './helpers.ts';

const fn = (vpcConfig: unknown) =>
  item('AWS::Lambda::Function', {
    resourceId: 'orders-handler',
    configuration: { functionName: 'orders-handler', functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-handler', runtime: 'nodejs22.x', role: 'arn:aws:iam::123456789012:role/orders', handler: 'index.handler', memorySize: 512, timeout: 30, vpcConfig },
  });
const inVpc = { subnetIds: ['subnet-0aa11bb22cc33dd44', 'subnet-0ee55ff66aa77bb88'], securityGroupIds: ['sg-0123456789abcdef0'] };

const dms = (pub: unknown) =>
  item('AWS::DMS::ReplicationInstance', { resourceId: 'migration-1', configuration: { ReplicationInstanceIdentifier: 'migration-1', ReplicationInstanceClass: 'dms.t3.medium', PubliclyAccessible: pub, MultiAZ: false } });

const notebook = (over: Record<string, unknown> = {}) =>
  item('AWS::SageMaker::NotebookInstance', {
    resourceId: 'research',
    configuration: { NotebookInstanceName: 'research', InstanceType: 'ml.t3.medium', RoleArn: 'arn:aws:iam::123456789012:role/sm', DirectInternetAccess: 'Disabled', RootAccess: 'Disabled', SubnetId: 'subnet-0aa11bb22cc33dd44', KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/sm-key', VolumeSizeInGB: 20, ...over },
  });

const openSearch = (over: Record<string, unknown> = {}) =>
  item('AWS::OpenSearch::Domain', {
    resourceId: 'logs',
    configuration: {
      DomainName: 'logs',
      Arn: 'arn:aws:es:eu-west-1:123456789012:domain/logs',
      EngineVersion: 'OpenSearch_2.17',
      VPCOptions: { SubnetIds: ['subnet-0aa11bb22cc33dd44'], SecurityGroupIds: ['sg-0123456789abcdef0'] },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07', CustomEndpointEnabled: false },
      NodeToNodeEncryptionOptions: { Enabled: true },
      EncryptionAtRestOptions: { Enabled: true, KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/os-key' },
      ...over,
    },
  });

const elasticsearch = (over: Record<string, unknown> = {}) =>
  item('AWS::Elasticsearch::Domain', {
    resourceId: '123456789012/legacy-search',
    configuration: {
      domainName: 'legacy-search',
      domainId: '123456789012/legacy-search',
      elasticsearchVersion: '7.10',
      vpcoptions: { subnetIds: ['subnet-0aa11bb22cc33dd44'], securityGroupIds: ['sg-0123456789abcdef0'], vpcid: 'vpc-0123abcd4567ef890' },
      nodeToNodeEncryptionOptions: { enabled: true },
      encryptionAtRestOptions: { enabled: true, kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/es-key' },
      ...over,
    },
  });

const stage = (over: Record<string, unknown> = {}) =>
  item('AWS::ApiGateway::Stage', {
    resourceId: 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod',
    resourceName: 'prod',
    configuration: { stageName: 'prod', deploymentId: 'dep123', clientCertificateId: 'cert9z', tracingEnabled: true, cacheClusterEnabled: false, methodSettings: {}, ...over },
  });

const listener = (protocol: string, port: number, cert?: string) => ({ listener: { protocol, loadBalancerPort: port, instanceProtocol: 'HTTP', instancePort: 8080, ...(cert ? { sslcertificateId: cert } : {}) }, policyNames: [] });
const acmCert = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c';
const clb = (listeners: unknown) =>
  item('AWS::ElasticLoadBalancing::LoadBalancer', { resourceId: 'legacy-web', configuration: { loadBalancerName: 'legacy-web', scheme: 'internet-facing', vpcid: 'vpc-0123abcd4567ef890', listenerDescriptions: listeners } });

const alarm = (over: Record<string, unknown> = {}) =>
  item('AWS::CloudWatch::Alarm', {
    resourceId: 'high-5xx',
    configuration: { alarmName: 'high-5xx', alarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:high-5xx', actionsEnabled: true, alarmActions: ['arn:aws:sns:eu-west-1:123456789012:oncall'], insufficientDataActions: ['arn:aws:sns:eu-west-1:123456789012:oncall'], okactions: [], metricName: '5XXError', namespace: 'AWS/ApiGateway', ...over },
  });

const key = (over: Record<string, unknown> = {}, rotation: unknown = true) =>
  item('AWS::KMS::Key', {
    resourceId: '1234abcd-12ab-34cd-56ef-1234567890ab',
    configuration: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', arn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', enabled: true, keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', customerMasterKeySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', keyState: 'Enabled', origin: 'AWS_KMS', ...over },
    // null: the item has no KeyRotationStatus
    supplementaryConfiguration: rotation === null ? {} : { KeyRotationStatus: rotation },
  });

const table = (over: Record<string, unknown> = {}, pitr = 'ENABLED') =>
  item('AWS::DynamoDB::Table', {
    resourceId: 'orders',
    configuration: { tableName: 'orders', tableArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders', tableStatus: 'ACTIVE', ssedescription: { status: 'ENABLED', ssetype: 'KMS', kmsmasterKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/ddb-key' }, ...over },
    supplementaryConfiguration: { ContinuousBackupsDescription: { continuousBackupsStatus: 'ENABLED', pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: pitr } } },
  });

const secret = (over: Record<string, unknown> = {}) =>
  item('AWS::SecretsManager::Secret', {
    resourceId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-password-AbCdEf',
    configuration: { Name: 'db-password', ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-password-AbCdEf', KMSKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/sm-key', RotationEnabled: true, RotationLambdaARN: 'arn:aws:lambda:eu-west-1:123456789012:function:rotate', RotationRules: { AutomaticallyAfterDays: 30 }, ...over },
  });

const topic = (kms: unknown) =>
  item('AWS::SNS::Topic', { resourceId: 'arn:aws:sns:eu-west-1:123456789012:oncall', configuration: { TopicArn: 'arn:aws:sns:eu-west-1:123456789012:oncall', DisplayName: 'oncall', KmsMasterKeyId: kms } });

const fileSystem = (encrypted: unknown) =>
  item('AWS::EFS::FileSystem', { resourceId: 'fs-0123456789abcdef0', configuration: { FileSystemId: 'fs-0123456789abcdef0', Encrypted: encrypted, KmsKeyId: encrypted ? 'arn:aws:kms:eu-west-1:123456789012:key/efs-key' : null, PerformanceMode: 'generalPurpose' } });

const stream = (enc: unknown) => item('AWS::Kinesis::Stream', { resourceId: 'clicks', configuration: { Name: 'clicks', Arn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/clicks', ShardCount: 2, RetentionPeriodHours: 24, StreamEncryption: enc } });

ruleCases('LAMBDA_INSIDE_VPC', {
  compliant: [{ name: 'two subnets', item: fn(inVpc) }, { name: 'listed subnets', item: fn(inVpc), params: { subnetIds: 'subnet-0aa11bb22cc33dd44,subnet-0ee55ff66aa77bb88' } }],
  nonCompliant: [{ name: 'no VPC', item: fn(null) }, { name: 'empty VPC config', item: fn({ subnetIds: [], securityGroupIds: [] }) }, { name: 'unlisted subnet', item: fn(inVpc), params: { subnetIds: 'subnet-0aa11bb22cc33dd44' } }],
  malformed: [{ name: 'subnetIds is a string', item: fn({ subnetIds: 'subnet-1' }) }],
});

ruleCases('DMS_REPLICATION_NOT_PUBLIC', {
  compliant: [{ name: 'private', item: dms(false) }],
  nonCompliant: [{ name: 'public', item: dms(true) }],
  malformed: [{ name: 'flag missing', item: dms(null) }],
});

ruleCases('SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS', {
  compliant: [{ name: 'disabled', item: notebook() }],
  nonCompliant: [{ name: 'enabled', item: notebook({ DirectInternetAccess: 'Enabled' }) }],
  malformed: [{ name: 'missing', item: withField(notebook(), 'configuration.DirectInternetAccess', undefined) }],
});

ruleCases('SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED', {
  compliant: [{ name: 'KMS key set', item: notebook() }],
  nonCompliant: [{ name: 'no key', item: notebook({ KmsKeyId: null }) }, { name: 'key not listed', item: notebook(), params: { keyArns: 'arn:aws:kms:eu-west-1:123456789012:key/other' } }],
  malformed: [{ name: 'key is an object', item: notebook({ KmsKeyId: { id: 'k' } }) }],
});

ruleCases('OPENSEARCH_IN_VPC_ONLY', {
  compliant: [{ name: 'VPC domain', item: openSearch() }],
  nonCompliant: [{ name: 'public endpoint', item: openSearch({ VPCOptions: null }) }],
  malformed: [{ name: 'SubnetIds is a string', item: openSearch({ VPCOptions: { SubnetIds: 'subnet-1' } }) }],
});

ruleCases('OPENSEARCH_HTTPS_REQUIRED', {
  compliant: [{ name: 'HTTPS enforced', item: openSearch() }, { name: 'allowed TLS policy', item: openSearch(), params: { tlsPolicies: 'Policy-Min-TLS-1-2-2019-07,Policy-Min-TLS-1-2-PFS-2023-10' } }],
  nonCompliant: [{ name: 'HTTP allowed', item: openSearch({ DomainEndpointOptions: { EnforceHTTPS: false } }) }, { name: 'TLS policy not allowed', item: openSearch(), params: { tlsPolicies: 'Policy-Min-TLS-1-2-PFS-2023-10' } }],
  malformed: [{ name: 'endpoint options missing', item: openSearch({ DomainEndpointOptions: null }) }],
});

ruleCases('OPENSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK', {
  compliant: [{ name: 'on', item: openSearch() }],
  nonCompliant: [{ name: 'off', item: openSearch({ NodeToNodeEncryptionOptions: { Enabled: false } }) }],
  malformed: [{ name: 'missing', item: openSearch({ NodeToNodeEncryptionOptions: {} }) }],
});

ruleCases('OPENSEARCH_ENCRYPTED_AT_REST', {
  compliant: [{ name: 'on', item: openSearch() }],
  nonCompliant: [{ name: 'off', item: openSearch({ EncryptionAtRestOptions: { Enabled: false } }) }],
  malformed: [{ name: 'flag as text', item: openSearch({ EncryptionAtRestOptions: { Enabled: 'true' } }) }],
});

ruleCases('ELASTICSEARCH_IN_VPC_ONLY', {
  compliant: [{ name: 'VPC domain', item: elasticsearch() }],
  nonCompliant: [{ name: 'public endpoint', item: elasticsearch({ vpcoptions: null }) }],
  malformed: [{ name: 'domainName missing', item: elasticsearch({ domainName: null }) }],
});

ruleCases('ELASTICSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK', {
  compliant: [{ name: 'on', item: elasticsearch() }],
  nonCompliant: [{ name: 'off', item: elasticsearch({ nodeToNodeEncryptionOptions: { enabled: false } }) }],
  malformed: [{ name: 'OpenSearch-style capitalisation', item: elasticsearch({ nodeToNodeEncryptionOptions: { Enabled: true } }) }],
});

ruleCases('ELASTICSEARCH_ENCRYPTED_AT_REST', {
  compliant: [{ name: 'on', item: elasticsearch() }],
  nonCompliant: [{ name: 'off', item: elasticsearch({ encryptionAtRestOptions: { enabled: false } }) }],
  malformed: [{ name: 'missing', item: elasticsearch({ encryptionAtRestOptions: null }) }],
});

ruleCases('API_GW_SSL_ENABLED', {
  compliant: [{ name: 'client certificate', item: stage() }],
  nonCompliant: [{ name: 'none', item: stage({ clientCertificateId: null }) }, { name: 'not listed', item: stage(), params: { CertificateIDs: 'other' } }],
  malformed: [{ name: 'stageName missing', item: stage({ stageName: null }) }],
});

ruleCases('API_GW_XRAY_ENABLED', {
  compliant: [{ name: 'tracing on', item: stage() }],
  nonCompliant: [{ name: 'tracing off', item: stage({ tracingEnabled: false }) }],
  malformed: [{ name: 'tracing as text', item: stage({ tracingEnabled: 'true' }) }],
});

ruleCases('ELB_ACM_CERTIFICATE_REQUIRED', {
  compliant: [{ name: 'HTTPS with an ACM certificate', item: clb([listener('HTTPS', 443, acmCert), listener('HTTP', 80)]) }],
  nonCompliant: [
    { name: 'IAM server certificate', item: clb([listener('HTTPS', 443, 'arn:aws:iam::123456789012:server-certificate/web')]) },
    { name: 'no TLS listener', item: clb([listener('HTTP', 80)]) },
  ],
  malformed: [{ name: 'listener without protocol', item: clb([{ listener: { loadBalancerPort: 443 } }]) }],
});

ruleCases('ELB_TLS_HTTPS_LISTENERS_ONLY', {
  compliant: [{ name: 'HTTPS and SSL only', item: clb([listener('HTTPS', 443, acmCert), listener('SSL', 8443, acmCert)]) }],
  nonCompliant: [{ name: 'an HTTP listener', item: clb([listener('HTTPS', 443, acmCert), listener('HTTP', 80)]) }],
  notApplicable: [{ name: 'no listeners', item: clb([]) }],
  malformed: [{ name: 'listeners missing', item: clb(null) }],
});

ruleCases('CLOUDWATCH_ALARM_ACTION_CHECK', {
  compliant: [{ name: 'alarm and insufficient-data actions', item: alarm() }, { name: 'expected action', item: alarm(), params: { action1: 'arn:aws:sns:eu-west-1:123456789012:oncall' } }],
  nonCompliant: [
    { name: 'no alarm action', item: alarm({ alarmActions: [] }) },
    { name: 'OK action required', item: alarm(), params: { okActionRequired: 'true' } },
    { name: 'unexpected action target', item: alarm(), params: { action1: 'arn:aws:sns:eu-west-1:123456789012:other' } },
  ],
  malformed: [{ name: 'alarmActions is a string', item: alarm({ alarmActions: 'arn:aws:sns:eu-west-1:123456789012:oncall' }) }],
});

ruleCases('KMS_CMK_NOT_SCHEDULED_FOR_DELETION', {
  compliant: [{ name: 'enabled key', item: key() }],
  nonCompliant: [{ name: 'pending deletion', item: key({ keyState: 'PendingDeletion', deletionDate: '2026-12-30T00:00:00.000Z' }) }],
  notApplicable: [{ name: 'key not in kmsKeyIds', item: key({ keyState: 'PendingDeletion' }), params: { kmsKeyIds: 'other-key' } }],
  malformed: [{ name: 'keyState missing', item: key({ keyState: null }) }],
});

ruleCases('CMK_BACKING_KEY_ROTATION_ENABLED', {
  compliant: [{ name: 'rotation on', item: key() }],
  nonCompliant: [{ name: 'rotation off', item: key({}, false) }],
  notApplicable: [
    { name: 'AWS managed key', item: key({ keyManager: 'AWS' }, false) },
    { name: 'asymmetric key', item: key({ keySpec: 'RSA_2048', customerMasterKeySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' }, null) },
    { name: 'imported key material', item: key({ origin: 'EXTERNAL' }, false) },
  ],
  malformed: [{ name: 'rotation status missing', item: key({}, null) }],
});

ruleCases('DYNAMODB_PITR_ENABLED', {
  compliant: [{ name: 'PITR on', item: table() }],
  nonCompliant: [{ name: 'PITR off', item: table({}, 'DISABLED') }],
  malformed: [{ name: 'continuous backups missing', item: withField(table(), 'supplementaryConfiguration.ContinuousBackupsDescription', undefined) }],
});

ruleCases('DYNAMODB_TABLE_ENCRYPTED_KMS', {
  compliant: [{ name: 'customer managed key', item: table() }],
  nonCompliant: [{ name: 'DynamoDB-owned key', item: table({ ssedescription: null }) }, { name: 'key not listed', item: table(), params: { kmsKeyArns: 'arn:aws:kms:eu-west-1:123456789012:key/other' } }],
  malformed: [{ name: 'ssedescription is text', item: table({ ssedescription: 'KMS' }) }],
});

ruleCases('SECRETSMANAGER_ROTATION_ENABLED_CHECK', {
  compliant: [{ name: 'rotates every 30 days', item: secret() }, { name: 'within 90 days', item: secret(), params: { maximumAllowedRotationFrequency: '90' } }],
  nonCompliant: [{ name: 'rotation off', item: secret({ RotationEnabled: false }) }, { name: 'over 7 days', item: secret(), params: { maximumAllowedRotationFrequency: '7' } }],
  malformed: [{ name: 'no rotation interval when a maximum is set', item: secret({ RotationRules: {} }), params: { maximumAllowedRotationFrequency: '7' } }],
});

ruleCases('SECRETSMANAGER_USING_CMK', {
  compliant: [{ name: 'customer managed key', item: secret() }],
  nonCompliant: [{ name: 'AWS managed key', item: secret({ KMSKeyId: null }) }, { name: 'aws/secretsmanager alias', item: secret({ KMSKeyId: 'arn:aws:kms:eu-west-1:123456789012:alias/aws/secretsmanager' }) }],
  malformed: [{ name: 'Name missing', item: secret({ Name: null }) }],
});

ruleCases('SNS_ENCRYPTED_KMS', {
  compliant: [{ name: 'KMS key', item: topic('alias/aws/sns') }],
  nonCompliant: [{ name: 'unencrypted', item: topic(null) }, { name: 'key not listed', item: topic('alias/aws/sns'), params: { kmsKeyIds: 'arn:aws:kms:eu-west-1:123456789012:key/k1' } }],
  malformed: [{ name: 'key is a number', item: topic(7) }],
});

ruleCases('EFS_ENCRYPTED_CHECK', {
  compliant: [{ name: 'encrypted', item: fileSystem(true) }],
  nonCompliant: [{ name: 'unencrypted', item: fileSystem(false) }],
  malformed: [{ name: 'flag missing', item: fileSystem(null) }],
});

ruleCases('KINESIS_STREAM_ENCRYPTED', {
  compliant: [{ name: 'KMS', item: stream({ EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }) }],
  nonCompliant: [{ name: 'no encryption', item: stream(null) }, { name: 'NONE', item: stream({ EncryptionType: 'NONE' }) }],
  malformed: [{ name: 'encryption type is a boolean', item: stream({ EncryptionType: true }) }],
});
