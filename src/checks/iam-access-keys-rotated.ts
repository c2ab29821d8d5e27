// Judges each IAM user's active access keys (from the credential report) by their age on the run's clock.
// COMPLIANT: every active key was last rotated 90 days or less before the run read the report;
// users without an active key are not applicable, an active key without a rotation date is insufficient data.
import { defineCheck } from './define.ts';

/** The rotation period: the AWS managed rule ACCESS_KEYS_ROTATED's and CIS's default. */
export const MAX_KEY_AGE_DAYS = 90;
const DAY_MS = 86_400_000;

// Ages are measured against the run's clock (ReadAt), never the report's GeneratedTime: a report
// generated long ago, or stamped by a clock far off, must not make an old key look young.
export const iamAccessKeysRotated = defineCheck({
  id: 'iam-access-keys-rotated',
  title: `Active IAM access keys are rotated within ${MAX_KEY_AGE_DAYS} days`,
  rationale: 'Long-lived access keys leak through code, logs and laptops, and an old key has had more time to leak; rotating within 90 days limits how long a leaked key stays useful.',
  remediation: 'Create a new key, move the application to it, then deactivate and delete the old one: IAM console > Users > the user > Security credentials, or `aws iam create-access-key`, `aws iam update-access-key --status Inactive` and `aws iam delete-access-key`; prefer roles over keys where possible.',
  resourceType: 'AWS::IAM::User',
  uses: ['iam-credential-report'],
  evaluate({ 'iam-credential-report': ds }) {
    const asOf = Date.parse(ds.ReadAt);
    if (Number.isNaN(asOf)) return { kind: 'error', reason: `credential report has no valid read time (${JSON.stringify(ds.ReadAt)})` };
    return {
      kind: 'evaluated',
      results: ds.rows
        .filter((r) => r.user !== '<root_account>')
        .map((r) => {
          const base = { resourceType: 'AWS::IAM::User', resourceId: r.arn };
          const active = [
            { n: 1, rotated: r.access_key_1_last_rotated, on: r.access_key_1_active === 'true' },
            { n: 2, rotated: r.access_key_2_last_rotated, on: r.access_key_2_active === 'true' },
          ].filter((k) => k.on);
          if (active.length === 0) return { ...base, compliance: 'NOT_APPLICABLE' as const, annotation: 'no active access key' };
          const problems: string[] = [];
          let unknown = false;
          for (const k of active) {
            const at = Date.parse(k.rotated);
            if (Number.isNaN(at)) unknown = true;
            else if (asOf - at > MAX_KEY_AGE_DAYS * DAY_MS) problems.push(`key ${k.n} last rotated ${Math.floor((asOf - at) / DAY_MS)} days ago`);
          }
          if (problems.length > 0) return { ...base, compliance: 'NON_COMPLIANT' as const, annotation: problems.join('; ') };
          if (unknown) return { ...base, compliance: 'INSUFFICIENT_DATA' as const, annotation: 'an active key has no rotation date' };
          return { ...base, compliance: 'COMPLIANT' as const };
        }),
    };
  },
});
