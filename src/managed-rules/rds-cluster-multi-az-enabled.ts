// rds-cluster-multi-az-enabled: the DB cluster spans several Availability Zones. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'RDS_CLUSTER_MULTI_AZ_ENABLED',
  resourceTypes: ['AWS::RDS::DBCluster'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const multi = ci.reqBool('configuration.multiAZ');
    return verdict(multi, 'the cluster is Multi-AZ', 'the cluster is in a single Availability Zone');
  },
});
