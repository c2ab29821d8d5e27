// The KMS statements of the sandbox's IAM items (customer managed policies and users' inline
// policies), for the two *_BLOCKED_KMS_ACTIONS rules. Their required parameter has no default, so
// the sandbox fixes one value (SANDBOX_RULE_PARAMETERS): its deployed rules answer it in
// InputParameters, and a run without rules deployed passes it as rule parameters.
import { unit } from '../prng.ts';
import type { OrgModel, ResourceKind, ResourceRef } from '../org.ts';
import type { Compliance } from './config-facts.ts';

export const IAM_ITEM_RULES: Record<string, ResourceKind> = {
  IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS: 'policy',
  IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS: 'user',
};

/** The parameters the sandbox's verdicts for these rules assume (the rationale's decrypt actions). */
export const SANDBOX_RULE_PARAMETERS: Record<string, Record<string, string>> = {
  IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS: { blockedActionsPatterns: 'kms:Decrypt,kms:ReEncryptFrom' },
  IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS: { blockedActionsPatterns: 'kms:Decrypt,kms:ReEncryptFrom' },
  // Also required without a default: the sample conformance packs' values.
  ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK: { predefinedPolicyName: 'ELBSecurityPolicy-TLS-1-2-2017-01' },
  // Required too: the sample packs allow every type, which no API fails; the sandbox leaves out
  // edge-optimized APIs, so both verdicts occur.
  API_GW_ENDPOINT_TYPE_CHECK: { endpointConfigurationTypes: 'REGIONAL, PRIVATE' },
  ECS_NO_ENVIRONMENT_SECRETS: { secretKeys: 'AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ECS_ENGINE_AUTH_DATA' },
  S3_BUCKET_BLACKLISTED_ACTIONS_PROHIBITED: { blacklistedActionPattern: 's3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl' },
};

/**
 * The verdicts, derived from the rules the same items already reproduce: Action "*" on Resource "*"
 * allows kms:Decrypt on every key, and a user without an inline policy has nothing to block. Of
 * the others, a fixed share of the resources allows a blocked action (a seeded draw, not the
 * generic seeded verdict, so that on every seed both outcomes occur); they change from day to day
 * as admin access and inline policies drift.
 */
export function iamCompliance(org: OrgModel, sid: string, account: string, region: string, res: ResourceRef, day: number): Compliance | undefined {
  const v = (rule: string): Compliance => org.config.verdict(rule, account, region, res, day).compliance;
  const draw = (share: number): Compliance => (unit(org.seed, sid, account, res.id, 'blocked') < share ? 'NON_COMPLIANT' : 'COMPLIANT');
  if (sid === 'IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS') return v('IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS') === 'NON_COMPLIANT' ? 'NON_COMPLIANT' : draw(0.25);
  if (sid === 'IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS') return v('IAM_NO_INLINE_POLICY_CHECK') === 'NON_COMPLIANT' ? draw(0.4) : 'COMPLIANT';
  return undefined;
}

/**
 * The KMS statement a policy document gets: a blocked action (spelled exactly or as a wildcard
 * that covers one) where the rule fails, else on about half the resources actions the rule allows
 * (encrypting with a key is not decrypting), so a KMS statement alone never decides the verdict.
 */
export function kmsStatements(org: OrgModel, account: string, res: ResourceRef, verdict: Compliance): Record<string, unknown>[] {
  const keys = `arn:aws:kms:*:${account}:key/*`;
  const draw = unit(org.seed, res.id, 'kms-statement');
  if (verdict === 'NON_COMPLIANT') return [{ Effect: 'Allow', Action: draw < 0.5 ? ['kms:Decrypt'] : ['kms:DescribeKey', 'kms:ReEncrypt*'], Resource: keys }];
  if (draw < 0.5) return [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: keys }];
  // A denied decrypt allows nothing.
  if (draw < 0.6) return [{ Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }];
  return [];
}
