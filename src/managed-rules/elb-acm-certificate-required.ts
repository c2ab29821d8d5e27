// elb-acm-certificate-required: the Classic Load Balancer's TLS listeners use ACM certificates.
// Parameter AcmCertificatesAllowed (optional CSV of certificate ARNs). Judgement: the guide does
// not say how a balancer without HTTPS/SSL listeners is judged; it serves no ACM certificate, so
// it is NON_COMPLIANT here.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'ELB_ACM_CERTIFICATE_REQUIRED',
  resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'],
  parameters: { AcmCertificatesAllowed: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const certs = ci.objects('configuration.listenerDescriptions').flatMap((d, i) => {
      const l = d.listener as Record<string, unknown> | undefined;
      if (!l || typeof l.protocol !== 'string') throw ci.malformed(`configuration.listenerDescriptions.${i}.listener.protocol`, 'a string');
      return (l.protocol === 'HTTPS' || l.protocol === 'SSL') && typeof l.sslcertificateId === 'string' ? [l.sslcertificateId] : [];
    });
    if (certs.length === 0) return nonCompliant('no TLS listener with a certificate');
    const notAcm = certs.filter((c) => !c.includes(':acm:'));
    if (notAcm.length > 0) return nonCompliant(`certificates not from ACM: ${notAcm.join(', ')}`);
    const allowed = params.list('AcmCertificatesAllowed');
    const other = allowed.length > 0 ? certs.filter((c) => !allowed.includes(c)) : [];
    if (other.length > 0) return nonCompliant(`certificates not in AcmCertificatesAllowed: ${other.join(', ')}`);
    return compliant('TLS listeners use ACM certificates');
  },
});
