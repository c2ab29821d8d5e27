// neptune-cluster-cloudwatch-log-export-enabled: the Neptune cluster exports its audit log to
// CloudWatch Logs. No parameters. Reads configuration.engine and
// configuration.enabledCloudwatchLogsExports (DescribeDBClusters' EnabledCloudwatchLogsExports):
// the cluster passes when the list holds "audit"; exporting only slow queries fails. Other
// engines' clusters (Aurora, DocumentDB, also AWS::RDS::DBCluster items) are NOT_APPLICABLE.
// Judgement: the item records the list, empty when nothing is exported, so a Neptune cluster
// without it, or with a list that is not of strings, is malformed rather than failed.
import { defineRuleEvaluator } from './define.ts';
import { auditLogExported } from './lib/cluster-log-exports.ts';

export default defineRuleEvaluator({
  rule: 'NEPTUNE_CLUSTER_CLOUDWATCH_LOG_EXPORT_ENABLED',
  resourceTypes: ['AWS::RDS::DBCluster'],
  fields: ['configuration'],
  evaluate({ ci }) {
    return auditLogExported(ci, 'neptune', 'Neptune');
  },
});
