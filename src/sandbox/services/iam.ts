// AWS IAM (awsQuery, API version 2010-05-08; global, so any region in the credential scope):
// the credential report, the account summary and the password policy.
import { AwsError } from '../errors.ts';
import { DAY_MS, simulatedNow } from '../clock.ts';
import type { OrgModel } from '../org.ts';
import type { AccessKeyFacts } from './iam-facts.ts';
import { xml } from '../rest.ts';
import type { RequestContext } from './types.ts';

/** How long a report takes to build once started (AWS: a few seconds for a small account). */
export const REPORT_BUILD_MS = 250;

/**
 * Credential report generation per account. Like AWS, a started report finishes on its own once
 * its build time has passed, whether the client then polls GenerateCredentialReport or
 * GetCredentialReport, or just waits; nothing about the polling itself moves it along.
 */
export class CredentialReports {
  private readonly reports = new Map<string, { day: number; startedAt: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  generate(account: string, day: number): 'STARTED' | 'INPROGRESS' | 'COMPLETE' {
    const r = this.reports.get(account);
    // A report from an earlier simulated day is stale (AWS regenerates after four hours).
    if (!r || r.day !== day) {
      this.reports.set(account, { day, startedAt: this.now() });
      return 'STARTED';
    }
    return this.done(r) ? 'COMPLETE' : 'INPROGRESS';
  }

  /** The day of the finished report, or why there is none. */
  get(account: string): number {
    const r = this.reports.get(account);
    if (!r) throw new AwsError('ReportNotPresent', 'Received a GetCredentialReport request, but no report exists. Use GenerateCredentialReport to create a report.', 410);
    if (!this.done(r)) throw new AwsError('ReportInProgress', 'Credential report generation is in progress; try again later.', 404);
    return r.day;
  }

  private done(r: { startedAt: number }): boolean {
    return this.now() - r.startedAt >= REPORT_BUILD_MS;
  }
}

export type QueryHandler = (params: URLSearchParams, ctx: RequestContext, reports: CredentialReports) => string;

/** The report's columns, in AWS's order. */
const COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
];

/** The report's time format: ISO 8601 with "+00:00", whole seconds. */
export const reportTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

function keyColumns(k: AccessKeyFacts | null): string[] {
  if (!k) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const used = k.lastUsed;
  return [String(k.active), reportTime(k.lastRotated), used ? reportTime(used.at) : 'N/A', used ? used.region : 'N/A', used ? used.service : 'N/A'];
}

/** The credential report's rows for a day: the root user first, then every IAM user. */
export function credentialReportRows(org: OrgModel, account: string, day: number): Record<string, string>[] {
  const root = org.iam.root(account, day);
  const noCerts = ['false', 'N/A', 'false', 'N/A'];
  const rows: string[][] = [
    [
      '<root_account>',
      root.arn,
      reportTime(root.created),
      'not_supported',
      root.lastSignIn !== undefined ? reportTime(root.lastSignIn) : 'no_information',
      'not_supported',
      'not_supported',
      String(root.mfa),
      ...keyColumns(root.accessKey),
      ...keyColumns(null),
      ...noCerts,
    ],
  ];
  const policy = org.iam.passwordPolicy(account, day);
  const maxAge = policy?.ExpirePasswords ? policy.MaxPasswordAge : undefined;
  for (let i = 0; i < org.iam.userCount(account); i += 1) {
    const u = org.iam.user(account, i, day);
    const pw = u.password;
    rows.push([
      u.name,
      u.arn,
      reportTime(u.created),
      String(pw !== null),
      pw ? (pw.lastUsed !== undefined ? reportTime(pw.lastUsed) : 'no_information') : 'N/A',
      pw ? reportTime(pw.lastChanged) : 'N/A',
      pw && maxAge !== undefined ? reportTime(pw.lastChanged + maxAge * DAY_MS) : 'N/A',
      String(u.mfa),
      ...keyColumns(u.keys[0]),
      ...keyColumns(u.keys[1]),
      ...noCerts,
    ]);
  }
  return rows.map((r) => Object.fromEntries(COLUMNS.map((c, k) => [c, r[k]!])));
}

function csv(rows: Record<string, string>[]): string {
  const cell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c]!)).join(','))].join('\n');
}

/** GetAccountSummary's SummaryMap: usage and quotas, with the root user's MFA and keys. */
export function accountSummary(org: OrgModel, account: string, day: number): Record<string, number> {
  const root = org.iam.root(account, day);
  const users = org.iam.userCount(account);
  let mfaUsers = 0;
  for (let i = 0; i < users; i += 1) if (org.iam.userMfaOn(account, i, day)) mfaUsers += 1;
  const mfa = mfaUsers + (root.mfa ? 1 : 0);
  const policies = org.count('policy', account, org.first);
  return {
    Users: users,
    UsersQuota: 5000,
    Groups: 3,
    GroupsQuota: 300,
    GroupsPerUserQuota: 10,
    ServerCertificates: 0,
    ServerCertificatesQuota: 20,
    UserPolicySizeQuota: 2048,
    GroupPolicySizeQuota: 5120,
    SigningCertificatesPerUserQuota: 2,
    AccessKeysPerUserQuota: 2,
    MFADevices: mfa,
    MFADevicesInUse: mfa,
    AccountMFAEnabled: root.mfa ? 1 : 0,
    AccountAccessKeysPresent: root.accessKey ? 1 : 0,
    AccountPasswordPresent: 1,
    AccountSigningCertificatesPresent: 0,
    AttachedPoliciesPerGroupQuota: 10,
    AttachedPoliciesPerRoleQuota: 10,
    AttachedPoliciesPerUserQuota: 10,
    Policies: policies,
    PoliciesQuota: 1500,
    PolicySizeQuota: 6144,
    PolicyVersionsInUse: policies * 2,
    PolicyVersionsInUseQuota: 10000,
    VersionsPerPolicyQuota: 5,
    Roles: 12,
    RolesQuota: 1000,
    RolePolicySizeQuota: 10240,
    InstanceProfiles: 2,
    InstanceProfilesQuota: 1000,
    Providers: 1,
    GlobalEndpointTokenVersion: 1,
    AssumeRolePolicySizeQuota: 2048,
  };
}

export const iamHandlers: Record<string, QueryHandler> = {
  GenerateCredentialReport(_params, ctx, reports) {
    const state = reports.generate(ctx.account, ctx.day);
    return xml('State', state) + (state === 'STARTED' ? xml('Description', 'No report exists. Starting a new report generation task') : '');
  },

  GetCredentialReport(_params, ctx, reports) {
    const day = reports.get(ctx.account);
    const content = Buffer.from(csv(credentialReportRows(ctx.org, ctx.account, day))).toString('base64');
    return xml('Content', content) + xml('ReportFormat', 'text/csv') + xml('GeneratedTime', new Date(simulatedNow(day)).toISOString());
  },

  GetAccountSummary(_params, ctx) {
    const entries = Object.entries(accountSummary(ctx.org, ctx.account, ctx.day)).map(([k, v]) => xml('entry', [xml('key', k), xml('value', v)]));
    return xml('SummaryMap', entries);
  },

  GetAccountPasswordPolicy(_params, ctx) {
    const p = ctx.org.iam.passwordPolicy(ctx.account, ctx.day);
    if (!p) throw new AwsError('NoSuchEntity', `The Password Policy with domain name ${ctx.account} cannot be found.`, 404);
    return xml(
      'PasswordPolicy',
      Object.entries(p).map(([k, v]) => xml(k, v as string | number | boolean)),
    );
  },
};
