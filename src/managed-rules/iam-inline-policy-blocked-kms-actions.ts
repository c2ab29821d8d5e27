// iam-inline-policy-blocked-kms-actions: no inline policy of the user, role or group allows the
// blocked KMS actions on KMS keys. Parameters: blockedActionsPatterns (required CSV, no default:
// unset raises InvalidParameterError), excludeRoleByManagementAccount (optional: it needs to know
// which roles the management account created, which the item does not say, so 'true' raises an
// error). Same overlap judgement as the customer-policy rule. Inline documents are URL-encoded.
import { defineRuleEvaluator, verdict, InvalidParameterError } from './define.ts';
import { statements } from './lib/policy-document.ts';
import { blockedKmsActions, blockedPatterns } from './lib/kms-actions.ts';

const RULE = 'IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS';

const LIST: Record<string, string> = {
  'AWS::IAM::User': 'configuration.userPolicyList',
  'AWS::IAM::Role': 'configuration.rolePolicyList',
  'AWS::IAM::Group': 'configuration.groupPolicyList',
};

export default defineRuleEvaluator({
  rule: RULE,
  resourceTypes: ['AWS::IAM::Group', 'AWS::IAM::Role', 'AWS::IAM::User'],
  parameters: { blockedActionsPatterns: undefined, excludeRoleByManagementAccount: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const patterns = blockedPatterns(RULE, ci.resourceId, params);
    if (params.bool('excludeRoleByManagementAccount') === true) {
      throw new InvalidParameterError(RULE, ci.resourceId, 'excludeRoleByManagementAccount', 'needs who created the role, which the item does not hold');
    }
    const path = LIST[ci.resourceType]!;
    const hits = ci.objects(path).flatMap((p, i) => {
      const name = typeof p.policyName === 'string' ? p.policyName : `#${i}`;
      return blockedKmsActions(statements(ci, `${path}.${i}.policyDocument`, p.policyDocument), patterns).map((a) => `${name}: ${a}`);
    });
    return verdict(hits.length === 0, 'no inline policy allows a blocked KMS action', `blocked KMS actions allowed by ${hits.join(', ')}`);
  },
});
