// s3-default-encryption-kms: default encryption must use AWS KMS (aws:kms or aws:kms:dsse).
// Parameter kmsKeyArns (optional): comma-separated key ARNs; when set, the default key must be one.
// The rule is also triggered by AWS::KMS::Key changes; a key itself is NOT_APPLICABLE here.
import { defineRuleEvaluator, compliant, nonCompliant, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'S3_DEFAULT_ENCRYPTION_KMS',
  resourceTypes: ['AWS::S3::Bucket', 'AWS::KMS::Key'],
  parameters: { kmsKeyArns: undefined },
  fields: ['supplementaryConfiguration'],
  evaluate({ ci, params }) {
    if (ci.resourceType !== 'AWS::S3::Bucket') return notApplicable('only buckets are judged');
    const rules = ci.objects('supplementaryConfiguration.ServerSideEncryptionConfiguration.rules', false);
    const kms = rules
      .map((r) => (r.applyServerSideEncryptionByDefault ?? {}) as Record<string, unknown>)
      .filter((d) => d.sseAlgorithm === 'aws:kms' || d.sseAlgorithm === 'aws:kms:dsse');
    if (kms.length === 0) return nonCompliant('default encryption does not use AWS KMS');
    const allowed = params.list('kmsKeyArns');
    if (allowed.length > 0) {
      const key = kms[0]!.kmsMasterKeyID;
      if (typeof key !== 'string' || !allowed.includes(key)) return nonCompliant(`default KMS key ${String(key ?? '(AWS managed)')} is not in kmsKeyArns`);
    }
    return compliant('default encryption uses AWS KMS');
  },
});
