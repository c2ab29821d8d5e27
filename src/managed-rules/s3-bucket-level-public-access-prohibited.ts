// s3-bucket-level-public-access-prohibited: all four bucket-level Block Public Access settings on.
// Parameter excludedPublicBuckets (optional): comma-separated bucket names that are exempt (COMPLIANT).
// Judgement: an item without PublicAccessBlockConfiguration means no bucket-level block is set
// (AWS omits the key then), so it is NON_COMPLIANT rather than malformed.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

const SETTINGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;

export default defineRuleEvaluator({
  rule: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
  resourceTypes: ['AWS::S3::Bucket'],
  parameters: { excludedPublicBuckets: undefined },
  fields: ['supplementaryConfiguration', 'resourceName'],
  evaluate({ ci, params }) {
    const name = ci.item.resourceName ?? ci.resourceId;
    if (params.list('excludedPublicBuckets').includes(name)) return compliant('bucket is listed in excludedPublicBuckets');
    const base = 'supplementaryConfiguration.PublicAccessBlockConfiguration';
    if (ci.optObj(base) === undefined) return nonCompliant('no bucket-level Block Public Access configuration');
    const off = SETTINGS.filter((s) => !ci.reqBool(`${base}.${s}`));
    return off.length === 0 ? compliant('all four Block Public Access settings are on') : nonCompliant(`Block Public Access settings off: ${off.join(', ')}`);
  },
});
