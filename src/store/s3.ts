// S3 backend (s3://bucket/prefix, any S3-compatible endpoint). Keys are stable, so the bucket's
// versioning keeps each object's history; the manifest pins version ids.
//
// - Dedupe without download: every object carries its sha256 in metadata (x-amz-meta-sha256) and
//   as its S3 checksum (ChecksumSHA256, which S3 verifies on upload and rejects when it differs);
//   a dedupe put asks HeadObject for the latest version's sha256 and writes nothing when it matches.
// - Encryption: the bucket's default, or SSE-KMS with a configured key on every write.
// - Object Lock: optional retention (COMPLIANCE or GOVERNANCE, N days) on every version written;
//   a reused version's retention is extended so that it lasts as long as the newest manifest
//   naming it.
// - Large bodies are streamed as multipart uploads (@aws-sdk/lib-storage), never buffered whole.
// - Before the first write it refuses a bucket without versioning, with public access not blocked,
//   without Object Lock when retention is configured, or a prefix the role cannot write.
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  PutObjectRetentionCommand,
  type HeadObjectCommandOutput,
  type PutObjectCommandInput,
  type PublicAccessBlockConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  assertValidKey,
  ConflictError,
  LockedError,
  NotFoundError,
  retainUntil,
  sha256Hex,
  sha256OfStream,
  StoreError,
  UnsafeStoreError,
  type DeleteOptions,
  type EvidenceStore,
  type GuardedRead,
  type LockMode,
  type ObjectLockOptions,
  type OpenBody,
  type PutOptions,
  type PutResult,
  type PutStreamOptions,
  type StoreCheck,
  type StoreFinding,
  type VersionInfo,
} from './store.ts';

import { b64ToHex, errName, errStatus, errText, hexToB64, isNotFound, parseS3Url } from './s3-common.ts';

export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
/** S3's smallest multipart part (but the last). */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
const WRITE_PROBE = '.evidence-write-check';
const PAB_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

export interface S3StoreOptions {
  /** SSE-KMS key (id, ARN or alias) for every write; without it the bucket's default encryption. */
  kmsKeyId?: string;
  objectLock?: ObjectLockOptions;
  /** Multipart part size (≥ 5 MiB); bodies at least this large go multipart. */
  partSize?: number;
  /** The account-level Block Public Access settings (S3 Control), consulted when the bucket's own are not all on. */
  accountPublicAccessBlock?: () => Promise<PublicAccessBlockConfiguration | null>;
}

export { parseS3Url };

export class S3Store implements EvidenceStore {
  readonly url: string;
  readonly bucket: string;
  readonly prefix: string;
  private readonly partSize: number;
  private ready: Promise<void> | null = null;

  constructor(
    url: string,
    private readonly client: S3Client,
    private readonly opts: S3StoreOptions = {},
  ) {
    ({ bucket: this.bucket, prefix: this.prefix } = parseS3Url(url));
    this.url = `s3://${this.bucket}${this.prefix ? `/${this.prefix}` : ''}`;
    this.partSize = Math.max(opts.partSize ?? DEFAULT_PART_SIZE, MIN_PART_SIZE);
  }

  private full(key: string): string {
    assertValidKey(key);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  private fullPrefix(prefix: string): string {
    return this.prefix ? `${this.prefix}/${prefix}` : prefix;
  }

  private rel(fullKey: string): string {
    return this.prefix ? fullKey.slice(this.prefix.length + 1) : fullKey;
  }

  /** Safety checks once per store object, before its first write. */
  private ensureReady(): Promise<void> {
    this.ready ??= this.check().then((report) => {
      if (!report.ok) throw new UnsafeStoreError(report);
    });
    // A failed check is not cached: the next write checks again (the bucket may have been fixed).
    this.ready.catch(() => (this.ready = null));
    return this.ready;
  }

  private writeParams(): Record<string, unknown> {
    const lock = this.opts.objectLock;
    return {
      ...(this.opts.kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.opts.kmsKeyId } : {}),
      ...(lock ? { ObjectLockMode: lock.mode, ObjectLockRetainUntilDate: retainUntil(lock) } : {}),
    };
  }

  private writeError(key: string, err: unknown): StoreError {
    if (err instanceof StoreError) return err;
    return new StoreError(`cannot write ${key} to ${this.url}: ${errText(err)}`, { cause: err });
  }

