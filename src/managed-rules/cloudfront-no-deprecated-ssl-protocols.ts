// cloudfront-no-deprecated-ssl-protocols: CloudFront reaches none of the distribution's custom
// origins with the deprecated SSLv3. No parameters. Reads each origin's
// customOriginConfig.originSslProtocols.items (SSLv3, TLSv1, TLSv1.1 or TLSv1.2). As the page says,
// the distribution fails when any origin's list includes SSLv3, and passes otherwise. Judgements:
// only custom origins have the setting, so a distribution with S3 origins only has nothing that
// includes SSLv3 and passes; CloudFront returns the protocol list for every custom origin, so a
// custom origin without it, a list that is not a list of strings, or a protocol other than those
// four is malformed, as is a distribution without origins.
import { defineRuleEvaluator, verdict, isRecord } from './define.ts';

const PROTOCOLS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2'];
const ORIGINS = 'configuration.distributionConfig.origins.items';

export default defineRuleEvaluator({
  rule: 'CLOUDFRONT_NO_DEPRECATED_SSL_PROTOCOLS',
  resourceTypes: ['AWS::CloudFront::Distribution'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const origins = ci.objects(ORIGINS);
    if (origins.length === 0) throw ci.malformed(ORIGINS, 'a non-empty array');
    const deprecated = origins.flatMap((o, i) => {
      const c = o.customOriginConfig;
      if (c === undefined || c === null) return [];
      const path = `${ORIGINS}.${i}.customOriginConfig.originSslProtocols.items`;
      const protocols = isRecord(c) && isRecord(c.originSslProtocols) ? c.originSslProtocols.items : undefined;
      if (!Array.isArray(protocols) || protocols.length === 0 || !protocols.every((p) => typeof p === 'string' && PROTOCOLS.includes(p))) throw ci.malformed(path, `a non-empty list of ${PROTOCOLS.join(', ')}`);
      return protocols.includes('SSLv3') ? [typeof o.id === 'string' ? o.id : `#${i + 1}`] : [];
    });
    return verdict(deprecated.length === 0, 'no origin allows SSLv3', `origin(s) ${deprecated.join(', ')} allow the deprecated SSLv3`);
  },
});
