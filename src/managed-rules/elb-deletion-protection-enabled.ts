// elb-deletion-protection-enabled: an ELBv2 load balancer (application, network or gateway) has
// deletion protection on. No parameters. Reads the deletion_protection.enabled attribute, which
// every ELBv2 type has.
import { defineRuleEvaluator, verdict } from './define.ts';
import { elbv2Attributes, elbv2Flag } from './lib/elbv2.ts';

export default defineRuleEvaluator({
  rule: 'ELB_DELETION_PROTECTION_ENABLED',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  fields: ['supplementaryConfiguration'],
  evaluate({ ci }) {
    const on = elbv2Flag(ci, elbv2Attributes(ci), 'deletion_protection.enabled');
    return verdict(on, 'deletion protection is enabled', 'deletion protection is disabled');
  },
});
