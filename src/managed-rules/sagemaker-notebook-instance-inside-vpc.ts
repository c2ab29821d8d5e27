// sagemaker-notebook-instance-inside-vpc: the notebook instance runs in a VPC subnet. Parameter
// SubnetIds (optional CSV): when set, that subnet must be one of them. A notebook launched outside
// a VPC has no SubnetId in its item.
import { defineRuleEvaluator, verdict, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC',
  resourceTypes: ['AWS::SageMaker::NotebookInstance'],
  parameters: { SubnetIds: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    ci.reqObj('configuration');
    const subnet = ci.optStr('configuration.SubnetId');
    if (subnet === undefined || subnet === '') return nonCompliant('the notebook instance is not in a VPC');
    const allowed = params.list('SubnetIds');
    if (allowed.length === 0) return compliant(`the notebook instance runs in subnet ${subnet}`);
    return verdict(allowed.includes(subnet), `subnet ${subnet} is in SubnetIds`, `subnet ${subnet} is not in SubnetIds`);
  },
});
