// cloudfront-custom-ssl-certificate: the distribution serves a custom certificate (ACM or IAM),
// not the default *.cloudfront.net one. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'CLOUDFRONT_CUSTOM_SSL_CERTIFICATE',
  resourceTypes: ['AWS::CloudFront::Distribution'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const base = 'configuration.distributionConfig.viewerCertificate';
    ci.reqObj(base);
    const custom = Boolean(ci.optStr(`${base}.acmCertificateArn`) || ci.optStr(`${base}.iamCertificateId`)) && ci.optBool(`${base}.cloudFrontDefaultCertificate`) !== true;
    return verdict(custom, 'a custom certificate is served', 'the default CloudFront certificate is served');
  },
});
