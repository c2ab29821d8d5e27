import { describe, expect, it } from 'vitest';
import { item, ruleCases } from './helpers.ts';
import { InvalidParameterError, ruleEvaluator } from '../../src/managed-rules/index.ts';

const RULE = 'ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK';
const params = { predefinedPolicyName: 'ELBSecurityPolicy-TLS-1-2-2017-01' };
const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

type Listener = { protocol: string; port?: number; policyNames?: unknown };
// A Classic Load Balancer item with these listeners and recorded policies.
function balancer(listeners: Listener[], policies?: unknown): ReturnType<typeof item> {
  return item('AWS::ElasticLoadBalancing::LoadBalancer', {
    resourceId: 'web-lb',
    configuration: {
      loadBalancerName: 'web-lb',
      scheme: 'internet-facing',
      listenerDescriptions: listeners.map(({ protocol, port, policyNames }) => ({
        listener: { protocol, loadBalancerPort: port ?? (protocol === 'HTTP' ? 80 : 443), instanceProtocol: 'HTTP', instancePort: 8080, ...(protocol === 'HTTPS' || protocol === 'SSL' ? { sslcertificateId: CERT } : {}) },
        policyNames: policyNames ?? [],
      })),
    },
    supplementaryConfiguration: policies === undefined ? {} : { LoadBalancerPolicies: policies },
  });
}
const negotiation = (name: string, reference: string) => ({
  policyName: name,
  policyTypeName: 'SSLNegotiationPolicyType',
  policyAttributeDescriptions: [
    { attributeName: 'Reference-Security-Policy', attributeValue: reference },
    { attributeName: 'Protocol-TLSv1.2', attributeValue: 'true' },
  ],
});

ruleCases('ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK', {
  compliant: [
    { name: 'HTTPS listener with the predefined policy', item: balancer([{ protocol: 'HTTPS', policyNames: [params.predefinedPolicyName] }]), params },
    { name: 'HTTP beside HTTPS, both TLS listeners on the policy', item: balancer([{ protocol: 'HTTP' }, { protocol: 'HTTPS', policyNames: [params.predefinedPolicyName] }, { protocol: 'SSL', port: 8443, policyNames: [params.predefinedPolicyName] }]), params },
    { name: 'custom-named policy referencing the predefined one', item: balancer([{ protocol: 'HTTPS', policyNames: ['AWSConsole-SSLNegotiationPolicy-web-lb-1700000000000'] }], [negotiation('AWSConsole-SSLNegotiationPolicy-web-lb-1700000000000', params.predefinedPolicyName)]), params },
  ],
  nonCompliant: [
    { name: 'older predefined policy', item: balancer([{ protocol: 'HTTPS', policyNames: ['ELBSecurityPolicy-2016-08'] }]), params },
    { name: 'one SSL listener of two on another policy', item: balancer([{ protocol: 'HTTPS', policyNames: [params.predefinedPolicyName] }, { protocol: 'SSL', port: 8443, policyNames: ['ELBSecurityPolicy-2016-08'] }]), params },
    { name: 'custom policy referencing another predefined one', item: balancer([{ protocol: 'HTTPS', policyNames: ['my-tls'] }], [negotiation('my-tls', 'ELBSecurityPolicy-2015-05')]), params },
    { name: 'HTTPS listener without a policy', item: balancer([{ protocol: 'HTTPS' }]), params },
  ],
  notApplicable: [
    { name: 'plain HTTP only', item: balancer([{ protocol: 'HTTP' }, { protocol: 'TCP', port: 22 }]), params },
    { name: 'not a Classic Load Balancer', item: item('AWS::ElasticLoadBalancingV2::LoadBalancer', { configuration: {} }), params },
  ],
  malformed: [
    { name: 'no listeners recorded', item: item('AWS::ElasticLoadBalancing::LoadBalancer', { configuration: { loadBalancerName: 'web-lb' } }), params },
    { name: 'listener without a protocol', item: balancer([{ protocol: undefined as unknown as string }]), params },
    { name: 'policy names not strings', item: balancer([{ protocol: 'HTTPS', policyNames: [3] }]), params },
    { name: 'recorded policy without a name', item: balancer([{ protocol: 'HTTPS', policyNames: ['x'] }], [{ policyTypeName: 'SSLNegotiationPolicyType' }]), params },
  ],
});

describe(`${RULE} predefinedPolicyName`, () => {
  it('is required', () => {
    expect(() => ruleEvaluator(RULE)!.evaluate(balancer([{ protocol: 'HTTPS', policyNames: ['ELBSecurityPolicy-2016-08'] }]))).toThrow(InvalidParameterError);
  });
});
