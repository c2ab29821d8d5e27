// The IAM api checks with compliant and non-compliant inputs (DESIGN habit 5).
import { describe, expect, it } from 'vitest';
import { iamRootMfa } from '../../src/checks/iam-root-mfa.ts';
import { iamRootNoAccessKeys } from '../../src/checks/iam-root-no-access-keys.ts';
import { iamUsersConsoleMfa } from '../../src/checks/iam-users-console-mfa.ts';
import { iamAccessKeysRotated } from '../../src/checks/iam-access-keys-rotated.ts';
import { iamPasswordPolicyStrong } from '../../src/checks/iam-password-policy-strong.ts';
import { CREDENTIAL_REPORT_COLUMNS, type CredentialReportRow, type PasswordPolicy } from '../../src/domain/datasets.ts';
import type { CheckOutcome } from '../../src/domain/model.ts';

const target = { account: '111122223333', region: 'global' };
const verdicts = (o: CheckOutcome): string[] => (o.kind === 'evaluated' ? o.results.map((r) => r.compliance) : [o.kind]);
const summary = (m: Record<string, number>) => ({ 'iam-account-summary': { SummaryMap: m } });

function row(over: Partial<CredentialReportRow>): CredentialReportRow {
  const blank = Object.fromEntries(CREDENTIAL_REPORT_COLUMNS.map((c) => [c, 'N/A'])) as CredentialReportRow;
  return { ...blank, user: 'alice', arn: 'arn:aws:iam::111122223333:user/alice', password_enabled: 'true', mfa_active: 'true', access_key_1_active: 'false', access_key_2_active: 'false', ...over };
}
const root = row({ user: '<root_account>', arn: 'arn:aws:iam::111122223333:root', password_enabled: 'not_supported', mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_rotated: '2020-01-01T00:00:00+00:00' });
const report = (rows: CredentialReportRow[], readAt = '2026-11-01T06:00:00.000Z', generated = '2026-11-01T05:00:00.000Z') => ({ 'iam-credential-report': { GeneratedTime: generated, ReadAt: readAt, rows: [root, ...rows] } });

describe('iam-root-mfa', () => {
  it('passes with AccountMFAEnabled 1 and fails with 0', () => {
    expect(verdicts(iamRootMfa.evaluate(summary({ AccountMFAEnabled: 1 }), target))).toEqual(['COMPLIANT']);
    expect(verdicts(iamRootMfa.evaluate(summary({ AccountMFAEnabled: 0 }), target))).toEqual(['NON_COMPLIANT']);
  });
  it('judges the account, and gives no verdict when the summary lacks the key', () => {
    const o = iamRootMfa.evaluate(summary({ AccountMFAEnabled: 1 }), target);
    expect(o).toMatchObject({ kind: 'evaluated', results: [{ resourceType: 'AWS::::Account', resourceId: target.account }] });
    expect(verdicts(iamRootMfa.evaluate(summary({}), target))).toEqual(['error']);
  });
});

describe('iam-root-no-access-keys', () => {
  it('passes without root keys and fails with them', () => {
    expect(verdicts(iamRootNoAccessKeys.evaluate(summary({ AccountAccessKeysPresent: 0 }), target))).toEqual(['COMPLIANT']);
    expect(verdicts(iamRootNoAccessKeys.evaluate(summary({ AccountAccessKeysPresent: 1 }), target))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(iamRootNoAccessKeys.evaluate(summary({}), target))).toEqual(['error']);
  });
});

describe('iam-users-console-mfa', () => {
  it('passes console users with MFA, fails those without, and skips users without a password and the root row', () => {
    const o = iamUsersConsoleMfa.evaluate(
      report([row({}), row({ user: 'bob', arn: 'arn:aws:iam::111122223333:user/bob', mfa_active: 'false' }), row({ user: 'ci', arn: 'arn:aws:iam::111122223333:user/ci', password_enabled: 'false', mfa_active: 'false' })]),
      target,
    );
    expect(verdicts(o)).toEqual(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);
    expect(o.kind === 'evaluated' && o.results[1]).toMatchObject({ resourceType: 'AWS::IAM::User', resourceId: 'arn:aws:iam::111122223333:user/bob' });
  });
});

