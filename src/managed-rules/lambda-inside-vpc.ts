// lambda-inside-vpc: the function is connected to a VPC (has subnets).
// Parameter subnetIds (optional CSV): when set, the function must use only these subnets.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'LAMBDA_INSIDE_VPC',
  resourceTypes: ['AWS::Lambda::Function'],
  parameters: { subnetIds: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    ci.reqStr('configuration.functionName');
    const subnets = ci.optObj('configuration.vpcConfig') ? ci.strings('configuration.vpcConfig.subnetIds', false) : [];
    if (subnets.length === 0) return nonCompliant('the function is not connected to a VPC');
    const allowed = params.list('subnetIds');
    const other = allowed.length > 0 ? subnets.filter((s) => !allowed.includes(s)) : [];
    if (other.length > 0) return nonCompliant(`subnets not in subnetIds: ${other.join(', ')}`);
    return compliant(`in subnets ${subnets.join(', ')}`);
  },
});
