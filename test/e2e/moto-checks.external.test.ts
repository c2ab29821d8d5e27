// The api checks against moto, an AWS implementation this project did not write: boto3 builds a
// known world (compliant and non-compliant resources side by side), the product collects and
// judges it through its own clients, and each verdict is compared resource by resource. Where
// moto does not answer an operation the way AWS does, the check must read ERROR, never PASS
// (docs/sandbox-vs-moto.md lists those departures).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { AwsClients } from '../../src/collect/clients.ts';
import { collectEvidence } from '../../src/collect/engine.ts';
import { evaluateChecks } from '../../src/evaluate/checks.ts';
import { apiChecks } from '../../src/checks/index.ts';
import { FileStore } from '../../src/store/file.ts';
import { silentLogger } from '../../src/util/log.ts';
import type { CheckResult } from '../../src/domain/results.ts';
import { MOTO_BIN, MOTO_CREDENTIALS, MOTO_REGION, startMoto, type Moto } from '../store/moto.ts';
import { tempDir } from '../helpers.ts';

const ACCOUNT = '123456789012';

const WORLD = `
import json, os, boto3
kw = dict(endpoint_url=os.environ['MOTO_URL'], region_name='us-east-1', aws_access_key_id='testing', aws_secret_access_key='testing')
s3, iam, kms, ct, gd = (boto3.client(n, **kw) for n in ('s3', 'iam', 'kms', 'cloudtrail', 'guardduty'))
for b in ('open-bucket', 'locked-bucket', 'plain-bucket', 'trail-logs'):
    s3.create_bucket(Bucket=b)
s3.put_bucket_policy(Bucket='open-bucket', Policy=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::open-bucket/*'}]}))
s3.put_bucket_versioning(Bucket='locked-bucket', VersioningConfiguration={'Status': 'Enabled'})
s3.put_bucket_encryption(Bucket='locked-bucket', ServerSideEncryptionConfiguration={'Rules': [{'ApplyServerSideEncryptionByDefault': {'SSEAlgorithm': 'AES256'}}]})
s3.put_public_access_block(Bucket='locked-bucket', PublicAccessBlockConfiguration={k: True for k in ('BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets')})
iam.update_account_password_policy(MinimumPasswordLength=8)
iam.create_user(UserName='console-no-mfa'); iam.create_login_profile(UserName='console-no-mfa', Password='Passw0rd!Passw0rd!')
iam.create_user(UserName='api-only'); iam.create_access_key(UserName='api-only')
rotated = kms.create_key()['KeyMetadata']['KeyId']; kms.enable_key_rotation(KeyId=rotated)
unrotated = kms.create_key()['KeyMetadata']['KeyId']
ct.create_trail(Name='all-but-stopped', S3BucketName='trail-logs', IsMultiRegionTrail=True)
ct.put_event_selectors(TrailName='all-but-stopped', EventSelectors=[{'ReadWriteType': 'All', 'IncludeManagementEvents': True}])
ct.create_trail(Name='writes-only', S3BucketName='trail-logs', EnableLogFileValidation=True)
ct.put_event_selectors(TrailName='writes-only', EventSelectors=[{'ReadWriteType': 'WriteOnly', 'IncludeManagementEvents': True}])
ct.start_logging(Name='writes-only')
gd.create_detector(Enable=True)
print(json.dumps({'rotated': rotated, 'unrotated': unrotated}))
`;

let moto: Moto;
let results: CheckResult[];
let keys: { rotated: string; unrotated: string };
let cleanup: () => Promise<void>;

