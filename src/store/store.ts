// The evidence store contract: a versioned object store (S3 semantics) chosen by URL.
// Every backend (file.ts, s3.ts) passes the same contract tests (test/store/contract.ts).
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { EvidenceError } from '../domain/index.ts';

export const LOCK_MODES = ['COMPLIANCE', 'GOVERNANCE'] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/** Retention applied to every object written (S3 Object Lock; advisory in the file store). */
export interface ObjectLockOptions {
  mode: LockMode;
  days: number;
}

export interface VersionInfo {
  key: string;
  versionId: string;
  size: number;
  lastModified: string;
  /** sha256 (hex) recorded with the version, when the backend returns it (head). */
  sha256?: string;
  /** Object Lock retention of this version, when the backend returns it (head). */
  retention?: { mode: LockMode; until: string };
}

export interface PutResult {
  key: string;
  versionId: string;
  sha256: string;
  size: number;
  /** True when the latest version already had these bytes and nothing was written. */
  reused: boolean;
}

export interface PutOptions {
  contentType?: string;
  /** Skip the write when the latest version has the same sha256 (evidence objects). */
  dedupe?: boolean;
}

export interface PutStreamOptions extends PutOptions {
  /** The body's sha256 (hex) when the caller knows it; saves the store a hashing pass. */
  sha256?: string;
}

/** Opens the body afresh each time it is called (a backend may read it twice: hash, then upload). */
export type OpenBody = () => Readable;

export interface DeleteOptions {
  /** Delete a GOVERNANCE-mode version before its retention ends (S3 BypassGovernanceRetention). */
  bypassGovernance?: boolean;
}

export interface StoreFinding {
  /** Short name of what was checked: "versioning", "public-access", "write", ... */
  check: string;
  ok: boolean;
  detail: string;
}

export interface StoreCheck {
  url: string;
  ok: boolean;
  findings: StoreFinding[];
}

/** The latest version's bytes with a token naming that version, for putIfUnchanged. */
export interface GuardedRead {
  bytes: Uint8Array;
  /** S3: the version's ETag; file store: its version id. */
  token: string;
}

export interface EvidenceStore {
  readonly url: string;
  /** Latest version with its token, or null when the key has none. */
  readGuarded(key: string): Promise<GuardedRead | null>;
  /**
   * Writes a new version only when the latest is still the one `token` names (null: only when the
   * key has no version yet); otherwise throws ConflictError and writes nothing. S3: If-Match /
   * If-None-Match; file store: an exclusive create of the next version.
   */
  putIfUnchanged(key: string, body: Uint8Array, token: string | null, opts?: PutOptions): Promise<PutResult>;
  put(key: string, body: Uint8Array, opts?: PutOptions): Promise<PutResult>;
  /** Streams the body (S3: multipart for large bodies); never holds it whole in memory. */
  putStream(key: string, open: OpenBody, opts?: PutStreamOptions): Promise<PutResult>;
  /** Latest version when versionId is omitted. Throws NotFoundError. */
  get(key: string, versionId?: string): Promise<Uint8Array>;
  /** Like get, as a stream (large objects, hashing without buffering). Throws NotFoundError. */
  getStream(key: string, versionId?: string): Promise<Readable>;
  /** Latest version's info (with sha256 and retention when known), or null when the key has none. */
  head(key: string): Promise<VersionInfo | null>;
  /** All versions of a key, oldest first. */
  listVersions(key: string): Promise<VersionInfo[]>;
  /** Keys (with at least one version) under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Every version of every key under a prefix (orphan detection), keys sorted, versions oldest first. */
  listAllVersions(prefix: string): Promise<VersionInfo[]>;
  /** Permanently deletes one version. Throws LockedError while its retention lasts. */
  deleteVersion(key: string, versionId: string, opts?: DeleteOptions): Promise<void>;
  /** Safety checks before writing (versioning, public access, write access, lock, encryption). */
  check(): Promise<StoreCheck>;
}

export class NotFoundError extends EvidenceError {
  override readonly name = 'NotFoundError';
  constructor(
    readonly key: string,
    readonly versionId?: string,
  ) {
    super(versionId ? `no version ${versionId} of ${key} in the store` : `no object ${key} in the store`);
  }
}

export class StoreError extends EvidenceError {
  override readonly name: string = 'StoreError';
}

/** A conditional write lost: the key changed since it was read. Read it again and retry. */
export class ConflictError extends StoreError {
  override readonly name = 'ConflictError';
  constructor(readonly key: string) {
    super(`${key} changed since it was read (another writer got there first)`);
  }
}

/** A version under Object Lock retention (or legal hold) cannot be deleted. */
export class LockedError extends StoreError {
  override readonly name = 'LockedError';
}

/** The store failed its safety checks: nothing is written to it. */
export class UnsafeStoreError extends StoreError {
  override readonly name = 'UnsafeStoreError';
  constructor(readonly report: StoreCheck) {
    const bad = report.findings.filter((f) => !f.ok);
    super(`refusing to write to ${report.url}:\n${bad.map((f) => `  - ${f.check}: ${f.detail}`).join('\n')}\n(evidence store check --store ${report.url} prints every check)`);
  }
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 (hex) of a stream, read chunk by chunk. */
export async function sha256OfStream(stream: Readable): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    h.update(b);
    size += b.byteLength;
  }
  return { sha256: h.digest('hex'), size };
}

/** sha256 of one stored version, streamed (no whole-object buffer). */
export async function sha256OfVersion(store: EvidenceStore, key: string, versionId?: string): Promise<{ sha256: string; size: number }> {
  return sha256OfStream(await store.getStream(key, versionId));
}

export function retainUntil(lock: ObjectLockOptions, now = new Date()): Date {
  return new Date(now.getTime() + lock.days * 86_400_000);
}

/** Keys are relative, '/'-separated, without '.' or '..' segments, so they map safely onto paths. */
export function assertValidKey(key: string): void {
  if (!key || key.startsWith('/') || key.endsWith('/') || key.includes('\\') || key.includes('\0')) {
    throw new StoreError(`invalid store key ${JSON.stringify(key)}`);
  }
  for (const seg of key.split('/')) {
    if (seg === '' || seg === '.' || seg === '..' || seg.startsWith('~')) {
      throw new StoreError(`invalid store key ${JSON.stringify(key)}: segment ${JSON.stringify(seg)}`);
    }
  }
}

/** Throws UnsafeStoreError when the store fails a safety check; returns the report otherwise. */
export async function ensureStoreReady(store: EvidenceStore): Promise<StoreCheck> {
  const report = await store.check();
  if (!report.ok) throw new UnsafeStoreError(report);
  return report;
}
