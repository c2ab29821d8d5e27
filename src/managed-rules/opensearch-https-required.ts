// opensearch-https-required: the OpenSearch domain enforces HTTPS.
// Parameter tlsPolicies (optional CSV): when set, the domain's TLS security policy must be one.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'OPENSEARCH_HTTPS_REQUIRED',
  resourceTypes: ['AWS::OpenSearch::Domain'],
  parameters: { tlsPolicies: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    if (!ci.reqBool('configuration.DomainEndpointOptions.EnforceHTTPS')) return nonCompliant('HTTPS is not enforced');
    const allowed = params.list('tlsPolicies');
    if (allowed.length > 0) {
      const policy = ci.reqStr('configuration.DomainEndpointOptions.TLSSecurityPolicy');
      if (!allowed.includes(policy)) return nonCompliant(`TLS policy ${policy} is not in tlsPolicies`);
    }
    return compliant('HTTPS is enforced');
  },
});
