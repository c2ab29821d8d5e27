// elbv2-multiple-az: an ELBv2 load balancer (application, network or gateway) is mapped to at
// least minAvailabilityZones Availability Zones. Parameter minAvailabilityZones (optional int,
// 2 to 10; the rule's documented threshold, 2, when unset). Counts the distinct zone names of
// configuration.availabilityZones, the zones the balancer's subnets are in.
import { defineRuleEvaluator, verdict, InvalidParameterError } from './define.ts';

export default defineRuleEvaluator({
  rule: 'ELBV2_MULTIPLE_AZ',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  parameters: { minAvailabilityZones: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const min = params.int('minAvailabilityZones') ?? 2;
    if (min < 2 || min > 10) throw new InvalidParameterError('ELBV2_MULTIPLE_AZ', ci.resourceId, 'minAvailabilityZones', `${min} is not between 2 and 10`);
    const zones = new Set(
      ci.objects('configuration.availabilityZones').map((z, i) => {
        if (typeof z.zoneName !== 'string') throw ci.malformed(`configuration.availabilityZones.${i}.zoneName`, 'a string');
        return z.zoneName;
      }),
    );
    return verdict(zones.size >= min, `mapped to ${zones.size} Availability Zones`, `mapped to ${zones.size} Availability Zone(s), fewer than ${min}`);
  },
});
