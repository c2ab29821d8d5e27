// elb-tls-https-listeners-only: every Classic Load Balancer listener is HTTPS or SSL.
// No parameters. A balancer without listeners is NOT_APPLICABLE.
import { defineRuleEvaluator, compliant, nonCompliant, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'ELB_TLS_HTTPS_LISTENERS_ONLY',
  resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const descs = ci.objects('configuration.listenerDescriptions');
    if (descs.length === 0) return notApplicable('no listeners');
    const plain = descs.flatMap((d, i) => {
      const l = d.listener as Record<string, unknown> | undefined;
      if (!l || typeof l.protocol !== 'string') throw ci.malformed(`configuration.listenerDescriptions.${i}.listener.protocol`, 'a string');
      return l.protocol === 'HTTPS' || l.protocol === 'SSL' ? [] : [`${l.protocol}:${String(l.loadBalancerPort)}`];
    });
    return plain.length === 0 ? compliant('all listeners are HTTPS or SSL') : nonCompliant(`plaintext listeners: ${plain.join(', ')}`);
  },
});
