// iam-customer-policy-blocked-kms-actions: the customer managed policy's default version does not
// allow the blocked KMS actions on KMS keys. Parameters: blockedActionsPatterns (required, CSV of
// action patterns such as "kms:Decrypt,kms:ReEncrypt*"; no default, so an unset value raises
// InvalidParameterError), excludePermissionBoundaryPolicy (optional, default 'false').
// Judgement: actions overlap when either pattern matches the other; statements reach KMS keys
// when a resource is "*" or a KMS ARN.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';
import { defaultPolicyDocument } from './lib/policy-document.ts';
import { blockedKmsActions, blockedPatterns } from './lib/kms-actions.ts';

export default defineRuleEvaluator({
  rule: 'IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS',
  resourceTypes: ['AWS::IAM::Policy'],
  parameters: { blockedActionsPatterns: undefined, excludePermissionBoundaryPolicy: 'false' },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const patterns = blockedPatterns('IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS', ci.resourceId, params);
    if (params.bool('excludePermissionBoundaryPolicy') === true && (ci.optNum('configuration.permissionsBoundaryUsageCount') ?? 0) > 0 && ci.reqNum('configuration.attachmentCount') === 0) {
      return notApplicable('used only as a permissions boundary');
    }
    const hits = blockedKmsActions(defaultPolicyDocument(ci), patterns);
    return verdict(hits.length === 0, 'no blocked KMS action is allowed', `allows blocked KMS actions: ${[...new Set(hits)].join(', ')}`);
  },
});
