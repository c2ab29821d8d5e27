// iam-no-inline-policy-check: IAM users, roles and groups have no inline policies. No parameters.
// Judgement: service-linked roles (path /aws-service-role/) are managed by AWS and not judged.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';

const LIST: Record<string, string> = {
  'AWS::IAM::User': 'configuration.userPolicyList',
  'AWS::IAM::Role': 'configuration.rolePolicyList',
  'AWS::IAM::Group': 'configuration.groupPolicyList',
};

export default defineRuleEvaluator({
  rule: 'IAM_NO_INLINE_POLICY_CHECK',
  resourceTypes: ['AWS::IAM::Group', 'AWS::IAM::Role', 'AWS::IAM::User'],
  fields: ['configuration'],
  evaluate({ ci }) {
    if (ci.resourceType === 'AWS::IAM::Role' && ci.optStr('configuration.path')?.startsWith('/aws-service-role/')) {
      return notApplicable('service-linked role');
    }
    const n = ci.reqArr(LIST[ci.resourceType]!).length;
    return verdict(n === 0, 'no inline policies', `${n} inline polic${n === 1 ? 'y' : 'ies'}`);
  },
});
