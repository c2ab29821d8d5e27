// Backends are chosen by URL (DESIGN habit 7).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import { FileStore } from './file.ts';
import { parseS3Url } from './s3-common.ts';
import { StoreError, type EvidenceStore, type ObjectLockOptions } from './store.ts';
import type { RunHooks } from '../domain/index.ts';

export interface OpenStoreOptions {
  /** beforeWrite is called before each write (crash tests stop a run at its nth write). */
  hooks?: Pick<RunHooks, 'beforeWrite'>;
  /** Retention on every object written (S3 Object Lock; recorded and honoured by the file store). */
  objectLock?: ObjectLockOptions;
  s3?: {
    /** SSE-KMS key for every write (default: the bucket's default encryption). */
    kmsKeyId?: string;
    region?: string;
    /** S3-compatible endpoint; default AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL. Path-style addressing when set. */
    endpoint?: string;
    profile?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    partSize?: number;
    /** An injected client (tests, benchmarks); the options above are then ignored. */
    client?: S3Client;
  };
}

export function openStore(url: string, cwd = process.cwd(), opts: OpenStoreOptions = {}): EvidenceStore {
  const store = openBackend(url, cwd, opts);
  return opts.hooks?.beforeWrite ? withWriteHook(store, opts.hooks.beforeWrite) : store;
}

/** The store with `before(n)` awaited ahead of its nth write. */
function withWriteHook(store: EvidenceStore, before: (n: number) => Promise<void>): EvidenceStore {
  let writes = 0;
  const next = (): Promise<void> => before(++writes);
  return {
    get url() {
      return store.url;
    },
    readGuarded: (key) => store.readGuarded(key),
    putIfUnchanged: async (key, body, token, o) => (await next(), store.putIfUnchanged(key, body, token, o)),
    put: async (key, body, o) => (await next(), store.put(key, body, o)),
    putStream: async (key, open, o) => (await next(), store.putStream(key, open, o)),
    get: (key, versionId) => store.get(key, versionId),
    getStream: (key, versionId) => store.getStream(key, versionId),
    head: (key) => store.head(key),
    listVersions: (key) => store.listVersions(key),
    list: (prefix) => store.list(prefix),
    listAllVersions: (prefix) => store.listAllVersions(prefix),
    deleteVersion: (key, versionId, o) => store.deleteVersion(key, versionId, o),
    check: () => store.check(),
  };
}

function openBackend(url: string, cwd: string, opts: OpenStoreOptions): EvidenceStore {
  const fileOpts = opts.objectLock ? { objectLock: opts.objectLock } : {};
  if (url.startsWith('file://')) {
    const rest = url.slice('file://'.length);
    // file://./relative and file:///absolute are both accepted.
    const p = rest.startsWith('/') ? fileURLToPath(`file://${rest}`) : path.resolve(cwd, rest);
    return new FileStore(p, fileOpts);
  }
  if (url.startsWith('s3://')) {
    // The AWS SDK (a third of a second of CPU to load) is imported on the store's first call, so
    // commands on a local folder (trend, diff, verify) never load it.
    // The URL is checked now, as the store itself would, so a bad one fails where it is given.
    const { bucket, prefix } = parseS3Url(url);
    return lazyStore(`s3://${bucket}${prefix ? `/${prefix}` : ''}`, async () => (await import('./s3-open.ts')).openS3Store(url, opts));
  }
  if (!url.includes('://')) return new FileStore(path.resolve(cwd, url), fileOpts);
  throw new StoreError(`store URL ${JSON.stringify(url)} has an unknown scheme (expected file:// or s3://)`);
}

/** A store whose backend is made on its first call (and made once). */
function lazyStore(url: string, make: () => Promise<EvidenceStore>): EvidenceStore {
  let backend: Promise<EvidenceStore> | undefined;
  const b = (): Promise<EvidenceStore> => (backend ??= make());
  return {
    url,
    readGuarded: async (key) => (await b()).readGuarded(key),
    putIfUnchanged: async (key, body, token, o) => (await b()).putIfUnchanged(key, body, token, o),
    put: async (key, body, o) => (await b()).put(key, body, o),
    putStream: async (key, open, o) => (await b()).putStream(key, open, o),
    get: async (key, versionId) => (await b()).get(key, versionId),
    getStream: async (key, versionId) => (await b()).getStream(key, versionId),
    head: async (key) => (await b()).head(key),
    listVersions: async (key) => (await b()).listVersions(key),
    list: async (prefix) => (await b()).list(prefix),
    listAllVersions: async (prefix) => (await b()).listAllVersions(prefix),
    deleteVersion: async (key, versionId, o) => (await b()).deleteVersion(key, versionId, o),
    check: async () => (await b()).check(),
  };
}
