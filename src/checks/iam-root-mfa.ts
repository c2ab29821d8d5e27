// Judges the account's root user sign-in protection.
// COMPLIANT: IAM's account summary reports AccountMFAEnabled = 1.
import { defineCheck } from './define.ts';

export const iamRootMfa = defineCheck({
  id: 'iam-root-mfa',
  title: 'The root user has MFA enabled',
  rationale: 'The root user can do anything in the account, including closing it and changing billing, and its permissions cannot be limited by IAM policies; a password alone is too weak a guard for it.',
  remediation: 'Sign in to the AWS console as the root user, then console > account menu > Security credentials > Multi-factor authentication (MFA) > Assign MFA device; a hardware security key is the strongest choice.',
  resourceType: 'AWS::::Account',
  uses: ['iam-account-summary'],
  evaluate({ 'iam-account-summary': ds }, target) {
    const v = ds.SummaryMap.AccountMFAEnabled;
    if (v === undefined) return { kind: 'error', reason: 'GetAccountSummary did not report AccountMFAEnabled' };
    return {
      kind: 'evaluated',
      results: [
        v === 1
          ? { resourceType: 'AWS::::Account', resourceId: target.account, compliance: 'COMPLIANT' }
          : { resourceType: 'AWS::::Account', resourceId: target.account, compliance: 'NON_COMPLIANT', annotation: 'the root user has no MFA device (AccountMFAEnabled = 0)' },
      ],
    };
  },
});
