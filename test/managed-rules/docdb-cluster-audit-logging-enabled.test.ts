import { item, ruleCases } from './helpers.ts';

// A DB cluster's item (DescribeDBClusters' camelCase, as Config records it) of this engine and log exports.
function cluster(engine: unknown, enabledCloudwatchLogsExports: unknown): ReturnType<typeof item> {
  return item('AWS::RDS::DBCluster', {
    resourceId: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    resourceName: 'docs-prod',
    configuration: {
      dbclusterIdentifier: 'docs-prod',
      dbClusterResourceId: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      engine,
      engineVersion: engine === 'docdb' ? '5.0.0' : '16.4',
      engineMode: 'provisioned',
      status: 'available',
      port: engine === 'docdb' ? 27017 : 5432,
      multiAZ: true,
      storageEncrypted: true,
      deletionProtection: true,
      iamdatabaseAuthenticationEnabled: false,
      ...(enabledCloudwatchLogsExports === undefined ? {} : { enabledCloudwatchLogsExports }),
    },
  });
}

ruleCases('DOCDB_CLUSTER_AUDIT_LOGGING_ENABLED', {
  compliant: [
    { name: 'audit exported', item: cluster('docdb', ['audit']) },
    { name: 'audit and profiler exported', item: cluster('docdb', ['audit', 'profiler']) },
  ],
  nonCompliant: [
    { name: 'nothing exported', item: cluster('docdb', []) },
    { name: 'profiler only', item: cluster('docdb', ['profiler']) },
  ],
  notApplicable: [
    { name: 'an Aurora cluster', item: cluster('aurora-mysql', []) },
    { name: 'a Neptune cluster exporting its audit log', item: cluster('neptune', ['audit']) },
    { name: 'a DB instance, not a cluster', item: item('AWS::RDS::DBInstance', { configuration: { dBInstanceIdentifier: 'docs-db', engine: 'docdb' } }) },
  ],
  malformed: [
    { name: 'no export list', item: cluster('docdb', undefined) },
    { name: 'export list a string', item: cluster('docdb', 'audit') },
    { name: 'an export that is not a string', item: cluster('docdb', [{ logType: 'audit' }]) },
    { name: 'engine missing', item: cluster(undefined, ['audit']) },
  ],
});
