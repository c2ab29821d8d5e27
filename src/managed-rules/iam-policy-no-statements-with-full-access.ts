// iam-policy-no-statements-with-full-access: the customer managed policy's default version has no
// Allow statement granting every action of a service ("s3:*") or every action ("*").
// Parameter excludePermissionBoundaryPolicy (optional, default false), as for the admin rule.
// A prefix wildcard (ec2:Describe*) is compliant, as documented. Judgement: Action "*" grants
// every service's actions, so it counts as full access too.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';
import { defaultPolicyDocument } from './lib/policy-document.ts';

export default defineRuleEvaluator({
  rule: 'IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS',
  resourceTypes: ['AWS::IAM::Policy'],
  parameters: { excludePermissionBoundaryPolicy: 'false' },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    if (params.bool('excludePermissionBoundaryPolicy') === true && (ci.optNum('configuration.permissionsBoundaryUsageCount') ?? 0) > 0 && ci.reqNum('configuration.attachmentCount') === 0) {
      return notApplicable('used only as a permissions boundary');
    }
    const full = defaultPolicyDocument(ci)
      .filter((s) => s.effect === 'Allow')
      .flatMap((s) => s.actions)
      .filter((a) => a === '*' || /^[A-Za-z0-9-]+:\*$/.test(a));
    return verdict(full.length === 0, 'no statement grants a whole service', `full access granted: ${[...new Set(full)].join(', ')}`);
  },
});
