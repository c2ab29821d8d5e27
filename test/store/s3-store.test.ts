// The S3 backend against moto (an independent S3 implementation): the shared contract suite,
// then what only S3 has: safety refusals, SSE-KMS, Object Lock enforced by the service itself,
// checksums and multipart on the wire, dedupe by metadata without downloading.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { FileStore } from '../../src/store/file.ts';
import { openStore } from '../../src/store/open.ts';
import { UnsafeStoreError, sha256Hex, type EvidenceStore, type ObjectLockOptions } from '../../src/store/store.ts';
import { registerReopen, storeContract } from './contract.ts';
import { MOTO_BIN, MOTO_CREDENTIALS, MOTO_REGION, MOTO_SKIP_REASON, makeBucket, makeKmsKey, startMoto, type Moto } from './moto.ts';

if (!MOTO_BIN) console.warn(MOTO_SKIP_REASON);

let moto: Moto;
beforeAll(async () => {
  if (MOTO_BIN) moto = await startMoto();
}, 60_000);
afterAll(async () => {
  await moto?.stop();
});

function s3Store(bucket: string, prefix: string, opts: { objectLock?: ObjectLockOptions; kmsKeyId?: string; client?: S3Client } = {}): EvidenceStore {
  return openStore(`s3://${bucket}/${prefix}`, process.cwd(), {
    ...(opts.objectLock ? { objectLock: opts.objectLock } : {}),
    s3: { client: opts.client ?? moto.s3, ...(opts.kmsKeyId ? { kmsKeyId: opts.kmsKeyId } : {}) },
  });
}

