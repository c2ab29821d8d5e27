// Backends are chosen by URL (DESIGN habit 7).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { FileStore } from './file.ts';
import { S3Store, type S3StoreOptions } from './s3.ts';
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

export function s3Endpoint(explicit?: string): string | undefined {
  return explicit ?? (process.env.AWS_ENDPOINT_URL_S3 || undefined) ?? (process.env.AWS_ENDPOINT_URL || undefined);
}

export function makeS3Client(o: NonNullable<OpenStoreOptions['s3']> = {}): S3Client {
  const endpoint = s3Endpoint(o.endpoint);
  return new S3Client({
    region: o.region ?? (process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1'),
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.credentials ? { credentials: o.credentials } : {}),
    followRegionRedirects: true,
    maxAttempts: 5,
    retryMode: 'adaptive',
    // A stalled endpoint fails the call (and is retried) instead of hanging the run.
    requestHandler: { requestTimeout: 60_000, connectionTimeout: 5_000 },
  });
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
    const s3 = opts.s3 ?? {};
    const client = s3.client ?? makeS3Client(s3);
    const storeOpts: S3StoreOptions = {
      ...(s3.kmsKeyId ? { kmsKeyId: s3.kmsKeyId } : {}),
      ...(opts.objectLock ? { objectLock: opts.objectLock } : {}),
      ...(s3.partSize ? { partSize: s3.partSize } : {}),
    };
    // The account-level Block Public Access lives in S3 Control, whose endpoints embed the account
    // id in the host name: consulted on AWS itself, not through a custom endpoint.
    if (!s3.client && !s3Endpoint(s3.endpoint)) storeOpts.accountPublicAccessBlock = () => accountPublicAccessBlock(s3);
    return new S3Store(url, client, storeOpts);
  }
  if (!url.includes('://')) return new FileStore(path.resolve(cwd, url), fileOpts);
  throw new StoreError(`store URL ${JSON.stringify(url)} has an unknown scheme (expected file:// or s3://)`);
}

async function accountPublicAccessBlock(o: NonNullable<OpenStoreOptions['s3']>) {
  const common = {
    region: o.region ?? (process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1'),
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.credentials ? { credentials: o.credentials } : {}),
  };
  const sts = new STSClient(common);
  const control = new S3ControlClient(common);
  try {
    const { Account } = await sts.send(new GetCallerIdentityCommand({}));
    const out = await control.send(new GetPublicAccessBlockCommand({ AccountId: Account }));
    return out.PublicAccessBlockConfiguration ?? null;
  } finally {
    sts.destroy();
    control.destroy();
  }
}
