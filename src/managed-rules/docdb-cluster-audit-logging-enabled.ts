// docdb-cluster-audit-logging-enabled: the Amazon DocumentDB cluster exports its audit log to
// CloudWatch Logs. No parameters. Reads configuration.engine and
// configuration.enabledCloudwatchLogsExports (DescribeDBClusters' EnabledCloudwatchLogsExports):
// the cluster passes when the list holds "audit"; exporting only the profiler log fails. Other
// engines' clusters (Aurora, Neptune, also AWS::RDS::DBCluster items) are NOT_APPLICABLE.
// Judgements: the rule reads the export, as its page says, not the cluster parameter group's
// audit_logs setting (another resource); the item records the list, empty when nothing is
// exported, so a DocumentDB cluster without it, or with a list that is not of strings, is malformed.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'DOCDB_CLUSTER_AUDIT_LOGGING_ENABLED',
  resourceTypes: ['AWS::RDS::DBCluster'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const engine = ci.reqStr('configuration.engine');
    if (engine !== 'docdb') return notApplicable(`${engine} is not DocumentDB`);
    const exported = ci.strings('configuration.enabledCloudwatchLogsExports');
    const list = exported.length === 0 ? 'no logs' : exported.join(', ');
    return verdict(exported.includes('audit'), `exports the audit log to CloudWatch Logs (${list})`, `does not export the audit log to CloudWatch Logs (exports ${list})`);
  },
});
