// S3 and S3 Control over restXml through the real SDK clients (path-style, as src/collect/
// clients.ts builds them): the bucket list, each bucket setting with its 404s as data, region
// redirects, account-level Block Public Access, AssumeRole into a member, and S3's error XML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsClients } from '../../src/collect/clients.ts';
import { startSandbox, type RunningSandbox, type SandboxTruth } from '../../src/sandbox/index.ts';
import type { S3Bucket } from '../../src/domain/datasets.ts';

let sb: RunningSandbox;
let truth: SandboxTruth;
let clients: AwsClients;
const made: { destroy(): void }[] = [];

async function failure(p: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await p;
  } catch (err) {
    return { name: (err as Error).name, status: (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode };
  }
  return { name: 'no error' };
}
const buckets = (account: string): S3Bucket[] => truth.datasets[account]!.global!['s3-buckets']!.buckets;
const results = (account: string, region: string, sid: string) => new Map(truth.configRules[account]![region]!.find((r) => r.SourceIdentifier === sid)!.results.map((r) => [r.resourceId, r.compliance]));

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 19, faults: { throttling: false } });
  truth = sb.truth();
  // The production client factory: path-style S3, S3 Control without the account host prefix.
  clients = new AwsClients({ endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 });
});
afterAll(async () => {
  clients.destroy();
  made.forEach((c) => c.destroy());
  await sb.close();
});

describe('ListBuckets', () => {
  it('lists every bucket of the account, from any region, sorted, unpaged', async () => {
    for (const region of sb.regions) {
      const out = await clients.s3(region).send(new ListBucketsCommand({}));
      expect(out.Buckets!.map((b) => b.Name)).toEqual(buckets(sb.accountId).map((b) => b.Name));
      expect(out.Buckets!.map((b) => b.CreationDate!.toISOString())).toEqual(buckets(sb.accountId).map((b) => b.CreationDate));
      expect(out.ContinuationToken).toBeUndefined();
      // BucketRegion only comes with listing parameters
      expect(out.Buckets!.every((b) => b.BucketRegion === undefined)).toBe(true);
    }
  });

  it('pages with MaxBuckets and a continuation token to the last page', async () => {
    const names: string[] = [];
    let ContinuationToken: string | undefined;
    let pages = 0;
    do {
      const out = await clients.s3(sb.regions[0]!).send(new ListBucketsCommand({ MaxBuckets: 25, ...(ContinuationToken ? { ContinuationToken } : {}) }));
      expect(out.Buckets!.length).toBeLessThanOrEqual(25);
      expect(out.Buckets!.every((b) => sb.regions.includes(b.BucketRegion!))).toBe(true);
      names.push(...out.Buckets!.map((b) => b.Name!));
      ContinuationToken = out.ContinuationToken;
      pages += 1;
    } while (ContinuationToken);
    expect(pages).toBeGreaterThan(2);
    expect(names).toEqual(buckets(sb.accountId).map((b) => b.Name));
    expect(await failure(clients.s3(sb.regions[0]!).send(new ListBucketsCommand({ MaxBuckets: 25, ContinuationToken: 'bogus' })))).toEqual({ name: 'InvalidArgument', status: 400 });
  });
});

