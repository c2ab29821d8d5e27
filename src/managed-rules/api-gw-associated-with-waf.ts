// api-gw-associated-with-waf: the REST API stage is protected by a WAF web ACL.
// Parameter WebAclArns (optional CSV): when set, the web ACL must be one of them.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'API_GW_ASSOCIATED_WITH_WAF',
  resourceTypes: ['AWS::ApiGateway::Stage'],
  parameters: { WebAclArns: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    ci.reqStr('configuration.stageName');
    const acl = ci.optStr('configuration.webAclArn');
    if (!acl) return nonCompliant('no web ACL');
    const allowed = params.list('WebAclArns');
    if (allowed.length > 0 && !allowed.includes(acl)) return nonCompliant(`web ACL ${acl} is not in WebAclArns`);
    return compliant(`web ACL ${acl}`);
  },
});
