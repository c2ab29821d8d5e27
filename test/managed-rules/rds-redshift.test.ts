import { item, ruleCases, withField } from './helpers.ts';

function dbInstance(over: Record<string, unknown> = {}): ReturnType<typeof item> {
  return item('AWS::RDS::DBInstance', {
    resourceId: 'db-ABCDEFGHIJKLMNOPQRSTUVWXY',
    resourceName: 'orders-db',
    configuration: {
      dBInstanceIdentifier: 'orders-db',
      dBInstanceClass: 'db.r6g.large',
      engine: 'mysql',
      engineVersion: '8.0.39',
      dBInstanceStatus: 'available',
      publiclyAccessible: false,
      storageEncrypted: true,
      kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/rds-key',
      multiAZ: true,
      backupRetentionPeriod: 7,
      preferredBackupWindow: '02:00-02:30',
      deletionProtection: true,
      enabledCloudwatchLogsExports: ['audit', 'error', 'general', 'slowquery'],
      dbiResourceId: 'db-ABCDEFGHIJKLMNOPQRSTUVWXY',
      ...over,
    },
  });
}

function cluster(over: Record<string, unknown> = {}, supp: Record<string, unknown> = {}): ReturnType<typeof item> {
  return item('AWS::Redshift::Cluster', {
    resourceId: 'analytics',
    configuration: {
      clusterIdentifier: 'analytics',
      nodeType: 'ra3.xlplus',
      clusterStatus: 'available',
      publiclyAccessible: false,
      encrypted: true,
      kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/rs-key',
      automatedSnapshotRetentionPeriod: 7,
      ...over,
    },
    supplementaryConfiguration: { LoggingStatus: { loggingEnabled: true, bucketName: 'acme-rs-logs', s3KeyPrefix: 'analytics/' }, ...supp },
  });
}

function snapshot(type: 'AWS::RDS::DBSnapshot' | 'AWS::RDS::DBClusterSnapshot', restore: string[], encrypted = true): ReturnType<typeof item> {
  const db = type === 'AWS::RDS::DBSnapshot';
  return item(type, {
    resourceId: db ? 'rds:orders-db-2026-11-29' : 'rds:orders-cluster-2026-11-29',
    configuration: db ? { dBSnapshotIdentifier: 'rds:orders-db-2026-11-29', encrypted } : { dbclusterSnapshotIdentifier: 'rds:orders-cluster-2026-11-29', storageEncrypted: encrypted },
    supplementaryConfiguration: { [db ? 'DBSnapshotAttributes' : 'DBClusterSnapshotAttributes']: [{ attributeName: 'restore', attributeValues: restore }] },
  });
}

ruleCases('RDS_INSTANCE_PUBLIC_ACCESS_CHECK', {
  compliant: [{ name: 'private', item: dbInstance() }],
  nonCompliant: [{ name: 'publicly accessible', item: dbInstance({ publiclyAccessible: true }) }],
  malformed: [{ name: 'publiclyAccessible missing', item: withField(dbInstance(), 'configuration.publiclyAccessible', undefined) }],
});

