// sns-encrypted-kms: the topic is encrypted with an AWS KMS key.
// Parameter kmsKeyIds (optional CSV): when set, the key must be one of them.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'SNS_ENCRYPTED_KMS',
  resourceTypes: ['AWS::SNS::Topic'],
  parameters: { kmsKeyIds: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    ci.reqStr('configuration.TopicArn');
    const key = ci.optStr('configuration.KmsMasterKeyId');
    if (!key) return nonCompliant('the topic is not encrypted with KMS');
    const allowed = params.list('kmsKeyIds');
    if (allowed.length > 0 && !allowed.includes(key)) return nonCompliant(`KMS key ${key} is not in kmsKeyIds`);
    return compliant(`encrypted with ${key}`);
  },
});
