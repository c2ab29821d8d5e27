// api-gw-ssl-enabled: the REST API stage has a client certificate for calls to the backend.
// Parameter CertificateIDs (optional CSV): when set, the certificate must be one of them.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'API_GW_SSL_ENABLED',
  resourceTypes: ['AWS::ApiGateway::Stage'],
  parameters: { CertificateIDs: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    ci.reqStr('configuration.stageName');
    const cert = ci.optStr('configuration.clientCertificateId');
    if (!cert) return nonCompliant('no client certificate');
    const allowed = params.list('CertificateIDs');
    if (allowed.length > 0 && !allowed.includes(cert)) return nonCompliant(`client certificate ${cert} is not in CertificateIDs`);
    return compliant(`client certificate ${cert}`);
  },
});
