import { defineCheck } from './define.ts';

export const iamRootMfa = defineCheck({
  id: 'iam-root-mfa',
  title: 'The root user has MFA enabled',
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
