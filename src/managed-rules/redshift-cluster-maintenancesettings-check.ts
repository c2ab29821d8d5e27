// redshift-cluster-maintenancesettings-check: the cluster has the maintenance settings the
// parameters ask for. Parameters: allowVersionUpgrade (default 'true'),
// automatedSnapshotRetentionPeriod (default '1', minimum days), preferredMaintenanceWindow
// (optional, exact "ddd:hh24:mi-ddd:hh24:mi").
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK',
  resourceTypes: ['AWS::Redshift::Cluster'],
  parameters: { allowVersionUpgrade: 'true', automatedSnapshotRetentionPeriod: '1', preferredMaintenanceWindow: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const problems: string[] = [];
    const upgrade = params.bool('allowVersionUpgrade');
    if (upgrade !== undefined && ci.reqBool('configuration.allowVersionUpgrade') !== upgrade) problems.push(`allowVersionUpgrade is not ${upgrade}`);
    const min = params.int('automatedSnapshotRetentionPeriod');
    const days = ci.reqNum('configuration.automatedSnapshotRetentionPeriod');
    if (min !== undefined && days < min) problems.push(`snapshot retention ${days} days is under ${min}`);
    const window = params.str('preferredMaintenanceWindow');
    if (window !== undefined && ci.reqStr('configuration.preferredMaintenanceWindow').toLowerCase() !== window.toLowerCase()) problems.push(`maintenance window is not ${window}`);
    return problems.length === 0 ? compliant('maintenance settings match') : nonCompliant(problems.join('; '));
  },
});
