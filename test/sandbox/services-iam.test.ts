// IAM over awsQuery through the real SDK client: the credential report's generate-then-get
// cycle, its AWS columns and consistency with the Config verdicts, the account summary, the
// password policy (absent in one member), global-region handling and the query error shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  type GetCredentialReportCommandOutput,
  IAMClient,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { startSandbox, type RunningSandbox, type SandboxTruth } from '../../src/sandbox/index.ts';

let sb: RunningSandbox;
let truth: SandboxTruth;
const made: { destroy(): void }[] = [];
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
function make<T extends { destroy(): void }>(C: new (cfg: object) => T, opts: { region?: string; credentials?: Creds } = {}): T {
  const c = new C({ endpoint: sb.url, region: opts.region ?? sb.regions[0], credentials: opts.credentials ?? sb.credentials, maxAttempts: 1 });
  made.push(c);
  return c;
}
async function failure(p: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await p;
  } catch (err) {
    return { name: (err as Error).name, status: (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode };
  }
  return { name: 'no error' };
}
async function memberCredentials(account: string): Promise<Creds> {
  const out = await make(STSClient).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${sb.collectorRole}`, RoleSessionName: 'services-test' }));
  return { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
}
function csvRows(content: Uint8Array): Record<string, string>[] {
  const [header, ...lines] = Buffer.from(content).toString('utf8').split('\n');
  const cols = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}
/** Polls GenerateCredentialReport until the report is built, returning every state seen. */
async function generated(iam: IAMClient): Promise<string[]> {
  const states: string[] = [];
  for (let i = 0; i < 50 && states.at(-1) !== 'COMPLETE'; i += 1) {
    if (i > 0) await new Promise((r) => setTimeout(r, 50));
    states.push((await iam.send(new GenerateCredentialReportCommand({}))).State!);
  }
  return states;
}
const rules = (account: string, sid: string) => truth.configRules[account]![sb.regions[0]!]!.find((r) => r.SourceIdentifier === sid)!.results;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 21, faults: { throttling: false } });
  truth = sb.truth();
});
afterAll(async () => {
  made.forEach((c) => c.destroy());
  await sb.close();
});

describe('credential report', () => {
  it('is absent until generated, in progress once started, then complete', async () => {
    const iam = make(IAMClient);
    expect(await failure(iam.send(new GetCredentialReportCommand({})))).toEqual({ name: 'CredentialReportNotPresentException', status: 410 });
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    expect(await failure(iam.send(new GetCredentialReportCommand({})))).toEqual({ name: 'CredentialReportNotReadyException', status: 404 });
    // it finishes on its own: polling GetCredentialReport alone, never asking to generate again, gets it
    let out: GetCredentialReportCommandOutput | undefined;
    for (let i = 0; i < 50 && !out; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      out = await iam.send(new GetCredentialReportCommand({})).catch((err: Error) => {
        expect(err.name).toBe('CredentialReportNotReadyException');
        return undefined;
      });
    }
    if (!out) throw new Error('the credential report never finished');
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    expect(out.ReportFormat).toBe('text/csv');
    expect(out.GeneratedTime).toBeInstanceOf(Date);
  });

  it("has AWS's columns, the root user first, one row per user, equal to the truth", async () => {
    const out = await make(IAMClient).send(new GetCredentialReportCommand({}));
    const text = Buffer.from(out.Content!).toString('utf8');
    expect(text.split('\n')[0]).toBe(
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
        'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
        'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
        'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
    );
    const rows = csvRows(out.Content!);
    expect(rows[0]).toMatchObject({ user: '<root_account>', arn: `arn:aws:iam::${sb.accountId}:root`, password_enabled: 'not_supported' });
    expect(rows).toEqual(truth.datasets[sb.accountId]!.global!['iam-credential-report']!.rows);
    expect(rows.length).toBe(rules(sb.accountId, 'IAM_USER_MFA_ENABLED').length + 1);
    expect(rows.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/.test(r.user_creation_time!))).toBe(true);
  });

  it('agrees with the Config verdicts on the same users and root', async () => {
    const rows = csvRows((await make(IAMClient).send(new GetCredentialReportCommand({}))).Content!);
    const users = rows.slice(1);
    const mfa = rules(sb.accountId, 'IAM_USER_MFA_ENABLED');
    const consoleRule = rules(sb.accountId, 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS');
    const rotated = rules(sb.accountId, 'ACCESS_KEYS_ROTATED');
    const generated = Date.parse(truth.datasets[sb.accountId]!.global!['iam-credential-report']!.GeneratedTime);
    users.forEach((u, i) => {
      if (mfa[i]!.compliance === 'NON_COMPLIANT') expect(u.mfa_active, u.user).toBe('false');
      const noMfaConsole = u.password_enabled === 'true' && u.mfa_active === 'false';
      expect(consoleRule[i]!.compliance, u.user).toBe(u.password_enabled === 'false' ? 'NOT_APPLICABLE' : noMfaConsole ? 'NON_COMPLIANT' : 'COMPLIANT');
      const old = u.access_key_1_active === 'true' && generated - Date.parse(u.access_key_1_last_rotated!) > 90 * 86_400_000;
      if (rotated[i]!.compliance !== 'NOT_APPLICABLE') expect(rotated[i]!.compliance === 'NON_COMPLIANT', u.user).toBe(old);
    });
    // the seed gives both kinds of console users
    expect(consoleRule.some((r) => r.compliance === 'NON_COMPLIANT') && consoleRule.some((r) => r.compliance === 'COMPLIANT')).toBe(true);
    expect(rows[0]!.mfa_active).toBe(rules(sb.accountId, 'ROOT_ACCOUNT_MFA_ENABLED')[0]!.compliance === 'COMPLIANT' ? 'true' : 'false');
    expect(rows[0]!.access_key_1_active).toBe(rules(sb.accountId, 'IAM_ROOT_ACCESS_KEY_CHECK')[0]!.compliance === 'NON_COMPLIANT' ? 'true' : 'false');
  });

  it('is generated again on a new simulated day', async () => {
    const iam = make(IAMClient);
    sb.setDay(1);
    try {
      expect(await generated(iam)).toEqual(expect.arrayContaining(['STARTED', 'COMPLETE']));
      const rows = csvRows((await iam.send(new GetCredentialReportCommand({}))).Content!);
      expect(rows).toEqual(sb.truth(1).datasets[sb.accountId]!.global!['iam-credential-report']!.rows);
    } finally {
      sb.setDay(0);
    }
  });
});

describe('account summary and password policy', () => {
  it('reports root MFA and root keys as the Config rules judge them', async () => {
    const out = await make(IAMClient).send(new GetAccountSummaryCommand({}));
    for (const account of [sb.accountId]) {
      expect(out.SummaryMap!.AccountMFAEnabled).toBe(rules(account, 'ROOT_ACCOUNT_MFA_ENABLED')[0]!.compliance === 'COMPLIANT' ? 1 : 0);
      expect(out.SummaryMap!.AccountAccessKeysPresent).toBe(rules(account, 'IAM_ROOT_ACCESS_KEY_CHECK')[0]!.compliance === 'NON_COMPLIANT' ? 1 : 0);
      expect(out.SummaryMap!.Users).toBe(rules(account, 'IAM_USER_MFA_ENABLED').length);
    }
    expect(out.SummaryMap).toEqual(truth.datasets[sb.accountId]!.global!['iam-account-summary']!.SummaryMap);
  });

  it('answers the policy, or NoSuchEntity (404) for the member without one, through AssumeRole', async () => {
    const own = await make(IAMClient).send(new GetAccountPasswordPolicyCommand({}));
    expect(own.PasswordPolicy).toEqual(truth.datasets[sb.accountId]!.global!['iam-password-policy']!.PasswordPolicy);
    const member = sb.memberAccounts[0]!;
    const iam = make(IAMClient, { credentials: await memberCredentials(member) });
    expect(await failure(iam.send(new GetAccountPasswordPolicyCommand({})))).toEqual({ name: 'NoSuchEntityException', status: 404 });
    expect(truth.datasets[member]!.global!['iam-password-policy']!.PasswordPolicy).toBeNull();
    expect(rules(member, 'IAM_PASSWORD_POLICY')[0]!.compliance).toBe('NON_COMPLIANT');
    // the member's own users, not the management account's
    const summary = await iam.send(new GetAccountSummaryCommand({}));
    expect(summary.SummaryMap).toEqual(truth.datasets[member]!.global!['iam-account-summary']!.SummaryMap);
    expect((await generated(iam))[0]).toBe('STARTED');
    const rows = csvRows((await iam.send(new GetCredentialReportCommand({}))).Content!);
    expect(rows[0]!.arn).toBe(`arn:aws:iam::${member}:root`);
  });

  it('is global: any region in the credential scope is accepted', async () => {
    const out = await make(IAMClient, { region: 'ap-southeast-2' }).send(new GetAccountSummaryCommand({}));
    expect(out.SummaryMap!.Users).toBeGreaterThan(0);
  });
});

describe('awsQuery errors', () => {
  const auth = `AWS4-HMAC-SHA256 Credential=AKIAX/20261129/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00`;
  it('answers an unknown action or version with InvalidAction in IAM XML', async () => {
    for (const body of ['Action=DeleteEverything&Version=2010-05-08', 'Action=GetAccountSummary&Version=1999-01-01']) {
      const res = await fetch(sb.url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: auth }, body });
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toMatch(/^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[-0-9a-f]+<\/RequestId><\/ErrorResponse>$/);
    }
  });
  it('counts IAM requests in the stats', async () => {
    await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST' });
    await make(IAMClient).send(new GetAccountSummaryCommand({}));
    const stats = (await (await fetch(`${sb.url}/_sandbox/stats`)).json()) as { requests: Record<string, number> };
    expect(stats.requests['iam.GetAccountSummary']).toBe(1);
  });
});
