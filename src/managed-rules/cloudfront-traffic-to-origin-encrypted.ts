// cloudfront-traffic-to-origin-encrypted: CloudFront encrypts its traffic to the distribution's
// custom origins. No parameters. Reads each origin's customOriginConfig.originProtocolPolicy and,
// where one is match-viewer, the viewer protocol policies of the default and the other cache
// behaviors. As AWS documents the rule, the distribution fails when a custom origin's policy is
// http-only, or is match-viewer while a viewer protocol policy is allow-all.
// Judgements: the two policies are paired across the distribution as the rule's description
// pairs them, not per origin through the behaviors' targetOriginId (a per-origin reading could
// pass a distribution the managed rule fails); a distribution without custom origins (S3 origins
// only) has nothing the rule checks and passes; a protocol policy other than CloudFront's three
// (http-only, match-viewer, https-only) is malformed, as is a distribution without origins.
import { defineRuleEvaluator, compliant, nonCompliant, isRecord } from './define.ts';

const ORIGIN_POLICIES = ['http-only', 'match-viewer', 'https-only'];
const CONFIG = 'configuration.distributionConfig';

export default defineRuleEvaluator({
  rule: 'CLOUDFRONT_TRAFFIC_TO_ORIGIN_ENCRYPTED',
  resourceTypes: ['AWS::CloudFront::Distribution'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const origins = ci.objects(`${CONFIG}.origins.items`);
    if (origins.length === 0) throw ci.malformed(`${CONFIG}.origins.items`, 'a non-empty array');
    const custom = origins.flatMap((o, i) => {
      const c = o.customOriginConfig;
      if (c === undefined || c === null) return [];
      const path = `${CONFIG}.origins.items.${i}.customOriginConfig.originProtocolPolicy`;
      if (!isRecord(c) || typeof c.originProtocolPolicy !== 'string' || !ORIGIN_POLICIES.includes(c.originProtocolPolicy)) throw ci.malformed(path, ORIGIN_POLICIES.join(', '));
      return [{ id: typeof o.id === 'string' ? o.id : `#${i + 1}`, policy: c.originProtocolPolicy }];
    });
    if (custom.length === 0) return compliant('the distribution has no custom origin');
    const httpOnly = custom.filter((o) => o.policy === 'http-only').map((o) => o.id);
    if (httpOnly.length > 0) return nonCompliant(`custom origin(s) ${httpOnly.join(', ')} use http-only`);
    const matching = custom.filter((o) => o.policy === 'match-viewer').map((o) => o.id);
    if (matching.length > 0) {
      const policies = [ci.reqStr(`${CONFIG}.defaultCacheBehavior.viewerProtocolPolicy`)];
      const behaviors = ci.optObj(`${CONFIG}.cacheBehaviors`) ? ci.objects(`${CONFIG}.cacheBehaviors.items`, false) : [];
      behaviors.forEach((b, i) => {
        if (typeof b.viewerProtocolPolicy !== 'string') throw ci.malformed(`${CONFIG}.cacheBehaviors.items.${i}.viewerProtocolPolicy`, 'a string');
        policies.push(b.viewerProtocolPolicy);
      });
      const open = policies.filter((p) => p === 'allow-all').length;
      if (open > 0) return nonCompliant(`custom origin(s) ${matching.join(', ')} use match-viewer while ${open} cache behavior(s) allow HTTP (allow-all)`);
    }
    return compliant(`custom origin(s) ${custom.map((o) => o.id).join(', ')} are reached over HTTPS`);
  },
});
