// The sandbox against moto, an independent AWS implementation: the same calls through the same
// SDK clients (the product's AwsClients) to both, comparing the response shapes the collectors
// rely on — field presence and types, enum values, pagination tokens, error codes for missing
// things. Where moto departs from AWS the difference is asserted as documented in
// docs/sandbox-vs-moto.md, so neither side can drift silently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListBucketsCommand, GetBucketLocationCommand, GetBucketVersioningCommand, GetBucketEncryptionCommand, GetPublicAccessBlockCommand, GetBucketPolicyStatusCommand } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPabCommand } from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GenerateCredentialReportCommand, GetAccountPasswordPolicyCommand, GetAccountSummaryCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand, ListAccountsCommand, ListParentsCommand } from '@aws-sdk/client-organizations';
import { DescribeConfigRulesCommand, DescribeConfigurationRecorderStatusCommand, DescribeConformancePacksCommand, DescribeDeliveryChannelStatusCommand } from '@aws-sdk/client-config-service';
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { GetDetectorCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { DescribeHubCommand, GetEnabledStandardsCommand } from '@aws-sdk/client-securityhub';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { AwsClients } from '../../src/collect/clients.ts';
import { assumeRoleProvider } from '../../src/collect/scope.ts';
import { CREDENTIAL_REPORT_COLUMNS, type DatasetTypes } from '../../src/domain/datasets.ts';
import { MOTO_BIN, MOTO_CREDENTIALS, MOTO_SKIP_REASON, startMoto, type Moto } from '../store/moto.ts';
import { HOME, MOTO_ACCOUNT, OTHER, putAccountPab, putPasswordPolicy, seedMoto, type MotoSeed } from './moto-seed.ts';
import { errorOf, reportShape, shapeOf, valuesAt } from './shape.ts';

if (!MOTO_BIN) console.warn(MOTO_SKIP_REASON.replace('S3/KMS tests', 'sandbox-vs-moto comparison tests'));

let moto: Moto;
let sandbox: RunningSandbox;
let m: AwsClients;
let sb: AwsClients;
let seed: MotoSeed;
/** moto's answers before anything was configured (absent things read first). */
let before: Record<string, unknown>;
/** A sandbox account with a password policy. */
let withPolicy: string;

/** Sandbox clients for a member account, through the collector role (as the product reaches members). */
function member(account: string): AwsClients {
  return sb.withCredentials(assumeRoleProvider(sb, HOME, `arn:aws:iam::${account}:role/${sandbox.collectorRole}`, 'moto-compare', undefined, 3600));
}

const sandboxDatasets = (account: string, region: string): Partial<DatasetTypes> => sandbox.truth(undefined, { accounts: [account] }).datasets[account]![region]!;

beforeAll(async () => {
  if (!MOTO_BIN) return;
  [moto, sandbox] = await Promise.all([startMoto(), startSandbox({ port: 0, seed: 7, faults: { throttling: false } })]);
  m = new AwsClients({ endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS, maxAttempts: 1 });
  sb = new AwsClients({ endpoint: sandbox.url, credentials: sandbox.credentials, maxAttempts: 1 });
  before = {
    accountPab: await errorOf(m.s3control(HOME).send(new GetAccountPabCommand({ AccountId: MOTO_ACCOUNT }))),
    passwordPolicy: await errorOf(m.iam(HOME).send(new GetAccountPasswordPolicyCommand({}))),
    credentialReport: await errorOf(m.iam(HOME).send(new GetCredentialReportCommand({}))),
    hub: await errorOf(m.securityhub(HOME).send(new DescribeHubCommand({}))),
  };
  seed = await seedMoto(m);
  await putAccountPab(m);
  // The same policy as a sandbox account's, so optional fields are present on both or neither.
  withPolicy = sandbox.truth().accounts.find((acc) => sandboxDatasets(acc, 'global')['iam-password-policy']!.PasswordPolicy !== null)!;
  await putPasswordPolicy(m, sandboxDatasets(withPolicy, 'global')['iam-password-policy']!.PasswordPolicy!);
}, 120_000);
afterAll(async () => {
  m?.destroy();
  sb?.destroy();
  await Promise.all([moto?.stop(), sandbox?.close()]);
});

const run = MOTO_BIN ? describe : describe.skip;

run('S3 (restXml): what s3-buckets reads', () => {
  it('ListBuckets', async () => {
    const paths = ['Buckets[].Name', 'Buckets[].CreationDate', 'ContinuationToken'];
    const [a, b] = await Promise.all([sb.s3(HOME).send(new ListBucketsCommand({})), m.s3(HOME).send(new ListBucketsCommand({}))]);
    expect(shapeOf(b, paths)).toEqual(shapeOf(a, paths));
    expect(shapeOf(a, paths)).toEqual({ 'Buckets[].Name': 'string', 'Buckets[].CreationDate': 'Date', ContinuationToken: 'absent' });
  });

  it('GetBucketLocation: empty for us-east-1, the region elsewhere', async () => {
    const ds = sandboxDatasets(sandbox.accountId, 'global')['s3-buckets']!.buckets;
    const home = ds.find((x) => x.region === HOME)!.Name;
    const other = ds.find((x) => x.region === OTHER)!.Name;
    const loc = async (c: AwsClients, bucket: string): Promise<unknown> => (await c.s3(HOME).send(new GetBucketLocationCommand({ Bucket: bucket }))).LocationConstraint;
    expect([await loc(sb, home), await loc(sb, other)]).toEqual([undefined, OTHER]);
    expect([await loc(m, seed.fullBucket), await loc(m, seed.bareBucket)]).toEqual([undefined, OTHER]);
  });

  it('bucket settings where they are set', async () => {
    const ds = sandboxDatasets(sandbox.accountId, 'global')['s3-buckets']!.buckets;
    const kms = ds.find((x) => x.ServerSideEncryptionRules?.[0]?.SSEAlgorithm === 'aws:kms' && x.PublicAccessBlockConfiguration && x.PolicyStatus)!;
    expect(kms, 'a sandbox bucket with every setting').toBeDefined();
    const both = async <T>(call: (c: AwsClients, bucket: string, region: string) => Promise<T>): Promise<[T, T]> => Promise.all([call(sb, kms.Name, kms.region), call(m, seed.fullBucket, HOME)]);
    const versioning = await both((c, Bucket, r) => c.s3(r).send(new GetBucketVersioningCommand({ Bucket })));
    const vPaths = ['Status', 'MFADelete'];
    expect(shapeOf(versioning[1], vPaths)).toEqual(shapeOf(versioning[0], vPaths));
    // MFADelete appears only once MFA delete has been configured (S3 API reference).
    expect(shapeOf(versioning[0], vPaths)).toEqual({ Status: 'string', MFADelete: 'absent' });
    expect([versioning[0].Status, versioning[1].Status]).toEqual(['Enabled', 'Enabled']);
    const enc = await both((c, Bucket, r) => c.s3(r).send(new GetBucketEncryptionCommand({ Bucket })));
    const ePaths = ['ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault.SSEAlgorithm', 'ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault.KMSMasterKeyID', 'ServerSideEncryptionConfiguration.Rules[].BucketKeyEnabled'];
    expect(shapeOf(enc[1], ePaths)).toEqual(shapeOf(enc[0], ePaths));
    expect(valuesAt(enc[1], ePaths[0]!)).toEqual(valuesAt(enc[0], ePaths[0]!));
    const pab = await both((c, Bucket, r) => c.s3(r).send(new GetPublicAccessBlockCommand({ Bucket })));
    const pPaths = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'].map((f) => `PublicAccessBlockConfiguration.${f}`);
    expect(shapeOf(pab[1], pPaths)).toEqual(shapeOf(pab[0], pPaths));
    // Documented: moto does not implement GetBucketPolicyStatus; it answers ?policyStatus as a
    // ListObjects, so the SDK finds no PolicyStatus at all.
    const status = await both((c, Bucket, r) => c.s3(r).send(new GetBucketPolicyStatusCommand({ Bucket })));
    expect(shapeOf(status[0], ['PolicyStatus.IsPublic'])).toEqual({ 'PolicyStatus.IsPublic': 'boolean' });
    expect(shapeOf(status[1], ['PolicyStatus.IsPublic'])).toEqual({ 'PolicyStatus.IsPublic': 'absent' });
  });

  it('suspended versioning and the 404s for settings never made', async () => {
    const ds = sandboxDatasets(sandbox.accountId, 'global')['s3-buckets']!.buckets;
    const pick = (f: (b: (typeof ds)[number]) => boolean) => ds.find(f)!;
    const suspended = pick((b) => b.Versioning.Status === 'Suspended');
    const [a, b] = await Promise.all([sb.s3(suspended.region).send(new GetBucketVersioningCommand({ Bucket: suspended.Name })), m.s3(OTHER).send(new GetBucketVersioningCommand({ Bucket: seed.bareBucket }))]);
    expect([a.Status, b.Status]).toEqual(['Suspended', 'Suspended']);
    const noEnc = pick((x) => x.ServerSideEncryptionRules === null);
    const noPab = pick((x) => x.PublicAccessBlockConfiguration === null);
    const noPolicy = pick((x) => x.PolicyStatus === null);
    expect(await errorOf(sb.s3(noEnc.region).send(new GetBucketEncryptionCommand({ Bucket: noEnc.Name })))).toEqual({ name: 'ServerSideEncryptionConfigurationNotFoundError', status: 404 });
    expect(await errorOf(m.s3(OTHER).send(new GetBucketEncryptionCommand({ Bucket: seed.bareBucket })))).toEqual({ name: 'ServerSideEncryptionConfigurationNotFoundError', status: 404 });
    expect(await errorOf(sb.s3(noPab.region).send(new GetPublicAccessBlockCommand({ Bucket: noPab.Name })))).toEqual({ name: 'NoSuchPublicAccessBlockConfiguration', status: 404 });
    expect(await errorOf(m.s3(OTHER).send(new GetPublicAccessBlockCommand({ Bucket: seed.bareBucket })))).toEqual({ name: 'NoSuchPublicAccessBlockConfiguration', status: 404 });
    expect(await errorOf(sb.s3(noPolicy.region).send(new GetBucketPolicyStatusCommand({ Bucket: noPolicy.Name })))).toEqual({ name: 'NoSuchBucketPolicy', status: 404 });
    // Documented: moto answers a bucket without a policy like one with (no NoSuchBucketPolicy).
    expect(await errorOf(m.s3(OTHER).send(new GetBucketPolicyStatusCommand({ Bucket: seed.bareBucket })))).toBe('no error');
    expect(await errorOf(sb.s3(HOME).send(new GetBucketVersioningCommand({ Bucket: 'no-such-bucket-here' })))).toEqual({ name: 'NoSuchBucket', status: 404 });
    expect(await errorOf(m.s3(HOME).send(new GetBucketVersioningCommand({ Bucket: 'no-such-bucket-here' })))).toEqual({ name: 'NoSuchBucket', status: 404 });
  });
});

run('S3 Control: what s3-account-public-access-block reads', () => {
  it('GetPublicAccessBlock, set and never set', async () => {
    const paths = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'].map((f) => `PublicAccessBlockConfiguration.${f}`);
    const set = sandbox.truth().accounts.find((acc) => sandboxDatasets(acc, 'global')['s3-account-public-access-block']!.PublicAccessBlockConfiguration !== null)!;
    const unset = sandbox.memberAccounts[1]!;
    const sbClients = (acc: string): AwsClients => (acc === sandbox.accountId ? sb : member(acc));
    const a = await sbClients(set).s3control(HOME).send(new GetAccountPabCommand({ AccountId: set }));
    const b = await m.s3control(HOME).send(new GetAccountPabCommand({ AccountId: MOTO_ACCOUNT }));
    expect(shapeOf(b, paths)).toEqual(shapeOf(a, paths));
    const absent = { name: 'NoSuchPublicAccessBlockConfiguration', status: 404 };
    expect(await errorOf(sbClients(unset).s3control(HOME).send(new GetAccountPabCommand({ AccountId: unset })))).toEqual(absent);
    expect(before.accountPab).toEqual(absent);
  });
});

run('STS (awsQuery): what the scope code reads', () => {
  it('GetCallerIdentity and AssumeRole', async () => {
    const idPaths = ['Account', 'Arn', 'UserId'];
    const [a, b] = await Promise.all([sb.sts(HOME).send(new GetCallerIdentityCommand({})), m.sts(HOME).send(new GetCallerIdentityCommand({}))]);
    expect(shapeOf(b, idPaths)).toEqual(shapeOf(a, idPaths));
    const credPaths = ['Credentials.AccessKeyId', 'Credentials.SecretAccessKey', 'Credentials.SessionToken', 'Credentials.Expiration', 'AssumedRoleUser.Arn'];
    const role = (acc: string): string => `arn:aws:iam::${acc}:role/${sandbox.collectorRole}`;
    const x = await sb.sts(HOME).send(new AssumeRoleCommand({ RoleArn: role(sandbox.memberAccounts[0]!), RoleSessionName: 'compare' }));
    const y = await m.sts(HOME).send(new AssumeRoleCommand({ RoleArn: role(seed.members[0]!), RoleSessionName: 'compare' }));
    expect(shapeOf(y, credPaths)).toEqual(shapeOf(x, credPaths));
  });
});

/** Cell kinds each credential report column may hold (IAM User Guide, "credential report format"). */
const REPORT_KINDS: Record<string, string[]> = {
  user: ['<root_account>', 'text'],
  arn: ['arn'],
  user_creation_time: ['time'],
  password_enabled: ['boolean', 'not_supported'],
  password_last_used: ['time', 'no_information', 'N/A'],
  password_last_changed: ['time', 'N/A', 'not_supported'],
  password_next_rotation: ['time', 'N/A', 'not_supported'],
  mfa_active: ['boolean'],
  ...Object.fromEntries(
    [1, 2].flatMap((n) => [
      [`access_key_${n}_active`, ['boolean']],
      [`access_key_${n}_last_rotated`, ['time', 'N/A']],
      [`access_key_${n}_last_used_date`, ['time', 'N/A']],
      [`access_key_${n}_last_used_region`, ['text', 'N/A']],
      [`access_key_${n}_last_used_service`, ['text', 'N/A']],
      [`cert_${n}_active`, ['boolean']],
      [`cert_${n}_last_rotated`, ['time', 'N/A']],
    ]),
  ),
};

run('IAM (awsQuery): credential report, account summary, password policy', () => {
  it('GetCredentialReport before any report, then Generate until COMPLETE', async () => {
    // IAM's code is ReportNotPresent; the SDK names it CredentialReportNotPresentException.
    const notPresent = { name: 'CredentialReportNotPresentException', status: 410 };
    const fresh = member(sandbox.memberAccounts[2]!);
    expect(await errorOf(fresh.iam(HOME).send(new GetCredentialReportCommand({})))).toEqual(notPresent);
    expect(before.credentialReport).toEqual(notPresent);
    const states = async (c: AwsClients): Promise<string[]> => {
      const out: string[] = [];
      // Polled as a client would, with a pause: both finish the report on their own in time.
      for (let i = 0; i < 50 && out.at(-1) !== 'COMPLETE'; i += 1) {
        if (i > 0) await new Promise((r) => setTimeout(r, 100));
        out.push((await c.iam(HOME).send(new GenerateCredentialReportCommand({}))).State!);
      }
      return out;
    };
    const [a, b] = await Promise.all([states(fresh), states(m)]);
    expect(a[0]).toBe('STARTED');
    expect(b[0]).toBe('STARTED');
    expect(a.at(-1)).toBe('COMPLETE');
    expect(b.at(-1)).toBe('COMPLETE');
    const [ra, rb] = await Promise.all([fresh.iam(HOME).send(new GetCredentialReportCommand({})), m.iam(HOME).send(new GetCredentialReportCommand({}))]);
    const paths = ['Content', 'GeneratedTime', 'ReportFormat'];
    expect(shapeOf(rb, paths)).toEqual(shapeOf(ra, paths));
    const sa = reportShape(Buffer.from(ra.Content!).toString('utf8'));
    const sm = reportShape(Buffer.from(rb.Content!).toString('utf8'));
    expect(sm.header).toEqual(sa.header);
    for (const c of CREDENTIAL_REPORT_COLUMNS) expect(sa.header).toContain(c);
    // Every sandbox cell is of a kind the IAM User Guide's report format allows for its column.
    for (const row of sa.rows) for (const [col, kind] of Object.entries(row)) expect(REPORT_KINDS[col], `${row.user} ${col}`).toContain(kind);
    // The root user comes first, as in AWS's report.
    expect(sa.rows[0]!.user).toBe('<root_account>');
    expect(sa.rows[0]).toMatchObject({ password_enabled: 'not_supported', password_last_changed: 'not_supported', password_next_rotation: 'not_supported' });
    // Documented: moto's report has no root row, and writes not_supported where AWS writes N/A
    // (a never-used key's region and service; a user without a password's last use and next
    // rotation), and a time as the last password change of a user without a password.
    expect(sm.rows.map((r) => r.user)).not.toContain('<root_account>');
    const noPassword = sm.rows.find((r) => r.password_enabled === 'boolean' && r.password_last_used === 'not_supported')!;
    expect(noPassword).toMatchObject({ password_last_changed: 'time', password_next_rotation: 'not_supported' });
    for (const r of sm.rows) expect([r.access_key_1_last_used_region, r.access_key_1_last_used_service, r.access_key_2_last_used_region, r.access_key_2_last_used_service]).toEqual(['not_supported', 'not_supported', 'not_supported', 'not_supported']);
    const departs = new Set(['password_last_used', 'password_last_changed', 'password_next_rotation', 'access_key_1_last_used_region', 'access_key_1_last_used_service', 'access_key_2_last_used_region', 'access_key_2_last_used_service']);
    for (const row of sm.rows) for (const [col, kind] of Object.entries(row)) if (!departs.has(col)) expect(REPORT_KINDS[col], `moto ${col}`).toContain(kind);
  });

  it('GetAccountSummary: the keys the root checks read', async () => {
    const [a, b] = await Promise.all([sb.iam(HOME).send(new GetAccountSummaryCommand({})), m.iam(HOME).send(new GetAccountSummaryCommand({}))]);
    const paths = ['SummaryMap.AccountMFAEnabled', 'SummaryMap.AccountAccessKeysPresent', 'SummaryMap.Users', 'SummaryMap.MFADevices'];
    expect(shapeOf(b, paths)).toEqual(shapeOf(a, paths));
    // Documented: moto leaves out AccountPasswordPresent, a SummaryKeyType AWS documents and returns.
    const keys = (o: typeof a): string[] => Object.keys(o.SummaryMap!).sort();
    expect(keys(a).filter((k) => !keys(b).includes(k))).toEqual(['AccountPasswordPresent']);
    expect(keys(b).filter((k) => !keys(a).includes(k))).toEqual([]);
  });

  it('GetAccountPasswordPolicy, set and never set (NoSuchEntity)', async () => {
    const fields = ['MinimumPasswordLength', 'RequireSymbols', 'RequireNumbers', 'RequireUppercaseCharacters', 'RequireLowercaseCharacters', 'AllowUsersToChangePassword', 'ExpirePasswords', 'MaxPasswordAge', 'PasswordReusePrevention', 'HardExpiry'].map((f) => `PasswordPolicy.${f}`);
    const a = await (withPolicy === sandbox.accountId ? sb : member(withPolicy)).iam(HOME).send(new GetAccountPasswordPolicyCommand({}));
    const b = await m.iam(HOME).send(new GetAccountPasswordPolicyCommand({}));
    const expiring = a.PasswordPolicy!.ExpirePasswords === true;
    expect(b.PasswordPolicy!.ExpirePasswords).toBe(expiring);
    const same = expiring ? fields : fields.filter((f) => f !== 'PasswordPolicy.MaxPasswordAge');
    expect(shapeOf(b, same)).toEqual(shapeOf(a, same));
    // Documented: for passwords that never expire moto answers MaxPasswordAge 0, outside AWS's
    // range (1-1095); AWS, like the sandbox, leaves it out.
    if (!expiring) {
      expect(a.PasswordPolicy!.MaxPasswordAge).toBeUndefined();
      expect(b.PasswordPolicy!.MaxPasswordAge).toBe(0);
    }
    const none = { name: 'NoSuchEntityException', status: 404 };
    expect(await errorOf(member(sandbox.memberAccounts[0]!).iam(HOME).send(new GetAccountPasswordPolicyCommand({})))).toEqual(none);
    expect(before.passwordPolicy).toEqual(none);
  });
});

run('Organizations (awsJson1_1): what the scope code reads', () => {
  it('DescribeOrganization, ListAccounts to the last page, ListParents', async () => {
    const orgPaths = ['Organization.Id', 'Organization.Arn', 'Organization.MasterAccountId', 'Organization.FeatureSet'];
    const [a, b] = await Promise.all([sb.organizations(HOME).send(new DescribeOrganizationCommand({})), m.organizations(HOME).send(new DescribeOrganizationCommand({}))]);
    expect(shapeOf(b, orgPaths)).toEqual(shapeOf(a, orgPaths));
    const paths = ['Accounts[].Id', 'Accounts[].Name', 'Accounts[].Status', 'Accounts[].State', 'NextToken'];
    const pages = async (c: AwsClients): Promise<{ shapes: Record<string, string>[]; ids: string[] }> => {
      const shapes: Record<string, string>[] = [];
      const ids: string[] = [];
      let NextToken: string | undefined;
      do {
        const out = await c.organizations(HOME).send(new ListAccountsCommand({ MaxResults: 2, ...(NextToken ? { NextToken } : {}) }));
        shapes.push(shapeOf(out, paths));
        ids.push(...out.Accounts!.map((x) => x.Id!));
        NextToken = out.NextToken;
      } while (NextToken);
      return { shapes, ids };
    };
    const [pa, pb] = await Promise.all([pages(sb), pages(m)]);
    // Four accounts, two a page: a token on the first page only.
    expect(pb.shapes).toEqual(pa.shapes);
    expect(pa.ids).toHaveLength(4);
    expect(pb.ids).toHaveLength(4);
    const parentPaths = ['Parents[].Id', 'Parents[].Type'];
    const [x, y] = await Promise.all([
      sb.organizations(HOME).send(new ListParentsCommand({ ChildId: sandbox.memberAccounts[0]! })),
      m.organizations(HOME).send(new ListParentsCommand({ ChildId: seed.members[0]! })),
    ]);
    expect(shapeOf(y, parentPaths)).toEqual(shapeOf(x, parentPaths));
    expect([x.Parents![0]!.Type, y.Parents![0]!.Type]).toEqual(['ORGANIZATIONAL_UNIT', 'ORGANIZATIONAL_UNIT']);
    expect(await errorOf(sb.organizations(HOME).send(new ListParentsCommand({ ChildId: '999999999999' })))).toEqual({ name: 'ChildNotFoundException', status: 400 });
    // Documented: moto answers AccountNotFoundException, which ListParents does not list among its errors.
    expect(await errorOf(m.organizations(HOME).send(new ListParentsCommand({ ChildId: '999999999999' })))).toEqual({ name: 'AccountNotFoundException', status: 400 });
  });
});

run('Config (awsJson1_1): rules, recorders, delivery channels', () => {
  it('DescribeConfigRules pages of 25 to the last page, and an unknown rule', async () => {
    const paths = ['ConfigRules[].ConfigRuleName', 'ConfigRules[].ConfigRuleArn', 'ConfigRules[].ConfigRuleId', 'ConfigRules[].Source.Owner', 'ConfigRules[].Source.SourceIdentifier', 'ConfigRules[].ConfigRuleState', 'NextToken'];
    const pages = async (c: AwsClients): Promise<{ shapes: Record<string, string>[]; sizes: number[] }> => {
      const shapes: Record<string, string>[] = [];
      const sizes: number[] = [];
      let NextToken: string | undefined;
      do {
        const out = await c.config(HOME).send(new DescribeConfigRulesCommand(NextToken ? { NextToken } : {}));
        shapes.push(shapeOf(out, paths));
        sizes.push(out.ConfigRules!.length);
        NextToken = out.NextToken;
      } while (NextToken);
      return { shapes, sizes };
    };
    const [a, b] = await Promise.all([pages(sb), pages(m)]);
    expect(a.sizes.length).toBeGreaterThan(1);
    expect(b.sizes).toEqual([25, 5]);
    expect(a.sizes.slice(0, -1).every((n) => n === 25)).toBe(true);
    // Same shapes page for page: a token on every page but the last.
    expect(b.shapes.slice(0, -1).every((s) => JSON.stringify(s) === JSON.stringify(a.shapes[0]))).toBe(true);
    expect(b.shapes.at(-1)).toEqual(a.shapes.at(-1));
    const unknown = { name: 'NoSuchConfigRuleException', status: 400 };
    expect(await errorOf(sb.config(HOME).send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['no-such-rule'] })))).toEqual(unknown);
    expect(await errorOf(m.config(HOME).send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['no-such-rule'] })))).toEqual(unknown);
  });

  it('DescribeConfigurationRecorderStatus', async () => {
    const paths = ['ConfigurationRecordersStatus[].name', 'ConfigurationRecordersStatus[].recording', 'ConfigurationRecordersStatus[].lastStatus', 'ConfigurationRecordersStatus[].lastErrorCode'];
    const [a, b] = await Promise.all([sb.config(HOME).send(new DescribeConfigurationRecorderStatusCommand({})), m.config(HOME).send(new DescribeConfigurationRecorderStatusCommand({}))]);
    expect(shapeOf(b, paths)).toEqual(shapeOf(a, paths));
    // Upper case on both, as AWS answers (the check compares with 'FAILURE'); moto has not recorded yet.
    for (const v of [...valuesAt(a, paths[2]!), ...valuesAt(b, paths[2]!)]) expect(['PENDING', 'SUCCESS', 'FAILURE']).toContain(v);
    expect([valuesAt(a, paths[2]!), valuesAt(b, paths[2]!)]).toEqual([['SUCCESS'], ['PENDING']]);
  });

  it('DescribeDeliveryChannelStatus', async () => {
    const infos = ['configSnapshotDeliveryInfo', 'configHistoryDeliveryInfo', 'configStreamDeliveryInfo'];
    const paths = ['DeliveryChannelsStatus[].name', ...infos.flatMap((i) => ['lastStatus', 'lastAttemptTime', 'lastSuccessfulTime'].map((f) => `DeliveryChannelsStatus[].${i}.${f}`))];
    const a = await sb.config(HOME).send(new DescribeDeliveryChannelStatusCommand({}));
    expect(shapeOf(a, paths)).toEqual(Object.fromEntries(paths.map((p) => [p, p.endsWith('name') || p.endsWith('lastStatus') ? 'string' : p.includes('Stream') ? 'absent' : 'Date'])));
    // Documented: moto raises NotImplementedError for this operation (an HTML 500 page).
    expect(await errorOf(m.config(HOME).send(new DescribeDeliveryChannelStatusCommand({})))).toMatchObject({ status: 500 });
  });

  it('DescribeConformancePacks: served by the sandbox, not by moto', async () => {
    expect(await errorOf(sb.config(HOME).send(new DescribeConformancePacksCommand({})))).toBe('no error');
    expect(await errorOf(m.config(HOME).send(new DescribeConformancePacksCommand({})))).not.toBe('no error');
  });
});

