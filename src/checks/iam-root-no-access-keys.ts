import { defineCheck } from './define.ts';

export const iamRootNoAccessKeys = defineCheck({
  id: 'iam-root-no-access-keys',
  title: 'The root user has no access keys',
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
