// cloudfront-associated-with-waf: the distribution is associated with a WAF web ACL.
// Parameter wafWebAclIds (optional CSV): when set, the web ACL must be one of them.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'CLOUDFRONT_ASSOCIATED_WITH_WAF',
  resourceTypes: ['AWS::CloudFront::Distribution'],
  parameters: { wafWebAclIds: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    ci.reqObj('configuration.distributionConfig');
    const acl = ci.optStr('configuration.distributionConfig.webACLId');
    if (!acl) return nonCompliant('no web ACL');
    const allowed = params.list('wafWebAclIds');
    if (allowed.length > 0 && !allowed.includes(acl)) return nonCompliant(`web ACL ${acl} is not in wafWebAclIds`);
    return compliant(`web ACL ${acl}`);
  },
});
