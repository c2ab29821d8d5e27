// alb-http-drop-invalid-header-enabled: an Application Load Balancer drops HTTP headers with
// invalid names (routing.http.drop_invalid_header_fields.enabled). No parameters. Judgement: the
// rule is about Application Load Balancers and other ELBv2 types have no such attribute, so a
// network or gateway balancer is NOT_APPLICABLE.
import { defineRuleEvaluator, notApplicable, verdict } from './define.ts';
import { elbv2Attributes, elbv2Flag } from './lib/elbv2.ts';

export default defineRuleEvaluator({
  rule: 'ALB_HTTP_DROP_INVALID_HEADER_ENABLED',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  fields: ['configuration', 'supplementaryConfiguration'],
  evaluate({ ci }) {
    const type = ci.reqStr('configuration.type');
    if (type !== 'application') return notApplicable(`a ${type} load balancer has no HTTP header handling`);
    const on = elbv2Flag(ci, elbv2Attributes(ci), 'routing.http.drop_invalid_header_fields.enabled');
    return verdict(on, 'invalid header fields are dropped', 'invalid header fields are passed on to targets');
  },
});