  async put(key: string, body: Uint8Array, opts: PutOptions = {}): Promise<PutResult> {
    const Key = this.full(key);
    await this.ensureReady();
    const sha256 = sha256Hex(body);
    try {
      if (opts.dedupe) {
        const same = await this.sameAsLatest(key, sha256, body.byteLength);
        if (same) return same;
      }
      if (body.byteLength >= this.partSize) return await this.upload(key, body, sha256, body.byteLength, opts);
      const out = await this.client.send(new PutObjectCommand(this.putObjectInput(Key, body, sha256, opts)));
      return { key, versionId: this.versionOf(key, out.VersionId), sha256, size: body.byteLength, reused: false };
    } catch (err) {
      throw this.writeError(key, err);
    }
  }

  private putObjectInput(Key: string, body: Uint8Array, sha256: string, opts: PutOptions): PutObjectCommandInput {
    const type = opts.contentType ? { ContentType: opts.contentType } : {};
    return { Bucket: this.bucket, Key, Body: body, ContentLength: body.byteLength, ...type, ChecksumAlgorithm: 'SHA256', ChecksumSHA256: hexToB64(sha256), Metadata: { sha256 }, ...this.writeParams() };
  }

  async readGuarded(key: string): Promise<GuardedRead | null> {
    let out;
    try {
      out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw new StoreError(`cannot read ${key} in ${this.url}: ${errText(err)}`, { cause: err });
    }
    if (!out.ETag) throw new StoreError(`${this.url} returned no ETag for ${key}: conditional writes need one`);
    return { bytes: await out.Body!.transformToByteArray(), token: out.ETag };
  }

  async putIfUnchanged(key: string, body: Uint8Array, token: string | null, opts: PutOptions = {}): Promise<PutResult> {
    const Key = this.full(key);
    await this.ensureReady();
    const sha256 = sha256Hex(body);
    try {
      const condition = token === null ? { IfNoneMatch: '*' } : { IfMatch: token };
      const out = await this.client.send(new PutObjectCommand({ ...this.putObjectInput(Key, body, sha256, opts), ...condition }));
      return { key, versionId: this.versionOf(key, out.VersionId), sha256, size: body.byteLength, reused: false };
    } catch (err) {
      // 412: the condition failed; 409 ConditionalRequestConflict: a concurrent conditional write won.
      if (errStatus(err) === 412 || errName(err) === 'PreconditionFailed' || errName(err) === 'ConditionalRequestConflict') throw new ConflictError(key);
      throw this.writeError(key, err);
    }
  }

  async putStream(key: string, open: OpenBody, opts: PutStreamOptions = {}): Promise<PutResult> {
    this.full(key);
    await this.ensureReady();
    try {
      // Metadata goes with the first request, so the hash is needed before the upload: a first
      // streaming pass computes it unless the caller knows it.
      let sha256 = opts.sha256;
      let size: number | undefined;
      if (!sha256) ({ sha256, size } = await sha256OfStream(open()));
      if (opts.dedupe) {
        const same = await this.sameAsLatest(key, sha256, size);
        if (same) return same;
      }
      return await this.upload(key, open(), sha256, size, opts);
    } catch (err) {
      throw this.writeError(key, err);
    }
  }

  /** Streamed (multipart when larger than a part) upload; the bytes sent are hashed on the way. */
  private async upload(key: string, body: Uint8Array | Readable, sha256: string, size: number | undefined, opts: PutOptions): Promise<PutResult> {
    const h = createHash('sha256');
    let sent = 0;
    const tee =
      body instanceof Uint8Array
        ? null
        : body.pipe(
            new Transform({
              transform(chunk: Buffer, _enc, cb) {
                h.update(chunk);
                sent += chunk.byteLength;
                cb(null, chunk);
              },
            }),
          );
    const upload = new Upload({
      client: this.client,
      partSize: this.partSize,
      queueSize: 4,
      leavePartsOnError: false,
      params: {
        Bucket: this.bucket,
        Key: this.full(key),
        Body: tee ?? body,
        ...(opts.contentType ? { ContentType: opts.contentType } : {}),
        // Per-part SHA-256 checksums: S3 rejects a corrupted part.
        ChecksumAlgorithm: 'SHA256',
        Metadata: { sha256 },
        ...this.writeParams(),
      },
    });
    const out = await upload.done();
    const versionId = this.versionOf(key, out.VersionId);
    if (tee) {
      const actual = h.digest('hex');
      if (actual !== sha256 || (size !== undefined && sent !== size)) {
        // The body changed between hashing and upload: this version's metadata would lie.
        await this.deleteVersion(key, versionId, { bypassGovernance: true }).catch(() => undefined);
        throw new StoreError(`${key} changed while it was uploaded (sha256 ${actual}, expected ${sha256}); nothing was stored`);
      }
      size = sent;
    }
    return { key, versionId, sha256, size: size ?? (body as Uint8Array).byteLength, reused: false };
  }

