// autoscaling-group-elb-healthcheck-required: a group behind a load balancer (classic load
// balancer names or target groups) uses ELB health checks. Groups without one are
// NOT_APPLICABLE. No parameters.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED',
  resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const lbs = ci.strings('configuration.loadBalancerNames', false).length + ci.strings('configuration.targetGroupARNs', false).length;
    if (lbs === 0) return notApplicable('the group is not behind a load balancer');
    const type = ci.reqStr('configuration.healthCheckType');
    return verdict(type === 'ELB', 'ELB health checks are used', `health check type is ${type}`);
  },
});