describe('iam-access-keys-rotated', () => {
  const key = (rotated: string, n: 1 | 2 = 1, active = 'true') => row({ [`access_key_${n}_active`]: active, [`access_key_${n}_last_rotated`]: rotated });
  it('passes keys younger than 90 days at report time and fails older ones', () => {
    expect(verdicts(iamAccessKeysRotated.evaluate(report([key('2026-09-01T00:00:00+00:00')]), target))).toEqual(['COMPLIANT']);
    expect(verdicts(iamAccessKeysRotated.evaluate(report([key('2026-07-01T00:00:00+00:00')]), target))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(iamAccessKeysRotated.evaluate(report([key('2026-07-01T00:00:00+00:00', 2)]), target))).toEqual(['NON_COMPLIANT']);
  });
  it("judges against the run's clock, not the report's generation time, and ignores inactive keys and root", () => {
    const old = [key('2026-07-01T00:00:00+00:00')];
    expect(verdicts(iamAccessKeysRotated.evaluate(report(old, '2026-09-01T00:00:00.000Z'), target))).toEqual(['COMPLIANT']);
    // a report generated long before the run, or stamped far in the future, does not make the key young
    expect(verdicts(iamAccessKeysRotated.evaluate(report(old, '2026-11-01T06:00:00.000Z', '2026-07-02T00:00:00.000Z'), target))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(iamAccessKeysRotated.evaluate(report(old, '2026-11-01T06:00:00.000Z', '2030-01-01T00:00:00.000Z'), target))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(iamAccessKeysRotated.evaluate(report([key('2020-01-01T00:00:00+00:00', 2, 'false'), row({})]), target))).toEqual(['NOT_APPLICABLE', 'NOT_APPLICABLE']);
  });
  it('fails a user when either active key is old, even if the other is young', () => {
    const both = row({ access_key_1_active: 'true', access_key_1_last_rotated: '2026-10-01T00:00:00+00:00', access_key_2_active: 'true', access_key_2_last_rotated: '2026-01-01T00:00:00+00:00' });
    expect(iamAccessKeysRotated.evaluate(report([both]), target)).toMatchObject({ results: [{ compliance: 'NON_COMPLIANT', annotation: expect.stringMatching(/^key 2 last rotated/) }] });
  });
  it('gives no verdict without a read time, and insufficient data for an active key without a date', () => {
    expect(verdicts(iamAccessKeysRotated.evaluate(report([key('2026-09-01T00:00:00+00:00')], ''), target))).toEqual(['error']);
    expect(verdicts(iamAccessKeysRotated.evaluate(report([key('N/A')]), target))).toEqual(['INSUFFICIENT_DATA']);
  });
});

describe('iam-password-policy-strong', () => {
  const strong: PasswordPolicy = {
    MinimumPasswordLength: 14,
    RequireSymbols: true,
    RequireNumbers: true,
    RequireUppercaseCharacters: true,
    RequireLowercaseCharacters: true,
    AllowUsersToChangePassword: true,
    ExpirePasswords: true,
    MaxPasswordAge: 90,
    PasswordReusePrevention: 24,
  };
  const run = (p: PasswordPolicy | null) => iamPasswordPolicyStrong.evaluate({ 'iam-password-policy': { PasswordPolicy: p } }, target);
  it('passes a strong policy', () => {
    expect(verdicts(run(strong))).toEqual(['COMPLIANT']);
  });
  it('fails a weak policy naming each weakness, and a missing policy', () => {
    const o = run({ ...strong, MinimumPasswordLength: 8, PasswordReusePrevention: undefined, RequireSymbols: false });
    expect(verdicts(o)).toEqual(['NON_COMPLIANT']);
    expect(o.kind === 'evaluated' && o.results[0]!.annotation).toMatch(/minimum length 8 < 14; reuse prevention off < 24; symbols not required/);
    expect(verdicts(run({ ...strong, MaxPasswordAge: undefined }))).toEqual(['NON_COMPLIANT']);
    expect(run(null)).toMatchObject({ kind: 'evaluated', results: [{ compliance: 'NON_COMPLIANT', annotation: expect.stringMatching(/no password policy/) }] });
  });
});
