// elb-cross-zone-load-balancing-enabled: a Classic Load Balancer spreads requests across the
// instances of all its Availability Zones. No parameters. AWS Config records the attribute in
// supplementaryConfiguration.LoadBalancerAttributes.crossZoneLoadBalancing.enabled.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'ELB_CROSS_ZONE_LOAD_BALANCING_ENABLED',
  resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'],
  fields: ['supplementaryConfiguration'],
  evaluate({ ci }) {
    const on = ci.reqBool('supplementaryConfiguration.LoadBalancerAttributes.crossZoneLoadBalancing.enabled');
    return verdict(on, 'cross-zone load balancing is enabled', 'cross-zone load balancing is disabled');
  },
});
