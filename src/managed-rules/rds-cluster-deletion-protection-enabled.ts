// rds-cluster-deletion-protection-enabled: deletion protection is on for the DB cluster.
// No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'RDS_CLUSTER_DELETION_PROTECTION_ENABLED',
  resourceTypes: ['AWS::RDS::DBCluster'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const on = ci.reqBool('configuration.deletionProtection');
    return verdict(on, 'deletion protection is on', 'deletion protection is off');
  },
});
