// The evidence store contract: a versioned object store (S3 semantics) chosen by URL.
import { createHash } from 'node:crypto';

export interface VersionInfo {
  key: string;
  versionId: string;
  size: number;
  lastModified: string;
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

export interface EvidenceStore {
  readonly url: string;
  put(key: string, body: Uint8Array, opts?: PutOptions): Promise<PutResult>;
  /** Latest version when versionId is omitted. Throws NotFoundError. */
  get(key: string, versionId?: string): Promise<Uint8Array>;
  /** Latest version's info, or null when the key has none. */
  head(key: string): Promise<VersionInfo | null>;
  /** All versions of a key, oldest first. */
  listVersions(key: string): Promise<VersionInfo[]>;
  /** Keys (with at least one version) under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(
    readonly key: string,
    readonly versionId?: string,
  ) {
    super(versionId ? `no version ${versionId} of ${key} in the store` : `no object ${key} in the store`);
  }
}

export class StoreError extends Error {
  override readonly name = 'StoreError';
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
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
