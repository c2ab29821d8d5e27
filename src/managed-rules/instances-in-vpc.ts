// instances-in-vpc: the instance runs in a VPC.
// Parameter vpcId (optional): when set, the instance must be in that VPC.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'INSTANCES_IN_VPC',
  resourceTypes: ['AWS::EC2::Instance'],
  parameters: { vpcId: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    ci.reqStr('configuration.instanceId');
    const vpc = ci.optStr('configuration.vpcId');
    if (!vpc) return nonCompliant('the instance is not in a VPC');
    const want = params.str('vpcId');
    if (want !== undefined && vpc !== want) return nonCompliant(`the instance is in ${vpc}, not ${want}`);
    return compliant(`in ${vpc}`);
  },
});
