// Judges each IAM user who can sign in to the console, from the credential report.
// COMPLIANT: a user with a console password has an MFA device active; users without a password are not applicable.
import { defineCheck } from './define.ts';

// Every IAM user who can sign in to the console (has a password) has an MFA device.
export const iamUsersConsoleMfa = defineCheck({
  id: 'iam-users-console-mfa',
  title: 'IAM users with a console password have MFA enabled',
  rationale: 'A console password is a single factor that phishing or reuse can expose; requiring a second factor keeps a stolen password from being enough to sign in.',
  remediation: 'Assign an MFA device to the user (IAM console > Users > the user > Security credentials > Assign MFA device, or `aws iam enable-mfa-device`), or remove the console password if the user does not need it (`aws iam delete-login-profile`).',
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
