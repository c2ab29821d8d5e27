// Opening an S3 store: its client and options. Loaded by open.ts on the store's first call, so
// commands on a local folder never load the AWS SDK.
import { S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { S3Store, type S3StoreOptions } from './s3.ts';
import type { OpenStoreOptions } from './open.ts';

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

export function openS3Store(url: string, opts: OpenStoreOptions): S3Store {
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