ruleCases('RDS_STORAGE_ENCRYPTED', {
  compliant: [
    { name: 'encrypted', item: dbInstance() },
    { name: 'with the expected key', item: dbInstance(), params: { kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/rds-key' } },
  ],
  nonCompliant: [
    { name: 'not encrypted', item: dbInstance({ storageEncrypted: false, kmsKeyId: null }) },
    { name: 'another key', item: dbInstance(), params: { kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/other' } },
  ],
  malformed: [{ name: 'storageEncrypted as text', item: dbInstance({ storageEncrypted: 'true' }) }],
});

ruleCases('RDS_MULTI_AZ_SUPPORT', {
  compliant: [{ name: 'Multi-AZ', item: dbInstance() }],
  nonCompliant: [{ name: 'single-AZ', item: dbInstance({ multiAZ: false }) }],
  notApplicable: [{ name: 'Aurora cluster member', item: dbInstance({ engine: 'aurora-mysql', dBClusterIdentifier: 'orders-cluster', multiAZ: false }) }],
  malformed: [{ name: 'multiAZ missing', item: withField(dbInstance(), 'configuration.multiAZ', undefined) }],
});

ruleCases('DB_INSTANCE_BACKUP_ENABLED', {
  compliant: [
    { name: 'seven days', item: dbInstance() },
    { name: 'meets backupRetentionMinimum and window', item: dbInstance(), params: { backupRetentionMinimum: '7', preferredBackupWindow: '02:00-02:30' } },
  ],
  nonCompliant: [
    { name: 'backups off', item: dbInstance({ backupRetentionPeriod: 0 }) },
    { name: 'under backupRetentionMinimum', item: dbInstance(), params: { backupRetentionMinimum: '14' } },
    { name: 'other exact period', item: dbInstance(), params: { backupRetentionPeriod: '35' } },
  ],
  notApplicable: [{ name: 'read replica', item: dbInstance({ readReplicaSourceDBInstanceIdentifier: 'orders-db-primary', backupRetentionPeriod: 0 }) }],
  malformed: [{ name: 'retention missing', item: withField(dbInstance(), 'configuration.backupRetentionPeriod', undefined) }],
});

ruleCases('RDS_LOGGING_ENABLED', {
  compliant: [
    { name: 'MySQL exporting all four logs', item: dbInstance() },
    { name: 'PostgreSQL exporting postgresql and upgrade', item: dbInstance({ engine: 'postgres', enabledCloudwatchLogsExports: ['postgresql', 'upgrade'] }) },
  ],
  nonCompliant: [
    { name: 'MySQL without the audit log', item: dbInstance({ enabledCloudwatchLogsExports: ['error', 'general', 'slowquery'] }) },
    { name: 'no exports at all', item: withField(dbInstance(), 'configuration.enabledCloudwatchLogsExports', undefined) },
    { name: 'additionalLogs asks for more', item: dbInstance({ engine: 'postgres', enabledCloudwatchLogsExports: ['postgresql', 'upgrade'] }), params: { additionalLogs: 'postgres: iam-db-auth-error ; oracle: alert' } },
  ],
  notApplicable: [{ name: 'instance being created', item: dbInstance({ dBInstanceStatus: 'creating' }) }],
  malformed: [
    { name: 'engine missing', item: withField(dbInstance(), 'configuration.engine', undefined) },
    { name: 'exports is a string', item: dbInstance({ enabledCloudwatchLogsExports: 'audit' }) },
  ],
});

ruleCases('RDS_INSTANCE_DELETION_PROTECTION_ENABLED', {
  compliant: [{ name: 'protected', item: dbInstance() }],
  nonCompliant: [{ name: 'unprotected', item: dbInstance({ deletionProtection: false }) }],
  notApplicable: [{ name: 'engine not listed', item: dbInstance({ deletionProtection: false }), params: { databaseEngines: 'postgres,aurora-postgresql' } }],
  malformed: [{ name: 'deletionProtection missing', item: withField(dbInstance(), 'configuration.deletionProtection', undefined) }],
});

ruleCases('RDS_SNAPSHOTS_PUBLIC_PROHIBITED', {
  compliant: [
    { name: 'DB snapshot shared with one account', item: snapshot('AWS::RDS::DBSnapshot', ['210987654321']) },
    { name: 'cluster snapshot not shared', item: snapshot('AWS::RDS::DBClusterSnapshot', []) },
  ],
  nonCompliant: [
    { name: 'DB snapshot public', item: snapshot('AWS::RDS::DBSnapshot', ['all']) },
    { name: 'cluster snapshot public', item: snapshot('AWS::RDS::DBClusterSnapshot', ['all']) },
  ],
  malformed: [{ name: 'attributes missing', item: withField(snapshot('AWS::RDS::DBSnapshot', []), 'supplementaryConfiguration.DBSnapshotAttributes', undefined) }],
});

ruleCases('RDS_SNAPSHOT_ENCRYPTED', {
  compliant: [
    { name: 'encrypted DB snapshot', item: snapshot('AWS::RDS::DBSnapshot', []) },
    { name: 'encrypted cluster snapshot', item: snapshot('AWS::RDS::DBClusterSnapshot', []) },
  ],
  nonCompliant: [
    { name: 'unencrypted DB snapshot', item: snapshot('AWS::RDS::DBSnapshot', [], false) },
    { name: 'unencrypted cluster snapshot', item: snapshot('AWS::RDS::DBClusterSnapshot', [], false) },
  ],
  malformed: [{ name: 'cluster snapshot read with the DB snapshot property', item: withField(snapshot('AWS::RDS::DBClusterSnapshot', []), 'configuration.storageEncrypted', undefined) }],
});

ruleCases('REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK', {
  compliant: [{ name: 'private', item: cluster() }],
  nonCompliant: [{ name: 'public', item: cluster({ publiclyAccessible: true }) }],
  malformed: [{ name: 'publiclyAccessible missing', item: withField(cluster(), 'configuration.publiclyAccessible', undefined) }],
});

ruleCases('REDSHIFT_CLUSTER_CONFIGURATION_CHECK', {
  compliant: [
    { name: 'encrypted with audit logging', item: cluster() },
    { name: 'node type listed', item: cluster(), params: { nodeTypes: 'ra3.xlplus, ra3.4xlarge' } },
  ],
  nonCompliant: [
    { name: 'audit logging off', item: cluster({}, { LoggingStatus: { loggingEnabled: false } }) },
    { name: 'not encrypted', item: cluster({ encrypted: false }) },
    { name: 'node type not listed', item: cluster(), params: { nodeTypes: 'dc2.large' } },
  ],
  malformed: [{ name: 'logging status missing', item: withField(cluster(), 'supplementaryConfiguration.LoggingStatus', undefined) }],
});

ruleCases('REDSHIFT_BACKUP_ENABLED', {
  compliant: [{ name: 'seven days', item: cluster() }, { name: 'within bounds', item: cluster(), params: { MinRetentionPeriod: '1', MaxRetentionPeriod: '10' } }],
  nonCompliant: [{ name: 'snapshots off', item: cluster({ automatedSnapshotRetentionPeriod: 0 }) }, { name: 'over MaxRetentionPeriod', item: cluster(), params: { MaxRetentionPeriod: '5' } }],
  malformed: [{ name: 'retention missing', item: withField(cluster(), 'configuration.automatedSnapshotRetentionPeriod', undefined) }],
});

ruleCases('REDSHIFT_CLUSTER_KMS_ENABLED', {
  compliant: [{ name: 'KMS key', item: cluster() }],
  nonCompliant: [{ name: 'unencrypted', item: cluster({ encrypted: false, kmsKeyId: null }) }, { name: 'key not listed', item: cluster(), params: { kmsKeyArns: 'arn:aws:kms:eu-west-1:123456789012:key/other' } }],
  malformed: [{ name: 'encrypted missing', item: withField(cluster(), 'configuration.encrypted', undefined) }],
});
