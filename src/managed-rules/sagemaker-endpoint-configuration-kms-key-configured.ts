// sagemaker-endpoint-configuration-kms-key-configured: the endpoint configuration encrypts its
// storage volumes with a KMS key. Parameter keyArns (optional CSV): when set, the key must be one.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED',
  resourceTypes: ['AWS::SageMaker::EndpointConfig'],
  parameters: { keyArns: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    ci.reqStr('configuration.EndpointConfigName');
    const key = ci.optStr('configuration.KmsKeyId');
    if (!key) return nonCompliant('no KMS key configured');
    const allowed = params.list('keyArns');
    if (allowed.length > 0 && !allowed.includes(key)) return nonCompliant(`KMS key ${key} is not in keyArns`);
    return compliant(`KMS key ${key}`);
  },
});
