import { item, ruleCases } from './helpers.ts';

// A DB cluster's item (DescribeDBClusters' camelCase, as Config records it) of this engine and log exports.
function cluster(engine: unknown, enabledCloudwatchLogsExports: unknown): ReturnType<typeof item> {
  return item('AWS::RDS::DBCluster', {
    resourceId: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    resourceName: 'graph-prod',
    configuration: {
      dbclusterIdentifier: 'graph-prod',
      dbClusterResourceId: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      engine,
      engineVersion: engine === 'neptune' ? '1.3.2.1' : '16.4',
      engineMode: 'provisioned',
      status: 'available',
      port: engine === 'neptune' ? 8182 : 5432,
      multiAZ: true,
      storageEncrypted: true,
      deletionProtection: true,
      iamdatabaseAuthenticationEnabled: true,
      ...(enabledCloudwatchLogsExports === undefined ? {} : { enabledCloudwatchLogsExports }),
    },
  });
}

ruleCases('NEPTUNE_CLUSTER_CLOUDWATCH_LOG_EXPORT_ENABLED', {
  compliant: [
    { name: 'audit exported', item: cluster('neptune', ['audit']) },
    { name: 'audit and slow queries exported', item: cluster('neptune', ['audit', 'slowquery']) },
  ],
  nonCompliant: [
    { name: 'nothing exported', item: cluster('neptune', []) },
    { name: 'slow queries only', item: cluster('neptune', ['slowquery']) },
  ],
  notApplicable: [
    { name: 'an Aurora cluster', item: cluster('aurora-postgresql', []) },
    { name: 'a DocumentDB cluster', item: cluster('docdb', []) },
    { name: 'a DB instance, not a cluster', item: item('AWS::RDS::DBInstance', { configuration: { dBInstanceIdentifier: 'orders-db', engine: 'neptune' } }) },
  ],
  malformed: [
    { name: 'no export list', item: cluster('neptune', undefined) },
    { name: 'export list a string', item: cluster('neptune', 'audit') },
    { name: 'an export that is not a string', item: cluster('neptune', [{ logType: 'audit' }]) },
    { name: 'engine missing', item: cluster(undefined, ['audit']) },
  ],
});