async function python(script: string, env: Record<string, string>): Promise<string> {
  const child = spawn('python3', ['-c', script], { env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  if (code !== 0) throw new Error(`boto3 world failed: ${err.slice(-2000)}`);
  return out;
}

beforeAll(async () => {
  if (!MOTO_BIN) return;
  moto = await startMoto();
  keys = JSON.parse(await python(WORLD, { MOTO_URL: moto.endpoint })) as typeof keys;
  let dir: string;
  ({ dir, cleanup } = await tempDir());
  const clients = new AwsClients({ endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS, maxAttempts: 1 });
  const checks = apiChecks.filter((c) => !['root-account-not-used', 'console-login-mfa'].includes(c.id));
  const out = await collectEvidence({
    store: new FileStore(path.join(dir, 'store')),
    accounts: [{ account: ACCOUNT, clients }],
    regions: [MOTO_REGION],
    checks: [...checks],
    concurrency: 4,
    log: silentLogger(),
    now: () => new Date(),
    keepTargets: true,
  });
  results = evaluateChecks([...checks], out.targets);
  clients.destroy();
}, 180_000);
afterAll(async () => {
  await moto?.stop();
  await cleanup?.();
});

/** Verdict per resource id (the last path element), or the target status when there is none. */
function verdicts(id: string): Record<string, string> {
  const c = results.find((r) => r.id === id)!;
  const out: Record<string, string> = {};
  for (const t of c.targets) {
    if (t.results.length === 0) out['*'] = t.status;
    for (const r of t.results) out[r.resourceId.split(/[/:]/).at(-1)!] = r.compliance;
  }
  return out;
}

describe.skipIf(!MOTO_BIN)('api checks against moto', () => {
  it('judges the trails: stopped, write-only, multi-region', () => {
    expect(verdicts('cloudtrail-trails-logging')).toEqual({ 'all-but-stopped': 'NON_COMPLIANT', 'writes-only': 'COMPLIANT' });
    expect(verdicts('cloudtrail-log-file-validation')).toEqual({ 'all-but-stopped': 'NON_COMPLIANT', 'writes-only': 'COMPLIANT' });
    expect(verdicts('cloudtrail-kms-encryption')).toEqual({ 'all-but-stopped': 'NON_COMPLIANT', 'writes-only': 'NON_COMPLIANT' });
    expect(verdicts('cloudtrail-multi-region-logging')).toEqual({ [ACCOUNT]: 'NON_COMPLIANT' });
    // the trail selecting all management events is stopped; the logging one records writes only
    expect(verdicts('cloudtrail-management-events')).toEqual({ [ACCOUNT]: 'NON_COMPLIANT' });
  });

  it('reads the bucket checks as ERROR: moto answers GetBucketPolicyStatus without PolicyStatus.IsPublic', () => {
    // AWS always states IsPublic; moto leaves it out, so the public bucket cannot be told from a
    // private one. The whole bucket dataset fails, and no bucket check passes.
    for (const id of ['s3-bucket-not-public', 's3-bucket-versioning', 's3-bucket-encryption']) {
      const t = results.find((r) => r.id === id)!.targets;
      expect(t.map((x) => x.status), id).toEqual(['ERROR']);
      expect(t[0]!.reason).toMatch(/GetBucketPolicyStatus: MalformedResponse: .*PolicyStatus\.IsPublic/);
    }
    expect(verdicts('s3-account-public-access-blocked')).toEqual({ [ACCOUNT]: 'NON_COMPLIANT' });
  });

  it('reads ERROR where moto lacks the operation (Access Analyzer, Config delivery status)', () => {
    expect(verdicts('access-analyzer-enabled')).toEqual({ '*': 'ERROR' });
    expect(verdicts('config-delivery-healthy')).toEqual({ '*': 'ERROR' });
  });

  it('judges IAM: weak password policy, console user without MFA, fresh key', () => {
    expect(verdicts('iam-password-policy-strong')).toEqual({ [ACCOUNT]: 'NON_COMPLIANT' });
    expect(verdicts('iam-users-console-mfa')).toEqual({ 'console-no-mfa': 'NON_COMPLIANT', 'api-only': 'NOT_APPLICABLE' });
    expect(verdicts('iam-access-keys-rotated')).toEqual({ 'console-no-mfa': 'NOT_APPLICABLE', 'api-only': 'COMPLIANT' });
  });

  it('judges KMS rotation and GuardDuty', () => {
    expect(verdicts('kms-customer-key-rotation')).toEqual({ [keys.rotated]: 'COMPLIANT', [keys.unrotated]: 'NON_COMPLIANT' });
    expect(verdicts('guardduty-enabled')).toEqual({ [ACCOUNT]: 'COMPLIANT' });
  });

  it('judges the account-level services nobody configured, and the root user', () => {
    expect(verdicts('config-recorder-recording')).toEqual({ [ACCOUNT]: 'NON_COMPLIANT' });
    expect(verdicts('securityhub-enabled')).toEqual({ [ACCOUNT]: 'NON_COMPLIANT' });
    // moto's root user has no MFA device and no access keys
    expect(verdicts('iam-root-mfa')).toEqual({ [ACCOUNT]: 'NON_COMPLIANT' });
    expect(verdicts('iam-root-no-access-keys')).toEqual({ [ACCOUNT]: 'COMPLIANT' });
  });

  it('reads no check as PASS where moto gave nothing to judge', () => {
    for (const c of results) for (const t of c.targets) if (t.results.length === 0) expect(t.status, `${c.id}: ${t.reason}`).not.toBe('PASS');
  });
});
