// rds-snapshot-encrypted: the DB or cluster snapshot is encrypted. No parameters.
// The property is `encrypted` on DB snapshots and `storageEncrypted` on cluster snapshots.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'RDS_SNAPSHOT_ENCRYPTED',
  resourceTypes: ['AWS::RDS::DBClusterSnapshot', 'AWS::RDS::DBSnapshot'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const on = ci.reqBool(ci.resourceType === 'AWS::RDS::DBSnapshot' ? 'configuration.encrypted' : 'configuration.storageEncrypted');
    return verdict(on, 'the snapshot is encrypted', 'the snapshot is not encrypted');
  },
});
