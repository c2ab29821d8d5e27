// secretsmanager-using-cmk: the secret is encrypted with a customer managed KMS key, not the
// AWS managed aws/secretsmanager key. Parameter kmsKeyArns (optional CSV).
// Judgement: KMSKeyId is absent when the AWS managed key is used; an alias ARN ending
// alias/aws/secretsmanager is that key too.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'SECRETSMANAGER_USING_CMK',
  resourceTypes: ['AWS::SecretsManager::Secret'],
  parameters: { kmsKeyArns: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    ci.reqStr('configuration.Name');
    const key = ci.optStr('configuration.KMSKeyId');
    if (!key || key.endsWith('alias/aws/secretsmanager')) return nonCompliant('encrypted with the AWS managed key');
    const allowed = params.list('kmsKeyArns');
    if (allowed.length > 0 && !allowed.includes(key)) return nonCompliant(`KMS key ${key} is not in kmsKeyArns`);
    return compliant(`encrypted with ${key}`);
  },
});
