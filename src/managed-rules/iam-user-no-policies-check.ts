// iam-user-no-policies-check: the IAM user has no policies attached directly (managed or inline).
// No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'IAM_USER_NO_POLICIES_CHECK',
  resourceTypes: ['AWS::IAM::User'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const managed = ci.reqArr('configuration.attachedManagedPolicies').length;
    const inline = ci.reqArr('configuration.userPolicyList').length;
    return verdict(managed + inline === 0, 'no policies attached to the user', `${managed} managed and ${inline} inline policies attached to the user`);
  },
});
