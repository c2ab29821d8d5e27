// sagemaker-notebook-instance-kms-key-configured: the notebook instance's volume uses a KMS key.
// Parameter keyArns (optional CSV): when set, the key must be one of them.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED',
  resourceTypes: ['AWS::SageMaker::NotebookInstance'],
  parameters: { keyArns: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    ci.reqStr('configuration.NotebookInstanceName');
    const key = ci.optStr('configuration.KmsKeyId');
    if (!key) return nonCompliant('no KMS key configured');
    const allowed = params.list('keyArns');
    if (allowed.length > 0 && !allowed.includes(key)) return nonCompliant(`KMS key ${key} is not in keyArns`);
    return compliant(`KMS key ${key}`);
  },
});
