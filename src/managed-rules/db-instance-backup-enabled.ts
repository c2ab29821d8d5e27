// db-instance-backup-enabled: automated backups are on (backup retention period above zero).
// Parameters (all optional): backupRetentionPeriod (exact days required), backupRetentionMinimum
// (at least these days), preferredBackupWindow (exact window), checkReadReplicas ('true' also
// judges read replicas; by default a read replica is NOT_APPLICABLE).
import { defineRuleEvaluator, compliant, nonCompliant, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'DB_INSTANCE_BACKUP_ENABLED',
  resourceTypes: ['AWS::RDS::DBInstance'],
  parameters: { backupRetentionPeriod: undefined, backupRetentionMinimum: undefined, preferredBackupWindow: undefined, checkReadReplicas: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const source = ci.optStr('configuration.readReplicaSourceDBInstanceIdentifier');
    if (source && params.bool('checkReadReplicas') !== true) return notApplicable(`read replica of ${source}`);
    const days = ci.reqNum('configuration.backupRetentionPeriod');
    if (days <= 0) return nonCompliant('automated backups are disabled (retention 0 days)');
    const exact = params.int('backupRetentionPeriod');
    if (exact !== undefined && days !== exact) return nonCompliant(`backup retention is ${days} days, not ${exact}`);
    const min = params.int('backupRetentionMinimum');
    if (min !== undefined && days < min) return nonCompliant(`backup retention is ${days} days, under ${min}`);
    const window = params.str('preferredBackupWindow');
    if (window !== undefined) {
      const actual = ci.optStr('configuration.preferredBackupWindow');
      if (actual !== window) return nonCompliant(`backup window is ${actual ?? 'unset'}, not ${window}`);
    }
    return compliant(`automated backups kept ${days} days`);
  },
});
