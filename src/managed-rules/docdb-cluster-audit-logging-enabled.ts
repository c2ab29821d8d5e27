// docdb-cluster-audit-logging-enabled: the Amazon DocumentDB cluster exports its audit log to
// CloudWatch Logs. No parameters. Reads configuration.engine and
// configuration.enabledCloudwatchLogsExports (DescribeDBClusters' EnabledCloudwatchLogsExports):
// the cluster passes when the list holds "audit"; exporting only the profiler log fails. Other
// engines' clusters (Aurora, Neptune, also AWS::RDS::DBCluster items) are NOT_APPLICABLE.
// Judgements: the rule reads the export, as its page says, not the cluster parameter group's
// audit_logs setting (another resource); the item records the list, empty when nothing is
// exported, so a DocumentDB cluster without it, or with a list that is not of strings, is malformed.
import { defineRuleEvaluator } from './define.ts';
import { auditLogExported } from './lib/cluster-log-exports.ts';

export default defineRuleEvaluator({
  rule: 'DOCDB_CLUSTER_AUDIT_LOGGING_ENABLED',
  resourceTypes: ['AWS::RDS::DBCluster'],
  fields: ['configuration'],
  evaluate({ ci }) {
    return auditLogExported(ci, 'docdb', 'DocumentDB');
  },
});
