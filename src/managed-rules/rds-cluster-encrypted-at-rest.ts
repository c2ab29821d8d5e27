// rds-cluster-encrypted-at-rest: the DB cluster's storage is encrypted. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'RDS_CLUSTER_ENCRYPTED_AT_REST',
  resourceTypes: ['AWS::RDS::DBCluster'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const on = ci.reqBool('configuration.storageEncrypted');
    return verdict(on, 'cluster storage is encrypted', 'cluster storage is not encrypted');
  },
});