  private versionOf(key: string, versionId: string | undefined): string {
    if (!versionId || versionId === 'null') {
      throw new StoreError(`${this.url} returned no version id for ${key}: the bucket's versioning is off (enable it; evidence needs every version kept)`);
    }
    return versionId;
  }

  private async headRaw(key: string, versionId?: string): Promise<HeadObjectCommandOutput | null> {
    try {
      return await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.full(key), ...(versionId ? { VersionId: versionId } : {}), ChecksumMode: 'ENABLED' }));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw new StoreError(`cannot read ${key} in ${this.url}: ${errText(err)}`, { cause: err });
    }
  }

  private shaOf(head: HeadObjectCommandOutput): string | undefined {
    const meta = head.Metadata?.sha256;
    if (meta && /^[0-9a-f]{64}$/.test(meta)) return meta;
    // A single-part upload's ChecksumSHA256 is the whole object's; a multipart one ends in "-N".
    if (head.ChecksumSHA256 && !head.ChecksumSHA256.includes('-') && head.ChecksumType !== 'COMPOSITE') return b64ToHex(head.ChecksumSHA256);
    return undefined;
  }

  private async sameAsLatest(key: string, sha256: string, size: number | undefined): Promise<PutResult | null> {
    const head = await this.headRaw(key);
    if (!head?.VersionId || this.shaOf(head) !== sha256) return null;
    if (size !== undefined && head.ContentLength !== undefined && head.ContentLength !== size) return null;
    const lock = this.opts.objectLock;
    if (lock) {
      const wanted = retainUntil(lock);
      if (!head.ObjectLockRetainUntilDate || head.ObjectLockRetainUntilDate < wanted) {
        // Extending retention is always allowed (both modes); COMPLIANCE is never weakened.
        const mode = head.ObjectLockMode === 'COMPLIANCE' ? 'COMPLIANCE' : lock.mode;
        await this.client.send(new PutObjectRetentionCommand({ Bucket: this.bucket, Key: this.full(key), VersionId: head.VersionId, Retention: { Mode: mode, RetainUntilDate: wanted }, ChecksumAlgorithm: 'SHA256' }));
      }
    }
    return { key, versionId: head.VersionId, sha256, size: head.ContentLength ?? size ?? 0, reused: true };
  }

  async get(key: string, versionId?: string): Promise<Uint8Array> {
    const out = await this.getObject(key, versionId);
    return out.Body!.transformToByteArray();
  }

  async getStream(key: string, versionId?: string): Promise<Readable> {
    const out = await this.getObject(key, versionId);
    return out.Body as Readable;
  }

  private async getObject(key: string, versionId?: string) {
    try {
      return await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.full(key), ...(versionId ? { VersionId: versionId } : {}) }));
    } catch (err) {
      if (isNotFound(err)) throw new NotFoundError(key, versionId);
      throw new StoreError(`cannot read ${key} in ${this.url}: ${errText(err)}`, { cause: err });
    }
  }

  async head(key: string): Promise<VersionInfo | null> {
    const h = await this.headRaw(key);
    if (!h?.VersionId) return null;
    const sha256 = this.shaOf(h);
    return {
      key,
      versionId: h.VersionId,
      size: h.ContentLength ?? 0,
      lastModified: (h.LastModified ?? new Date(0)).toISOString(),
      ...(sha256 ? { sha256 } : {}),
      ...(h.ObjectLockMode && h.ObjectLockRetainUntilDate ? { retention: { mode: h.ObjectLockMode as LockMode, until: h.ObjectLockRetainUntilDate.toISOString() } } : {}),
    };
  }

  async listVersions(key: string): Promise<VersionInfo[]> {
    return (await this.versionsUnder(this.full(key))).filter((v) => v.key === key);
  }

  async listAllVersions(prefix: string): Promise<VersionInfo[]> {
    return this.versionsUnder(this.fullPrefix(prefix));
  }

  /** Versions (not delete markers) under a full prefix: keys sorted, each key's versions oldest first. */
  private async versionsUnder(fullPrefix: string): Promise<VersionInfo[]> {
    const byKey = new Map<string, VersionInfo[]>();
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    try {
      for (;;) {
        const page = await this.client.send(new ListObjectVersionsCommand({ Bucket: this.bucket, Prefix: fullPrefix, KeyMarker, VersionIdMarker }));
        for (const v of page.Versions ?? []) {
          if (!v.Key || !v.VersionId || v.VersionId === 'null') continue;
          if (this.prefix && !v.Key.startsWith(`${this.prefix}/`)) continue;
          const key = this.rel(v.Key);
          const list = byKey.get(key) ?? [];
          list.push({ key, versionId: v.VersionId, size: v.Size ?? 0, lastModified: (v.LastModified ?? new Date(0)).toISOString() });
          byKey.set(key, list);
        }
        if (!page.IsTruncated) break;
        KeyMarker = page.NextKeyMarker;
        VersionIdMarker = page.NextVersionIdMarker;
      }
    } catch (err) {
      throw new StoreError(`cannot list versions under ${fullPrefix} in ${this.url}: ${errText(err)}`, { cause: err });
    }
    // S3 lists a key's versions newest first.
    return [...byKey.keys()].sort().flatMap((k) => byKey.get(k)!.reverse());
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    try {
      for (;;) {
        const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.fullPrefix(prefix), ContinuationToken }));
        for (const o of page.Contents ?? []) if (o.Key && (!this.prefix || o.Key.startsWith(`${this.prefix}/`))) keys.push(this.rel(o.Key));
        if (!page.IsTruncated) break;
        ContinuationToken = page.NextContinuationToken;
      }
    } catch (err) {
      throw new StoreError(`cannot list ${prefix} in ${this.url}: ${errText(err)}`, { cause: err });
    }
    return keys.filter((k) => !k.split('/').some((s) => s.startsWith('.'))).sort();
  }

  async deleteVersion(key: string, versionId: string, opts: DeleteOptions = {}): Promise<void> {
    const head = await this.headRaw(key, versionId);
    if (!head) throw new NotFoundError(key, versionId);
    const until = head.ObjectLockRetainUntilDate;
    if (head.ObjectLockLegalHoldStatus === 'ON') throw new LockedError(`${key} version ${versionId} is under legal hold`);
    if (until && until > new Date() && (head.ObjectLockMode === 'COMPLIANCE' || !opts.bypassGovernance)) {
      throw new LockedError(`${key} version ${versionId} is locked (${head.ObjectLockMode} retention until ${until.toISOString()})`);
    }
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.full(key), VersionId: versionId, ...(opts.bypassGovernance ? { BypassGovernanceRetention: true } : {}) }));
    } catch (err) {
      if (errName(err) === 'AccessDenied' && until && until > new Date()) throw new LockedError(`${key} version ${versionId} is locked: ${errText(err)}`, { cause: err });
      throw new StoreError(`cannot delete ${key} version ${versionId} in ${this.url}: ${errText(err)}`, { cause: err });
    }
  }

  async check(): Promise<StoreCheck> {
    const findings: StoreFinding[] = [];
    const report = (): StoreCheck => ({ url: this.url, ok: findings.every((f) => f.ok), findings });
    const Bucket = this.bucket;
    try {
      await this.client.send(new HeadBucketCommand({ Bucket }));
      findings.push({ check: 'bucket', ok: true, detail: `bucket ${Bucket} is reachable` });
    } catch (err) {
      const why = errStatus(err) === 404 ? 'does not exist' : errStatus(err) === 403 ? 'is not accessible to this role (403)' : `cannot be reached: ${errText(err)}`;
      findings.push({ check: 'bucket', ok: false, detail: `bucket ${Bucket} ${why}` });
      return report();
    }

    try {
      const v = await this.client.send(new GetBucketVersioningCommand({ Bucket }));
      findings.push(
        v.Status === 'Enabled'
          ? { check: 'versioning', ok: true, detail: 'versioning is enabled: every version of every object is kept' }
          : { check: 'versioning', ok: false, detail: `versioning is ${v.Status ? v.Status.toLowerCase() : 'not enabled'}: a rewritten object would lose its history (aws s3api put-bucket-versioning --bucket ${Bucket} --versioning-configuration Status=Enabled)` },
      );
    } catch (err) {
      findings.push({ check: 'versioning', ok: false, detail: `cannot read the versioning status: ${errText(err)}` });
    }

    findings.push(await this.checkPublicAccess());

    let lockEnabled = false;
    let defaultRetention = '';
    try {
      const l = await this.client.send(new GetObjectLockConfigurationCommand({ Bucket }));
      lockEnabled = l.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
      const r = l.ObjectLockConfiguration?.Rule?.DefaultRetention;
      if (r) defaultRetention = `; bucket default retention ${r.Mode} ${r.Days ?? r.Years ?? '?'} ${r.Days ? 'day(s)' : 'year(s)'}`;
    } catch (err) {
      if (!['ObjectLockConfigurationNotFoundError', 'NoSuchObjectLockConfiguration'].includes(errName(err)) && errStatus(err) !== 404) {
        findings.push({ check: 'object-lock', ok: false, detail: `cannot read the Object Lock configuration: ${errText(err)}` });
      }
    }
    if (!findings.some((f) => f.check === 'object-lock')) {
      const lock = this.opts.objectLock;
      if (lock && !lockEnabled) findings.push({ check: 'object-lock', ok: false, detail: `retention (${lock.mode}, ${lock.days} days) is configured, but the bucket has Object Lock disabled (it can only be enabled on a versioned bucket)` });
      else if (lock) findings.push({ check: 'object-lock', ok: true, detail: `${lock.mode} retention of ${lock.days} day(s) on every object written${defaultRetention}` });
      else findings.push({ check: 'object-lock', ok: true, detail: lockEnabled ? `no retention configured here${defaultRetention || '; the bucket has Object Lock enabled without a default retention'}` : 'no retention configured; the bucket has Object Lock disabled' });
    }

    if (this.opts.kmsKeyId) {
      findings.push({ check: 'encryption', ok: true, detail: `SSE-KMS with key ${this.opts.kmsKeyId} on every write` });
    } else {
      try {
        const e = await this.client.send(new GetBucketEncryptionCommand({ Bucket }));
        const rule = e.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
        findings.push({ check: 'encryption', ok: true, detail: `bucket default encryption ${rule?.SSEAlgorithm ?? 'unknown'}${rule?.KMSMasterKeyID ? ` with key ${rule.KMSMasterKeyID}` : ''}` });
      } catch (err) {
        findings.push({ check: 'encryption', ok: true, detail: `no default encryption configuration readable (${errName(err) || 'error'}); S3 encrypts new objects with SSE-S3` });
      }
    }

    findings.push(await this.checkWrite());
    return report();
  }

  private async checkPublicAccess(): Promise<StoreFinding> {
    const off = (c: PublicAccessBlockConfiguration | null | undefined): string[] => PAB_FLAGS.filter((f) => c?.[f] !== true);
    let bucketOff: string[] = [...PAB_FLAGS];
    let bucketNote = '';
    try {
      const p = await this.client.send(new GetPublicAccessBlockCommand({ Bucket: this.bucket }));
      bucketOff = off(p.PublicAccessBlockConfiguration);
    } catch (err) {
      bucketNote = errName(err) === 'NoSuchPublicAccessBlockConfiguration' ? 'the bucket has no Block Public Access configuration' : `cannot read the bucket's Block Public Access: ${errText(err)}`;
    }
    if (bucketOff.length === 0) return { check: 'public-access', ok: true, detail: 'Block Public Access is on for the bucket (all four settings)' };
    if (this.opts.accountPublicAccessBlock) {
      try {
        const acct = await this.opts.accountPublicAccessBlock();
        if (acct && off(acct).length === 0) return { check: 'public-access', ok: true, detail: 'Block Public Access is on for the account (all four settings)' };
      } catch {
        // reported below as not blocked
      }
    }
    return {
      check: 'public-access',
      ok: false,
      detail: `public access is not blocked: ${bucketNote || `${bucketOff.join(', ')} off on the bucket`} and not all on for the account (aws s3api put-public-access-block --bucket ${this.bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true)`,
    };
  }

  /** s3:PutObject under the prefix, proven without leaving an object: a multipart upload, aborted. */
  private async checkWrite(): Promise<StoreFinding> {
    const Key = this.prefix ? `${this.prefix}/${WRITE_PROBE}` : WRITE_PROBE;
    const where = `s3://${this.bucket}/${this.prefix ? `${this.prefix}/` : ''}`;
    let uploadId: string | undefined;
    try {
      const c = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key, ChecksumAlgorithm: 'SHA256', ...this.writeParams() }));
      uploadId = c.UploadId;
    } catch (err) {
      return { check: 'write', ok: false, detail: `this role cannot write under ${where}: ${errText(err)}` };
    }
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId: uploadId }));
    } catch (err) {
      return { check: 'write', ok: true, detail: `can write under ${where}, but could not abort the probe upload (grant s3:AbortMultipartUpload): ${errText(err)}` };
    }
    return { check: 'write', ok: true, detail: `can write under ${where}${this.opts.kmsKeyId || this.opts.objectLock ? ' with the configured encryption and retention' : ''}` };
  }
}