run('CloudTrail (awsJson1_1): trails, status, event selectors', () => {
  const trailPaths = ['Name', 'TrailARN', 'HomeRegion', 'IsMultiRegionTrail', 'IsOrganizationTrail', 'LogFileValidationEnabled', 'S3BucketName', 'IncludeGlobalServiceEvents'].map((f) => `trailList[].${f}`);

  it('DescribeTrails with shadow trails, from the home and another region', async () => {
    for (const region of [HOME, OTHER]) {
      const [a, b] = await Promise.all([sb.cloudtrail(region).send(new DescribeTrailsCommand({ includeShadowTrails: true })), m.cloudtrail(region).send(new DescribeTrailsCommand({ includeShadowTrails: true }))]);
      expect(shapeOf(b, trailPaths), region).toEqual(shapeOf(a, trailPaths));
      const names = (o: typeof a): string[] => o.trailList!.map((t) => t.Name!).sort();
      expect(names(b), region).toEqual(names(a));
    }
  });

  it('GetTrailStatus by ARN, logging and stopped, and an unknown trail', async () => {
    const paths = ['IsLogging', 'LatestDeliveryError', 'LatestDeliveryTime'];
    const sbTrails = sandbox.truth().trails[sandbox.accountId]![OTHER]!;
    const org = sbTrails.find((t) => t.IsLogging)!.TrailARN;
    const legacy = sbTrails.find((t) => !t.IsLogging)!.TrailARN;
    const [a, b] = await Promise.all([sb.cloudtrail(HOME).send(new GetTrailStatusCommand({ Name: org })), m.cloudtrail(HOME).send(new GetTrailStatusCommand({ Name: seed.trailArn }))]);
    expect(shapeOf(b, paths)).toEqual(shapeOf(a, paths));
    const [x, y] = await Promise.all([sb.cloudtrail(OTHER).send(new GetTrailStatusCommand({ Name: legacy })), m.cloudtrail(OTHER).send(new GetTrailStatusCommand({ Name: seed.regionalTrailArn }))]);
    expect([x.IsLogging, y.IsLogging]).toEqual([false, false]);
    expect(shapeOf(y, ['IsLogging'])).toEqual(shapeOf(x, ['IsLogging']));
    const unknown = { name: 'TrailNotFoundException', status: 400 };
    const arn = (acc: string): string => `arn:aws:cloudtrail:${HOME}:${acc}:trail/no-such-trail`;
    expect(await errorOf(sb.cloudtrail(HOME).send(new GetTrailStatusCommand({ Name: arn(sandbox.accountId) })))).toEqual(unknown);
    expect(await errorOf(m.cloudtrail(HOME).send(new GetTrailStatusCommand({ Name: arn(MOTO_ACCOUNT) })))).toEqual(unknown);
  });

  it('GetEventSelectors: advanced selectors on the organization trail, basic ones on the legacy trail', async () => {
    const sbTrails = sandbox.truth().trails[sandbox.accountId]![OTHER]!;
    const adv = ['TrailARN', 'AdvancedEventSelectors[].Name', 'AdvancedEventSelectors[].FieldSelectors[].Field', 'AdvancedEventSelectors[].FieldSelectors[].Equals', 'EventSelectors'];
    const [a, b] = await Promise.all([
      sb.cloudtrail(HOME).send(new GetEventSelectorsCommand({ TrailName: sbTrails.find((t) => t.IsOrganizationTrail)!.TrailARN })),
      m.cloudtrail(HOME).send(new GetEventSelectorsCommand({ TrailName: seed.trailArn })),
    ]);
    // Documented: with advanced selectors AWS answers no EventSelectors; moto adds an empty list.
    // The collector reads both as no basic selectors.
    expect(shapeOf(a, adv)).toMatchObject({ EventSelectors: 'absent' });
    expect(b.EventSelectors).toEqual([]);
    const common = adv.filter((p) => p !== 'EventSelectors');
    expect(shapeOf(b, common)).toEqual(shapeOf(a, common));
    const basic = ['TrailARN', 'EventSelectors[].ReadWriteType', 'EventSelectors[].IncludeManagementEvents', 'EventSelectors[].DataResources', 'EventSelectors[].ExcludeManagementEventSources'];
    const [x, y] = await Promise.all([
      sb.cloudtrail(OTHER).send(new GetEventSelectorsCommand({ TrailName: sbTrails.find((t) => !t.IsOrganizationTrail)!.TrailARN })),
      m.cloudtrail(OTHER).send(new GetEventSelectorsCommand({ TrailName: seed.regionalTrailArn })),
    ]);
    expect(shapeOf(y, basic)).toEqual(shapeOf(x, basic));
    // Documented, the other way round: with basic selectors moto adds an empty AdvancedEventSelectors.
    expect(x.AdvancedEventSelectors).toBeUndefined();
    expect(y.AdvancedEventSelectors).toEqual([]);
  });

  it('LookupEvents: served by the sandbox, not by moto', async () => {
    expect(await errorOf(sb.cloudtrail(HOME).send(new LookupEventsCommand({ MaxResults: 5 })))).toBe('no error');
    expect(await errorOf(m.cloudtrail(HOME).send(new LookupEventsCommand({ MaxResults: 5 })))).not.toBe('no error');
  });
});

