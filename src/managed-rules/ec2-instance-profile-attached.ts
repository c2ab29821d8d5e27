// ec2-instance-profile-attached: an IAM instance profile is attached. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'EC2_INSTANCE_PROFILE_ATTACHED',
  resourceTypes: ['AWS::EC2::Instance'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqStr('configuration.instanceId');
    const arn = ci.optStr('configuration.iamInstanceProfile.arn');
    return verdict(Boolean(arn), `instance profile ${arn}`, 'no instance profile attached');
  },
});