describe.skipIf(!MOTO_BIN)('S3 store on moto', () => {
  storeContract('s3 (moto)', () => ({
    lock: true,
    make: async (opts = {}) => {
      // Retention needs a bucket with Object Lock; every other case a plain versioned bucket.
      const bucket = await makeBucket(moto.s3, { objectLock: Boolean(opts.objectLock) });
      const prefix = `p${randomBytes(3).toString('hex')}/evidence`;
      return registerReopen(s3Store(bucket, prefix, opts), (objectLock) => s3Store(bucket, prefix, { objectLock }));
    },
  }));

  describe('safety checks before writing', () => {
    it('refuses a bucket without versioning, naming the fix', async () => {
      const bucket = await makeBucket(moto.s3, { versioning: false });
      const store = s3Store(bucket, 'ev');
      const report = await store.check();
      expect(report.ok).toBe(false);
      expect(report.findings.find((f) => f.check === 'versioning')).toMatchObject({ ok: false, detail: expect.stringMatching(/versioning is not enabled.*put-bucket-versioning/) });
      await expect(store.put('evidence/x.json', Buffer.from('x'))).rejects.toThrow(UnsafeStoreError);
      await expect(store.put('evidence/x.json', Buffer.from('x'))).rejects.toThrow(/refusing to write to s3:\/\/.*versioning/s);
      // Suspended versioning is refused too.
      await moto.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }));
      expect((await store.check()).findings.find((f) => f.check === 'versioning')?.detail).toMatch(/versioning is suspended/);
    });

    it('refuses a bucket whose public access is not blocked', async () => {
      const bucket = await makeBucket(moto.s3, { blockPublicAccess: false });
      const report = await s3Store(bucket, 'ev').check();
      expect(report.ok).toBe(false);
      expect(report.findings.find((f) => f.check === 'public-access')).toMatchObject({ ok: false, detail: expect.stringMatching(/public access is not blocked/) });
    });

    it('refuses a missing bucket, and retention on a bucket without Object Lock', async () => {
      const missing = await s3Store('no-such-bucket-here', 'ev').check();
      expect(missing.findings).toEqual([expect.objectContaining({ check: 'bucket', ok: false, detail: expect.stringMatching(/does not exist/) })]);
      const bucket = await makeBucket(moto.s3);
      const report = await s3Store(bucket, 'ev', { objectLock: { mode: 'COMPLIANCE', days: 30 } }).check();
      expect(report.findings.find((f) => f.check === 'object-lock')).toMatchObject({ ok: false, detail: expect.stringMatching(/Object Lock disabled/) });
    });

    it('leaves nothing behind when it checks write access', async () => {
      const bucket = await makeBucket(moto.s3);
      const store = s3Store(bucket, 'ev');
      // openStore defers the S3 backend (and the AWS SDK) to the first call: the URL is its own.
      expect(store).not.toBeInstanceOf(FileStore);
      expect(store.url).toBe(`s3://${bucket}/ev`);
      expect((await store.check()).ok).toBe(true);
      expect(await store.listAllVersions('')).toEqual([]);
    });
  });

  describe('service-side guarantees', () => {
    it('encrypts every write with the configured SSE-KMS key', async () => {
      const keyArn = await makeKmsKey(moto.kms, 'encrypt');
      const bucket = await makeBucket(moto.s3);
      const store = s3Store(bucket, 'ev', { kmsKeyId: keyArn });
      expect((await store.check()).findings.find((f) => f.check === 'encryption')?.detail).toContain(keyArn);
      await store.put('evidence/a.json', Buffer.from('{"a":1}'));
      await store.putStream('reports/r/a.pdf', () => Readable.from([Buffer.from('%PDF')]));
      for (const key of ['ev/evidence/a.json', 'ev/reports/r/a.pdf']) {
        const head = await moto.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        expect(head.ServerSideEncryption).toBe('aws:kms');
        expect(head.SSEKMSKeyId).toContain(keyArn.split('/').at(-1));
      }
    });

    it('puts Object Lock retention on every object; S3 itself refuses to delete a locked version', async () => {
      const bucket = await makeBucket(moto.s3, { objectLock: true });
      const store = s3Store(bucket, 'ev', { objectLock: { mode: 'COMPLIANCE', days: 1 } });
      const put = await store.put('runs/r1/manifest.json', Buffer.from('{"manifest":true}'));
      const head = await moto.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'ev/runs/r1/manifest.json', VersionId: put.versionId }));
      expect(head.ObjectLockMode).toBe('COMPLIANCE');
      expect(head.ObjectLockRetainUntilDate!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
      // Straight to S3, past this tool: refused.
      await expect(moto.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'ev/runs/r1/manifest.json', VersionId: put.versionId, BypassGovernanceRetention: true }))).rejects.toThrow(/Access Denied/i);
      const body = await moto.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'ev/runs/r1/manifest.json', VersionId: put.versionId }));
      expect(await body.Body!.transformToString()).toBe('{"manifest":true}');
    });

    it('sends SHA-256 checksums and the sha256 metadata; big bodies go multipart', async () => {
      const bucket = await makeBucket(moto.s3);
      const store = s3Store(bucket, 'ev');
      const small = await store.put('evidence/s.json', Buffer.from('small'));
      const h1 = await moto.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'ev/evidence/s.json', VersionId: small.versionId, ChecksumMode: 'ENABLED' }));
      expect(h1.ChecksumSHA256).toBe(Buffer.from(sha256Hex('small'), 'hex').toString('base64'));
      expect(h1.Metadata?.sha256).toBe(sha256Hex('small'));
      const big = Buffer.alloc(17 * 1024 * 1024, 5);
      const put = await store.put('evidence/big.json', big);
      const h2 = await moto.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'ev/evidence/big.json', VersionId: put.versionId }));
      expect(h2.ETag).toMatch(/-3"$/); // three 8 MiB parts
      expect(h2.Metadata?.sha256).toBe(sha256Hex(big));
      expect(h2.ContentLength).toBe(big.length);
    }, 120_000);

    it('dedupes from metadata alone: no object is downloaded', async () => {
      const client = new S3Client({ endpoint: moto.endpoint, region: MOTO_REGION, forcePathStyle: true, credentials: MOTO_CREDENTIALS });
      const calls: string[] = [];
      client.middlewareStack.add(
        (next, context) => async (args) => {
          calls.push(String(context.commandName));
          return next(args);
        },
        { step: 'initialize', name: 'countCommands' },
      );
      try {
        const bucket = await makeBucket(moto.s3);
        const store = s3Store(bucket, 'ev', { client });
        const body = Buffer.from(JSON.stringify({ evidence: 'x'.repeat(1000) }));
        await store.put('evidence/d.json', body, { dedupe: true });
        calls.length = 0;
        for (let i = 0; i < 5; i += 1) expect((await store.put('evidence/d.json', body, { dedupe: true })).reused).toBe(true);
        expect(calls).toEqual(Array(5).fill('HeadObjectCommand'));
      } finally {
        client.destroy();
      }
    });
  });

  describe('a role that cannot write under the prefix', () => {
    let iamMoto: Moto;
    beforeAll(async () => {
      // A second moto that enforces IAM after the first 6 requests (the users' setup).
      iamMoto = await startMoto({ INITIAL_NO_AUTH_ACTION_COUNT: '6' });
    }, 60_000);
    afterAll(async () => {
      await iamMoto?.stop();
    });

    it('is refused with the prefix named; a role allowed there passes', async () => {
      const iam = new IAMClient({ endpoint: iamMoto.endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS });
      const user = async (name: string, statements: object[]) => {
        await iam.send(new CreateUserCommand({ UserName: name }));
        await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
        const k = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
        return { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
      };
      const admin = await user('admin', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
      const auditor = await user('collector', [
        // s3:HeadBucket is moto's action name for HeadBucket (AWS checks s3:ListBucket).
        { Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:HeadBucket'], Resource: '*' },
        { Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Resource: 'arn:aws:s3:::evidence-bkt/allowed/*' },
      ]);
      iam.destroy();
      const mk = (c: typeof admin) => new S3Client({ endpoint: iamMoto.endpoint, region: MOTO_REGION, forcePathStyle: true, credentials: c });
      const adminS3 = mk(admin);
      const roleS3 = mk(auditor);
      try {
        await makeBucket(adminS3, {}, 'evidence-bkt');
        const denied = await s3Store('evidence-bkt', 'denied/prefix', { client: roleS3 }).check();
        expect(denied.ok, JSON.stringify(denied.findings)).toBe(false);
        expect(denied.findings.find((f) => f.check === 'write')).toMatchObject({ ok: false, detail: expect.stringMatching(/cannot write under s3:\/\/evidence-bkt\/denied\/prefix\/.*AccessDenied/) });
        const store = s3Store('evidence-bkt', 'allowed', { client: roleS3 });
        expect((await store.check()).ok).toBe(true);
        expect((await store.put('evidence/x.json', Buffer.from('x'))).versionId).toBeTruthy();
      } finally {
        adminS3.destroy();
        roleS3.destroy();
      }
    });
  });
});
