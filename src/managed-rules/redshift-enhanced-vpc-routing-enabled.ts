// redshift-enhanced-vpc-routing-enabled: the cluster uses enhanced VPC routing. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'REDSHIFT_ENHANCED_VPC_ROUTING_ENABLED',
  resourceTypes: ['AWS::Redshift::Cluster'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const on = ci.reqBool('configuration.enhancedVpcRouting');
    return verdict(on, 'enhanced VPC routing is on', 'enhanced VPC routing is off');
  },
});