describe('bucket settings', () => {
  it('answers the location from any region (empty for us-east-1)', async () => {
    for (const b of buckets(sb.accountId).filter((_, i) => i % 7 === 0)) {
      const out = await clients.s3(sb.regions[1]!).send(new GetBucketLocationCommand({ Bucket: b.Name }));
      expect(out.LocationConstraint ?? 'us-east-1', b.Name).toBe(b.region === 'us-east-1' ? 'us-east-1' : b.region);
      if (b.region === 'us-east-1') expect(out.LocationConstraint ?? '').toBe('');
    }
  });

  it('answers every setting as the truth has it, 404s where nothing is configured', async () => {
    const counts = { noEncryption: 0, noBlock: 0, noPolicy: 0, suspended: 0, public: 0 };
    for (const b of buckets(sb.accountId)) {
      const s3 = clients.s3(b.region);
      const v = await s3.send(new GetBucketVersioningCommand({ Bucket: b.Name }));
      expect({ Status: v.Status, MFADelete: v.MFADelete }).toEqual(b.Versioning);
      if (b.Versioning.Status === 'Suspended') counts.suspended += 1;
      if (b.ServerSideEncryptionRules) {
        const e = await s3.send(new GetBucketEncryptionCommand({ Bucket: b.Name }));
        expect(e.ServerSideEncryptionConfiguration!.Rules!.map((r) => ({ ...r.ApplyServerSideEncryptionByDefault, BucketKeyEnabled: r.BucketKeyEnabled }))).toEqual(b.ServerSideEncryptionRules);
      } else {
        counts.noEncryption += 1;
        expect(await failure(s3.send(new GetBucketEncryptionCommand({ Bucket: b.Name })))).toEqual({ name: 'ServerSideEncryptionConfigurationNotFoundError', status: 404 });
      }
      if (b.PublicAccessBlockConfiguration) expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: b.Name }))).PublicAccessBlockConfiguration).toEqual(b.PublicAccessBlockConfiguration);
      else {
        counts.noBlock += 1;
        expect(await failure(s3.send(new GetPublicAccessBlockCommand({ Bucket: b.Name })))).toEqual({ name: 'NoSuchPublicAccessBlockConfiguration', status: 404 });
      }
      if (b.PolicyStatus?.IsPublic) counts.public += 1;
      if (b.PolicyStatus) expect((await s3.send(new GetBucketPolicyStatusCommand({ Bucket: b.Name }))).PolicyStatus).toEqual(b.PolicyStatus);
      else {
        counts.noPolicy += 1;
        expect(await failure(s3.send(new GetBucketPolicyStatusCommand({ Bucket: b.Name })))).toEqual({ name: 'NoSuchBucketPolicy', status: 404 });
      }
    }
    // the seed exercises every error
    expect(Object.values(counts).every((n) => n > 0), JSON.stringify(counts)).toBe(true);
  });

  it('agrees with the Config verdicts for the same buckets on the same day', () => {
    for (const day of [0, 4]) {
      const t = sb.truth(day);
      for (const account of t.accounts) {
        for (const b of t.datasets[account]!.global!['s3-buckets']!.buckets) {
          const verdict = (sid: string): string => new Map(t.configRules[account]![b.region]!.find((r) => r.SourceIdentifier === sid)!.results.map((r) => [r.resourceId, r.compliance])).get(b.Name)!;
          expect(b.Versioning.Status === 'Suspended', b.Name).toBe(verdict('S3_BUCKET_VERSIONING_ENABLED') === 'NON_COMPLIANT');
          expect(b.ServerSideEncryptionRules === null, b.Name).toBe(verdict('S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED') === 'NON_COMPLIANT');
          expect(b.PolicyStatus?.IsPublic === true, b.Name).toBe(verdict('S3_BUCKET_PUBLIC_READ_PROHIBITED') === 'NON_COMPLIANT');
        }
      }
    }
    expect(results(sb.accountId, sb.regions[0]!, 'S3_BUCKET_VERSIONING_ENABLED').size).toBeGreaterThan(0);
  });

  it('redirects a bucket setting asked in another region, as S3 does', async () => {
    const b = buckets(sb.accountId).find((x) => x.region !== sb.regions[0])!;
    const err = await clients
      .s3(sb.regions[0]!)
      .send(new GetBucketVersioningCommand({ Bucket: b.Name }))
      .catch((e: { name: string; $metadata: { httpStatusCode: number }; $response?: { headers: Record<string, string> } }) => e);
    expect(err).toMatchObject({ name: 'PermanentRedirect', $metadata: { httpStatusCode: 301 } });
    expect((err as { $response?: { headers: Record<string, string> } }).$response?.headers['x-amz-bucket-region']).toBe(b.region);
  });

  it('answers NoSuchBucket for an unknown bucket and AccessDenied for another account\'s', async () => {
    const s3 = clients.s3(sb.regions[0]!);
    expect(await failure(s3.send(new GetBucketVersioningCommand({ Bucket: 'no-such-bucket' })))).toEqual({ name: 'NoSuchBucket', status: 404 });
    expect(await failure(s3.send(new GetBucketVersioningCommand({ Bucket: `sbx-${sb.memberAccounts[0]}-${sb.regions[0]}-0` })))).toEqual({ name: 'AccessDenied', status: 403 });
  });
});

