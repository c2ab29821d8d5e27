// Judges the account's IAM password policy.
// COMPLIANT: a policy exists requiring at least 14 characters, upper- and lower-case letters, numbers and symbols, preventing reuse of the last 24 passwords, and expiring passwords within 90 days.
import { defineCheck } from './define.ts';
import type { PasswordPolicy } from '../domain/index.ts';

/** What the policy must require: the AWS managed rule IAM_PASSWORD_POLICY's defaults (CIS: length 14, reuse 24). */
function weaknesses(p: PasswordPolicy): string[] {
  const out: string[] = [];
  if ((p.MinimumPasswordLength ?? 0) < 14) out.push(`minimum length ${p.MinimumPasswordLength ?? 'unset'} < 14`);
  if ((p.PasswordReusePrevention ?? 0) < 24) out.push(`reuse prevention ${p.PasswordReusePrevention ?? 'off'} < 24`);
  if (!p.RequireUppercaseCharacters) out.push('upper-case letters not required');
  if (!p.RequireLowercaseCharacters) out.push('lower-case letters not required');
  if (!p.RequireNumbers) out.push('numbers not required');
  if (!p.RequireSymbols) out.push('symbols not required');
  if (p.MaxPasswordAge === undefined || p.MaxPasswordAge > 90) out.push(`passwords expire after ${p.MaxPasswordAge ?? 'never'} (> 90 days)`);
  return out;
}

export const iamPasswordPolicyStrong = defineCheck({
  id: 'iam-password-policy-strong',
  title: 'The IAM password policy is strong (length 14+, reuse prevention 24, all character classes, 90-day expiry)',
  rationale: 'Without a strong policy IAM users may choose short or reused passwords, which are the easiest credentials to guess or to reuse after another site\'s breach.',
  remediation: 'Set the policy: IAM console > Account settings > Password policy > Edit, or `aws iam update-account-password-policy --minimum-password-length 14 --require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols --password-reuse-prevention 24 --max-password-age 90`.',
  resourceType: 'AWS::::Account',
  uses: ['iam-password-policy'],
  evaluate({ 'iam-password-policy': ds }, target) {
    const base = { resourceType: 'AWS::::Account', resourceId: target.account };
    if (!ds.PasswordPolicy) return { kind: 'evaluated', results: [{ ...base, compliance: 'NON_COMPLIANT', annotation: 'the account has no password policy (IAM defaults apply)' }] };
    const weak = weaknesses(ds.PasswordPolicy);
    return { kind: 'evaluated', results: [weak.length === 0 ? { ...base, compliance: 'COMPLIANT' } : { ...base, compliance: 'NON_COMPLIANT', annotation: weak.join('; ') }] };
  },
});
