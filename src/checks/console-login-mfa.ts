// Judges the console sign-ins CloudTrail recorded in the evidence window (the day before the run).
// COMPLIANT: every successful ConsoleLogin by an IAM user has MFAUsed = Yes; federated sign-ins are not counted.
import { defineCheck } from './define.ts';
import type { TrailEvent } from '../domain/index.ts';

const field = (e: TrailEvent, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), e.CloudTrailEvent);

// The CIS metric filter: successful console sign-ins of IAM users whose MFAUsed is not "Yes".
// Federated (assumed-role) sign-ins authenticate at the identity provider, so they are not counted.
export const consoleLoginMfa = defineCheck({
  id: 'console-login-mfa',
  title: 'No IAM user signed in to the console without MFA in the evidence window',
  rationale: 'A console sign-in with a password alone can be made by anyone who phished or guessed that password; sign-ins without MFA show that the MFA requirement is not enforced in practice.',
  remediation: 'Give the named users an MFA device (IAM console > Users > the user > Security credentials > Assign MFA device, or `aws iam enable-mfa-device`) and attach a policy that denies actions when aws:MultiFactorAuthPresent is false.',
  resourceType: 'AWS::::Account',
  uses: ['cloudtrail-events'],
  evaluate({ 'cloudtrail-events': ds }, target) {
    const base = { resourceType: 'AWS::::Account', resourceId: target.account };
    const signIns = ds.lookups.filter((l) => l.EventName === 'ConsoleLogin').flatMap((l) => l.events);
    const users = signIns.filter((e) => field(e, 'userIdentity', 'type') === 'IAMUser' && field(e, 'responseElements', 'ConsoleLogin') === 'Success');
    const without = users.filter((e) => field(e, 'additionalEventData', 'MFAUsed') !== 'Yes');
    const window = `${ds.StartTime} to ${ds.EndTime}`;
    if (without.length === 0) return { kind: 'evaluated', results: [{ ...base, compliance: 'COMPLIANT', annotation: `${users.length} IAM user console sign-in(s) ${window}, all with MFA` }] };
    const who = [...new Set(without.map((e) => e.Username ?? '?'))].sort();
    return { kind: 'evaluated', results: [{ ...base, compliance: 'NON_COMPLIANT', annotation: `${without.length} sign-in(s) without MFA ${window} by ${who.join(', ')}` }] };
  },
});
