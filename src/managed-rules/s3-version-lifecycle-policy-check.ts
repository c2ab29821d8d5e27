// s3-version-lifecycle-policy-check: a bucket with versioning enabled has an enabled lifecycle
// rule. Parameter bucketNames (optional CSV). A bucket whose versioning is not Enabled (never
// turned on, or Suspended) is NOT_APPLICABLE. Judgement: the documentation does not say how
// bucketNames changes the verdict; it is read as the buckets in scope, the others NOT_APPLICABLE.
// Config records the lifecycle rules as a list; no BucketLifecycleConfiguration means none.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'S3_VERSION_LIFECYCLE_POLICY_CHECK',
  resourceTypes: ['AWS::S3::Bucket'],
  parameters: { bucketNames: undefined },
  fields: ['supplementaryConfiguration', 'resourceName'],
  evaluate({ ci, params }) {
    const names = params.list('bucketNames');
    const name = ci.item.resourceName ?? ci.resourceId;
    if (names.length > 0 && !names.includes(name)) return notApplicable('bucket is not listed in bucketNames');
    const status = ci.reqStr('supplementaryConfiguration.BucketVersioningConfiguration.status');
    if (status !== 'Enabled') return notApplicable(`versioning is ${status}`);
    const rules = ci.objects('supplementaryConfiguration.BucketLifecycleConfiguration.rules', false);
    rules.forEach((r, i) => {
      if (typeof r.status !== 'string') throw ci.malformed(`supplementaryConfiguration.BucketLifecycleConfiguration.rules.${i}.status`, 'a string');
    });
    const on = rules.filter((r) => r.status === 'Enabled').length;
    return verdict(on > 0, `${on} lifecycle rule(s) enabled`, 'versioning is enabled but no lifecycle rule is');
  },
});
