// Judges whether the root user has programmatic credentials.
// COMPLIANT: IAM's account summary reports AccountAccessKeysPresent = 0.
import { defineCheck } from './define.ts';

export const iamRootNoAccessKeys = defineCheck({
  id: 'iam-root-no-access-keys',
  title: 'The root user has no access keys',
  rationale: 'Root access keys give unrestricted API access to the whole account and cannot be limited by policy, so a leaked root key means full compromise; routine work never needs them.',
  remediation: 'Sign in to the AWS console as the root user, then console > account menu > Security credentials > Access keys: deactivate and delete every key, after checking CloudTrail for anything still calling with it.',
  resourceType: 'AWS::::Account',
  uses: ['iam-account-summary'],
  evaluate({ 'iam-account-summary': ds }, target) {
    const v = ds.SummaryMap.AccountAccessKeysPresent;
    if (v === undefined) return { kind: 'error', reason: 'GetAccountSummary did not report AccountAccessKeysPresent' };
    return {
      kind: 'evaluated',
      results: [
        v === 0
          ? { resourceType: 'AWS::::Account', resourceId: target.account, compliance: 'COMPLIANT' }
          : { resourceType: 'AWS::::Account', resourceId: target.account, compliance: 'NON_COMPLIANT', annotation: 'the root user has access keys (AccountAccessKeysPresent = 1)' },
      ],
    };
  },
});
