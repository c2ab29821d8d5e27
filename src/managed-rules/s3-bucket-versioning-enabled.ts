// s3-bucket-versioning-enabled: versioning must be Enabled (Suspended or never enabled fails).
// Parameter isMfaDeleteEnabled (optional): when 'true', MFA delete must be on as well.
import { defineRuleEvaluator, verdict, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'S3_BUCKET_VERSIONING_ENABLED',
  resourceTypes: ['AWS::S3::Bucket'],
  parameters: { isMfaDeleteEnabled: undefined },
  fields: ['supplementaryConfiguration'],
  evaluate({ ci, params }) {
    const status = ci.reqStr('supplementaryConfiguration.BucketVersioningConfiguration.status');
    if (status !== 'Enabled') return nonCompliant(`versioning is ${status}`);
    if (params.bool('isMfaDeleteEnabled') === true) {
      const mfa = ci.optBool('supplementaryConfiguration.BucketVersioningConfiguration.isMfaDeleteEnabled') === true;
      return verdict(mfa, 'versioning and MFA delete are enabled', 'versioning is enabled but MFA delete is not');
    }
    return compliant('versioning is enabled');
  },
});