run('KMS (awsJson1_1): what kms-keys reads', () => {
  it('ListKeys pages by Marker to the last page', async () => {
    const paths = ['Keys[].KeyId', 'Truncated', 'NextMarker'];
    const pages = async (c: AwsClients): Promise<Record<string, string>[]> => {
      const shapes: Record<string, string>[] = [];
      let Marker: string | undefined;
      do {
        const out = await c.kms(HOME).send(new ListKeysCommand({ Limit: 2, ...(Marker ? { Marker } : {}) }));
        shapes.push(shapeOf(out, paths));
        Marker = out.Truncated ? out.NextMarker : undefined;
      } while (Marker);
      return shapes;
    };
    const [a, b] = await Promise.all([pages(sb), pages(m)]);
    expect(a.length).toBeGreaterThan(1);
    expect(a[0]).toEqual({ 'Keys[].KeyId': 'string', Truncated: 'boolean', NextMarker: 'string' });
    expect(b.at(-1)).toEqual(a.at(-1));
    expect(a.at(-1)!.NextMarker).toBe('absent');
    // Documented: moto ignores Limit and answers every key on one untruncated page.
    expect(b).toHaveLength(1);
    const all = await m.kms(HOME).send(new ListKeysCommand({ Limit: 2 }));
    expect([all.Keys!.length, all.Truncated]).toEqual([3, false]);
  });

  it('DescribeKey and GetKeyRotationStatus for symmetric and asymmetric keys, and an unknown key', async () => {
    const keys = sandbox.truth().accounts.flatMap((acc) => sandbox.regions.flatMap((r) => sandboxDatasets(acc, r)['kms-keys']!.keys.map((k) => ({ acc, r, k }))));
    const find = (f: (k: (typeof keys)[number]['k']) => boolean) => keys.find((x) => f(x.k))!;
    const on = find((k) => k.rotation?.KeyRotationEnabled === true);
    const off = find((k) => k.rotation?.KeyRotationEnabled === false);
    const asym = find((k) => k.rotation === null);
    const kms = (x: { acc: string; r: string }) => (x.acc === sandbox.accountId ? sb : member(x.acc)).kms(x.r);
    const meta = ['KeyId', 'Arn', 'KeyState', 'KeySpec', 'KeyUsage', 'Enabled', 'CreationDate', 'Description', 'KeyManager', 'Origin'].map((f) => `KeyMetadata.${f}`);
    for (const [x, y] of [
      [on, seed.keys.rotating],
      [asym, seed.keys.asymmetric],
    ] as const) {
      const [a, b] = await Promise.all([kms(x).send(new DescribeKeyCommand({ KeyId: x.k.KeyId })), m.kms(HOME).send(new DescribeKeyCommand({ KeyId: y }))]);
      expect(shapeOf(b, meta)).toEqual(shapeOf(a, meta));
      expect(b.KeyMetadata!.KeySpec).toBe(a.KeyMetadata!.KeySpec);
    }
    const rot = ['KeyRotationEnabled', 'RotationPeriodInDays', 'NextRotationDate'];
    const [a, b] = await Promise.all([kms(on).send(new GetKeyRotationStatusCommand({ KeyId: on.k.KeyId })), m.kms(HOME).send(new GetKeyRotationStatusCommand({ KeyId: seed.keys.rotating }))]);
    expect(shapeOf(a, rot)).toEqual({ KeyRotationEnabled: 'boolean', RotationPeriodInDays: 'number', NextRotationDate: 'Date' });
    // Documented: moto answers only KeyRotationEnabled; AWS adds the period and the next date.
    expect(shapeOf(b, rot)).toEqual({ KeyRotationEnabled: 'boolean', RotationPeriodInDays: 'absent', NextRotationDate: 'absent' });
    expect([a.KeyRotationEnabled, b.KeyRotationEnabled]).toEqual([true, true]);
    const [c, d] = await Promise.all([kms(off).send(new GetKeyRotationStatusCommand({ KeyId: off.k.KeyId })), m.kms(HOME).send(new GetKeyRotationStatusCommand({ KeyId: seed.keys.notRotating }))]);
    expect(shapeOf(d, rot)).toEqual(shapeOf(c, rot));
    const unsupported = { name: 'UnsupportedOperationException', status: 400 };
    expect(await errorOf(kms(asym).send(new GetKeyRotationStatusCommand({ KeyId: asym.k.KeyId })))).toEqual(unsupported);
    // Documented: moto answers KeyRotationEnabled false for an asymmetric key; AWS refuses (the
    // collector never asks for such keys).
    expect((await m.kms(HOME).send(new GetKeyRotationStatusCommand({ KeyId: seed.keys.asymmetric }))).KeyRotationEnabled).toBe(false);
    const missing = { name: 'NotFoundException', status: 400 };
    const id = '00000000-0000-4000-8000-000000000000';
    expect(await errorOf(sb.kms(HOME).send(new DescribeKeyCommand({ KeyId: id })))).toEqual(missing);
    expect(await errorOf(m.kms(HOME).send(new DescribeKeyCommand({ KeyId: id })))).toEqual(missing);
  });
});

