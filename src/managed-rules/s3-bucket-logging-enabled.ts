// s3-bucket-logging-enabled: server access logging must deliver to a bucket.
// Parameters targetBucket, targetPrefix (optional): when set, the destination must match them.
// AWS records an unset logging configuration as an object with null fields, so that object is required.
import { defineRuleEvaluator, nonCompliant, compliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'S3_BUCKET_LOGGING_ENABLED',
  resourceTypes: ['AWS::S3::Bucket'],
  parameters: { targetBucket: undefined, targetPrefix: undefined },
  fields: ['supplementaryConfiguration'],
  evaluate({ ci, params }) {
    ci.reqObj('supplementaryConfiguration.BucketLoggingConfiguration');
    const dest = ci.optStr('supplementaryConfiguration.BucketLoggingConfiguration.destinationBucketName');
    if (!dest) return nonCompliant('server access logging is not enabled');
    const wantBucket = params.str('targetBucket');
    if (wantBucket !== undefined && dest !== wantBucket) return nonCompliant(`access logs go to ${dest}, not ${wantBucket}`);
    const wantPrefix = params.str('targetPrefix');
    const prefix = ci.optStr('supplementaryConfiguration.BucketLoggingConfiguration.logFilePrefix') ?? '';
    if (wantPrefix !== undefined && prefix !== wantPrefix) return nonCompliant(`access log prefix is "${prefix}", not "${wantPrefix}"`);
    return compliant(`server access logs go to ${dest}`);
  },
});
