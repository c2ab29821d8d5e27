// ec2-imdsv2-check: the instance metadata service requires session tokens (IMDSv2). No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'EC2_IMDSV2_CHECK',
  resourceTypes: ['AWS::EC2::Instance'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const tokens = ci.reqStr('configuration.metadataOptions.httpTokens');
    return verdict(tokens === 'required', 'IMDSv2 is required', `metadata httpTokens is ${tokens}`);
  },
});
