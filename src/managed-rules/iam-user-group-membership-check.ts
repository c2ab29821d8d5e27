// iam-user-group-membership-check: the IAM user belongs to at least one group.
// Parameter groupNames (optional CSV): when set, the user must belong to one of them.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'IAM_USER_GROUP_MEMBERSHIP_CHECK',
  resourceTypes: ['AWS::IAM::User'],
  parameters: { groupNames: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const groups = ci.strings('configuration.groupList');
    if (groups.length === 0) return nonCompliant('the user is in no group');
    const want = params.list('groupNames');
    if (want.length > 0 && !groups.some((g) => want.includes(g))) return nonCompliant(`the user is in none of ${want.join(', ')}`);
    return compliant(`member of ${groups.join(', ')}`);
  },
});
