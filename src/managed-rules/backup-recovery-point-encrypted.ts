// backup-recovery-point-encrypted: the AWS Backup recovery point is encrypted. No parameters.
// Reads configuration.IsEncrypted (the published schema's PascalCase, as DescribeRecoveryPoint
// names it): false fails, true passes. Judgement: AWS Backup always reports the flag, so an item
// without a boolean IsEncrypted is malformed rather than taken as either verdict.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'BACKUP_RECOVERY_POINT_ENCRYPTED',
  resourceTypes: ['AWS::Backup::RecoveryPoint'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const encrypted = ci.reqBool('configuration.IsEncrypted');
    return verdict(encrypted, 'the recovery point is encrypted', 'the recovery point is not encrypted');
  },
});
