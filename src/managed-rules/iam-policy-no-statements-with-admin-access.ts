// iam-policy-no-statements-with-admin-access: the customer managed policy's default version has
// no Allow statement for Action "*" on Resource "*".
// Parameter excludePermissionBoundaryPolicy (optional, default false): 'true' makes policies used
// only as permissions boundaries NOT_APPLICABLE. Unattached policies are judged too (the rule
// evaluates every customer managed policy). The document is URL-encoded JSON in the item.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';
import { defaultPolicyDocument } from './lib/policy-document.ts';

export default defineRuleEvaluator({
  rule: 'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS',
  resourceTypes: ['AWS::IAM::Policy'],
  parameters: { excludePermissionBoundaryPolicy: 'false' },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    if (params.bool('excludePermissionBoundaryPolicy') === true && (ci.optNum('configuration.permissionsBoundaryUsageCount') ?? 0) > 0 && ci.reqNum('configuration.attachmentCount') === 0) {
      return notApplicable('used only as a permissions boundary');
    }
    const admin = defaultPolicyDocument(ci).some((s) => s.effect === 'Allow' && s.actions.includes('*') && s.resources.includes('*'));
    return verdict(!admin, 'no statement allows * on *', 'a statement allows Action * on Resource *');
  },
});
