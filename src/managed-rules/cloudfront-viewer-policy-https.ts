// cloudfront-viewer-policy-https: no cache behavior lets viewers use plain HTTP (viewer
// protocol policy "allow-all"). No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'CLOUDFRONT_VIEWER_POLICY_HTTPS',
  resourceTypes: ['AWS::CloudFront::Distribution'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const policies = [ci.reqStr('configuration.distributionConfig.defaultCacheBehavior.viewerProtocolPolicy')];
    const items = ci.optObj('configuration.distributionConfig.cacheBehaviors') ? ci.objects('configuration.distributionConfig.cacheBehaviors.items', false) : [];
    items.forEach((b, i) => {
      if (typeof b.viewerProtocolPolicy !== 'string') throw ci.malformed(`configuration.distributionConfig.cacheBehaviors.items.${i}.viewerProtocolPolicy`, 'a string');
      policies.push(b.viewerProtocolPolicy);
    });
    const open = policies.filter((p) => p === 'allow-all').length;
    return verdict(open === 0, 'every behavior requires HTTPS or redirects to it', `${open} cache behavior(s) allow HTTP`);
  },
});
