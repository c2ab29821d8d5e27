import { defineCheck } from './define.ts';

// Every IAM user who can sign in to the console (has a password) has an MFA device.
export const iamUsersConsoleMfa = defineCheck({
  id: 'iam-users-console-mfa',
  title: 'IAM users with a console password have MFA enabled',
  resourceType: 'AWS::IAM::User',
  uses: ['iam-credential-report'],
  evaluate({ 'iam-credential-report': ds }) {
    return {
      kind: 'evaluated',
      results: ds.rows
        .filter((r) => r.user !== '<root_account>')
        .map((r) => {
          const base = { resourceType: 'AWS::IAM::User', resourceId: r.arn };
          if (r.password_enabled !== 'true') return { ...base, compliance: 'NOT_APPLICABLE' as const, annotation: 'no console password' };
          return r.mfa_active === 'true' ? { ...base, compliance: 'COMPLIANT' as const } : { ...base, compliance: 'NON_COMPLIANT' as const, annotation: 'console password without an MFA device' };
        }),
    };
  },
});
