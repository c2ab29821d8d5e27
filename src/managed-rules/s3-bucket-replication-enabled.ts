// s3-bucket-replication-enabled: the bucket has at least one enabled replication rule.
// Parameter ReplicationType (optional: 'CROSS-REGION' or 'SAME-REGION') is not judged here: the
// destination bucket's region is not in this item, so a set ReplicationType raises an error.
// The item keeps replication rules as a map keyed by rule id (how the S3 SDK models them, hence
// absent from the published schema); a list of rules is read too.
import { defineRuleEvaluator, verdict, isRecord, InvalidParameterError } from './define.ts';

export default defineRuleEvaluator({
  rule: 'S3_BUCKET_REPLICATION_ENABLED',
  resourceTypes: ['AWS::S3::Bucket'],
  parameters: { ReplicationType: undefined },
  fields: ['supplementaryConfiguration'],
  evaluate({ ci, params }) {
    if (params.str('ReplicationType') !== undefined) {
      throw new InvalidParameterError('S3_BUCKET_REPLICATION_ENABLED', ci.resourceId, 'ReplicationType', 'needs the destination bucket region, which the item does not hold');
    }
    const path = 'supplementaryConfiguration.BucketReplicationConfiguration.rules';
    const raw = ci.get(path);
    if (raw !== undefined && !isRecord(raw) && !Array.isArray(raw)) throw ci.malformed(path, 'a map or list of rules');
    const rules = raw === undefined ? [] : Array.isArray(raw) ? raw : Object.values(raw);
    rules.forEach((r, i) => {
      if (!isRecord(r)) throw ci.malformed(`${path}.${i}`, 'a rule object');
    });
    const on = (rules as Record<string, unknown>[]).filter((r) => r.status === 'Enabled').length;
    return verdict(on > 0, `${on} replication rule(s) enabled`, 'no enabled replication rule');
  },
});