run('GuardDuty and Security Hub (restJson1)', () => {
  it('ListDetectors and GetDetector', async () => {
    const sbDetector = sandbox.truth().accounts.flatMap((acc) => [HOME, OTHER].map((r) => ({ acc, r, d: sandboxDatasets(acc, r)['guardduty-detectors']!.detectors[0] }))).find((x) => x.d?.Status === 'ENABLED')!;
    const c = sbDetector.acc === sandbox.accountId ? sb : member(sbDetector.acc);
    const [a, b] = await Promise.all([c.guardduty(sbDetector.r).send(new ListDetectorsCommand({})), m.guardduty(HOME).send(new ListDetectorsCommand({}))]);
    expect(shapeOf(b, ['DetectorIds', 'NextToken'])).toEqual(shapeOf(a, ['DetectorIds', 'NextToken']));
    const paths = ['Status', 'FindingPublishingFrequency', 'CreatedAt', 'UpdatedAt', 'ServiceRole'];
    const [x, y] = await Promise.all([c.guardduty(sbDetector.r).send(new GetDetectorCommand({ DetectorId: a.DetectorIds![0]! })), m.guardduty(HOME).send(new GetDetectorCommand({ DetectorId: seed.detectorId }))]);
    expect(shapeOf(y, paths)).toEqual(shapeOf(x, paths));
    expect([x.Status, y.Status]).toEqual(['ENABLED', 'ENABLED']);
  });

  it('DescribeHub, enabled and not, and GetEnabledStandards', async () => {
    const where = (enabled: boolean) =>
      sandbox
        .truth()
        .accounts.flatMap((acc) => sandbox.regions.map((r) => ({ acc, r, hub: sandboxDatasets(acc, r)['securityhub-standards']!.hub })))
        .find((x) => (x.hub !== null) === enabled)!;
    const on = where(true);
    const off = where(false);
    const cl = (acc: string): AwsClients => (acc === sandbox.accountId ? sb : member(acc));
    const paths = ['HubArn', 'SubscribedAt', 'AutoEnableControls'];
    const [a, b] = await Promise.all([cl(on.acc).securityhub(on.r).send(new DescribeHubCommand({})), m.securityhub(HOME).send(new DescribeHubCommand({}))]);
    expect(shapeOf(b, paths)).toEqual(shapeOf(a, paths));
    const notSubscribed = { name: 'InvalidAccessException', status: 401 };
    expect(await errorOf(cl(off.acc).securityhub(off.r).send(new DescribeHubCommand({})))).toEqual(notSubscribed);
    expect(before.hub).toEqual(notSubscribed);
    expect(await errorOf(cl(on.acc).securityhub(on.r).send(new GetEnabledStandardsCommand({})))).toBe('no error');
    expect(await errorOf(m.securityhub(HOME).send(new GetEnabledStandardsCommand({})))).not.toBe('no error');
  });
});
