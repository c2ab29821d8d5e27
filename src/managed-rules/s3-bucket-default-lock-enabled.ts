// s3-bucket-default-lock-enabled: S3 Object Lock is enabled on the bucket. Parameter mode
// (optional: GOVERNANCE or COMPLIANCE): when set, the bucket's default retention must use that
// mode too. Judgement: unset, the rule asks only for Object Lock enabled, not for a default
// retention rule. A bucket without Object Lock has no ObjectLockConfiguration in its item.
import { defineRuleEvaluator, verdict, compliant, nonCompliant, InvalidParameterError } from './define.ts';

const LOCK = 'supplementaryConfiguration.ObjectLockConfiguration';
const MODES = ['GOVERNANCE', 'COMPLIANCE'];

export default defineRuleEvaluator({
  rule: 'S3_BUCKET_DEFAULT_LOCK_ENABLED',
  resourceTypes: ['AWS::S3::Bucket'],
  parameters: { mode: undefined },
  fields: ['supplementaryConfiguration'],
  evaluate({ ci, params }) {
    const mode = params.str('mode');
    if (mode !== undefined && !MODES.includes(mode)) throw new InvalidParameterError('S3_BUCKET_DEFAULT_LOCK_ENABLED', ci.resourceId, 'mode', `${JSON.stringify(mode)} is not GOVERNANCE or COMPLIANCE`);
    if (ci.optObj(LOCK) === undefined) return nonCompliant('Object Lock is not enabled on the bucket');
    const enabled = ci.reqStr(`${LOCK}.objectLockEnabled`);
    if (enabled !== 'Enabled') return nonCompliant(`Object Lock is ${enabled}`);
    if (mode === undefined) return compliant('Object Lock is enabled');
    const got = ci.optStr(`${LOCK}.rule.defaultRetention.mode`);
    return verdict(got === mode, `Object Lock is enabled with default retention in ${mode} mode`, got === undefined ? `Object Lock is enabled without a default retention (wanted ${mode} mode)` : `default retention is in ${got} mode, not ${mode}`);
  },
});
