// sagemaker-notebook-no-direct-internet-access: direct internet access is disabled on the
// notebook instance. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS',
  resourceTypes: ['AWS::SageMaker::NotebookInstance'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const access = ci.reqStr('configuration.DirectInternetAccess');
    return verdict(access === 'Disabled', 'direct internet access is disabled', `direct internet access is ${access}`);
  },
});