describe('S3 Control account Block Public Access', () => {
  it('answers the account setting, NoSuchPublicAccessBlockConfiguration where there is none, each account its own', async () => {
    // The management account's own setting, or its absence, as the truth has it.
    const mine = truth.datasets[sb.accountId]!.global!['s3-account-public-access-block']!.PublicAccessBlockConfiguration;
    const own = clients.s3control(sb.regions[0]!).send(new GetAccountPublicAccessBlockCommand({ AccountId: sb.accountId }));
    if (mine) expect((await own).PublicAccessBlockConfiguration).toEqual(mine);
    else expect(await failure(own)).toEqual({ name: 'NoSuchPublicAccessBlockConfiguration', status: 404 });
    const member = sb.memberAccounts[1]!;
    const sts = new STSClient({ endpoint: sb.url, region: sb.regions[0], credentials: sb.credentials });
    made.push(sts);
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/${sb.collectorRole}`, RoleSessionName: 's3-test' }))).Credentials!;
    const memberClients = clients.withCredentials({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
    try {
      expect(await failure(memberClients.s3control(sb.regions[0]!).send(new GetAccountPublicAccessBlockCommand({ AccountId: member })))).toEqual({ name: 'NoSuchPublicAccessBlockConfiguration', status: 404 });
      expect(truth.configRules[member]![sb.regions[0]!]!.find((r) => r.SourceIdentifier === 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC')!.results[0]!.compliance).toBe('NON_COMPLIANT');
      // another account's setting is not the caller's to read
      expect(await failure(memberClients.s3control(sb.regions[0]!).send(new GetAccountPublicAccessBlockCommand({ AccountId: sb.accountId })))).toEqual({ name: 'AccessDenied', status: 403 });
      // and the member's bucket list is its own
      const listed = await memberClients.s3(sb.regions[0]!).send(new ListBucketsCommand({}));
      expect(listed.Buckets!.map((b) => b.Name)).toEqual(buckets(member).map((b) => b.Name));
    } finally {
      memberClients.destroy();
    }
  });
});

describe('restXml errors', () => {
  const auth = (region: string) => `AWS4-HMAC-SHA256 Credential=AKIAX/20261129/${region}/s3/aws4_request, SignedHeaders=host, Signature=00`;
  it("answers S3's <Error> document with the request id", async () => {
    const b = buckets(sb.accountId)[0]!;
    const res = await fetch(`${sb.url}/${b.Name}?policyStatus`, { headers: { Authorization: auth(b.region) } });
    const text = await res.text();
    if (b.PolicyStatus) expect(res.status).toBe(200);
    const missing = await fetch(`${sb.url}/no-such-bucket?versioning`, { headers: { Authorization: auth(b.region) } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/<Error><Code>NoSuchBucket<\/Code><Message>The specified bucket does not exist<\/Message><BucketName>no-such-bucket<\/BucketName><RequestId>[-0-9a-f]+<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/);
    expect(missing.headers.get('x-amz-request-id')).toMatch(/^[-0-9a-f]{36}$/);
    expect(text.startsWith('<?xml')).toBe(true);
  });
  it('answers an operation it does not serve with NotImplemented (501) or MethodNotAllowed semantics', async () => {
    const b = buckets(sb.accountId)[0]!;
    const acl = await fetch(`${sb.url}/${b.Name}?acl`, { headers: { Authorization: auth(b.region) } });
    expect(acl.status).toBe(501);
    expect(await acl.text()).toMatch(/<Code>NotImplemented<\/Code>/);
    const put = await fetch(`${sb.url}/${b.Name}/key.txt`, { method: 'PUT', headers: { Authorization: auth(b.region) }, body: 'x' });
    expect(put.status).toBe(501);
    const control = await fetch(`${sb.url}/v20180820/configuration/nothing`, { headers: { Authorization: auth(b.region), 'x-amz-account-id': sb.accountId } });
    expect(control.status).toBe(501);
    expect(await control.text()).toMatch(/^<\?xml[^>]*>\n<ErrorResponse><Error><Code>NotImplemented<\/Code>/);
  });
});
