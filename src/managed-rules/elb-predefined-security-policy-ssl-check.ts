// elb-predefined-security-policy-ssl-check: every HTTPS or SSL listener of the Classic Load
// Balancer uses the predefined security policy the parameter predefinedPolicyName names (required,
// no default). Judgement: a listener uses it when one of its policyNames is that name, or names a
// policy of supplementaryConfiguration.LoadBalancerPolicies whose Reference-Security-Policy
// attribute is that name (how a custom-named negotiation policy points at a predefined one). A
// balancer without HTTPS or SSL listeners has nothing to check and is NOT_APPLICABLE.
import { defineRuleEvaluator, verdict, notApplicable, isRecord, InvalidParameterError } from './define.ts';

const RULE = 'ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK';

export default defineRuleEvaluator({
  rule: RULE,
  resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'],
  parameters: { predefinedPolicyName: undefined },
  fields: ['configuration', 'supplementaryConfiguration'],
  evaluate({ ci, params }) {
    const wanted = params.str('predefinedPolicyName');
    if (wanted === undefined) throw new InvalidParameterError(RULE, ci.resourceId, 'predefinedPolicyName', 'required (for example "ELBSecurityPolicy-TLS-1-2-2017-01")');
    const references = new Map<string, string>();
    ci.objects('supplementaryConfiguration.LoadBalancerPolicies', false).forEach((p, i) => {
      if (typeof p.policyName !== 'string') throw ci.malformed(`supplementaryConfiguration.LoadBalancerPolicies.${i}.policyName`, 'a string');
      const attrs = p.policyAttributeDescriptions ?? [];
      if (!Array.isArray(attrs)) throw ci.malformed(`supplementaryConfiguration.LoadBalancerPolicies.${i}.policyAttributeDescriptions`, 'an array');
      const ref = attrs.find((a) => isRecord(a) && a.attributeName === 'Reference-Security-Policy') as Record<string, unknown> | undefined;
      if (typeof ref?.attributeValue === 'string') references.set(p.policyName, ref.attributeValue);
    });
    const tls = ci.objects('configuration.listenerDescriptions').flatMap((d, i) => {
      const l = d.listener;
      if (!isRecord(l) || typeof l.protocol !== 'string') throw ci.malformed(`configuration.listenerDescriptions.${i}.listener.protocol`, 'a string');
      if (l.protocol !== 'HTTPS' && l.protocol !== 'SSL') return [];
      const names = d.policyNames ?? [];
      if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw ci.malformed(`configuration.listenerDescriptions.${i}.policyNames`, 'an array of strings');
      return [{ port: String(l.loadBalancerPort), names: names as string[] }];
    });
    if (tls.length === 0) return notApplicable('the balancer has no HTTPS or SSL listener');
    const off = tls.filter(({ names }) => !names.some((n) => n === wanted || references.get(n) === wanted));
    return verdict(off.length === 0, `HTTPS/SSL listeners use ${wanted}`, `listener(s) on port ${off.map((l) => `${l.port} (${l.names.join(', ') || 'no policy'})`).join(', ')} do not use ${wanted}`);
  },
});
