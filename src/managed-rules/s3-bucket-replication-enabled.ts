// s3-bucket-replication-enabled: the bucket has at least one enabled replication rule.
// Parameter ReplicationType (optional: 'CROSS-REGION' or 'SAME-REGION') is not judged here: the
// destination bucket's region is not in this item, so a set ReplicationType raises an error.
import { defineRuleEvaluator, verdict, InvalidParameterError } from './define.ts';

export default defineRuleEvaluator({
  rule: 'S3_BUCKET_REPLICATION_ENABLED',
  resourceTypes: ['AWS::S3::Bucket'],
  parameters: { ReplicationType: undefined },
  fields: ['supplementaryConfiguration'],
  evaluate({ ci, params }) {
    if (params.str('ReplicationType') !== undefined) {
      throw new InvalidParameterError('S3_BUCKET_REPLICATION_ENABLED', ci.resourceId, 'ReplicationType', 'needs the destination bucket region, which the item does not hold');
    }
    const rules = ci.objects('supplementaryConfiguration.BucketReplicationConfiguration.rules', false);
    const on = rules.filter((r) => r.status === 'Enabled').length;
    return verdict(on > 0, `${on} replication rule(s) enabled`, 'no enabled replication rule');
  },
});
