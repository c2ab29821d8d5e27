// redshift-cluster-public-access-check: the cluster is not publicly accessible. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK',
  resourceTypes: ['AWS::Redshift::Cluster'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const pub = ci.reqBool('configuration.publiclyAccessible');
    return verdict(!pub, 'the cluster is not publicly accessible', 'the cluster is publicly accessible');
  },
});
