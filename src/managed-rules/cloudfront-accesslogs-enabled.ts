// cloudfront-accesslogs-enabled: standard access logging is on for the distribution.
// Parameter S3BucketName (optional): when set, logs must go to this bucket.
// Judgement: the item names the bucket by its domain (name.s3.amazonaws.com); the bucket
// name is compared with that domain's first label.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'CLOUDFRONT_ACCESSLOGS_ENABLED',
  resourceTypes: ['AWS::CloudFront::Distribution'],
  parameters: { S3BucketName: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const base = 'configuration.distributionConfig.logging';
    if (!ci.reqBool(`${base}.enabled`)) return nonCompliant('access logging is off');
    const bucket = ci.optStr(`${base}.bucket`) ?? '';
    const want = params.str('S3BucketName');
    if (want !== undefined && bucket.replace(/\.s3(\.[a-z0-9-]+)?\.amazonaws\.com$/, '') !== want) return nonCompliant(`logs go to ${bucket}, not ${want}`);
    return compliant(`logs go to ${bucket}`);
  },
});
