// redshift-backup-enabled: automated snapshots are on, with retention within the parameters.
// Parameters: MinRetentionPeriod (optional, 1-35 days), MaxRetentionPeriod (optional, 1-35 days).
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'REDSHIFT_BACKUP_ENABLED',
  resourceTypes: ['AWS::Redshift::Cluster'],
  parameters: { MinRetentionPeriod: undefined, MaxRetentionPeriod: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const days = ci.reqNum('configuration.automatedSnapshotRetentionPeriod');
    if (days <= 0) return nonCompliant('automated snapshots are disabled');
    const min = params.int('MinRetentionPeriod');
    if (min !== undefined && days < min) return nonCompliant(`snapshot retention ${days} days is under ${min}`);
    const max = params.int('MaxRetentionPeriod');
    if (max !== undefined && days > max) return nonCompliant(`snapshot retention ${days} days is over ${max}`);
    return compliant(`automated snapshots kept ${days} days`);
  },
});
