// S3 helpers shared by the S3 store: the store URL, and reading the SDK's errors.
import { assertValidKey, StoreError } from './store.ts';

export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!m || !m[1]) throw new StoreError(`store URL ${JSON.stringify(url)} is not s3://bucket/prefix`);
  const bucket = m[1];
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new StoreError(`store URL ${url}: ${JSON.stringify(bucket)} is not a valid bucket name`);
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix) assertValidKey(prefix);
  return { bucket, prefix };
}

interface AwsErrorLike {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}
export const errName = (err: unknown): string => (err as AwsErrorLike)?.name ?? (err as AwsErrorLike)?.Code ?? '';
export const errStatus = (err: unknown): number | undefined => (err as AwsErrorLike)?.$metadata?.httpStatusCode;
export const errText = (err: unknown): string => `${errName(err) || 'Error'}: ${(err as AwsErrorLike)?.message ?? String(err)}`;

export function isNotFound(err: unknown): boolean {
  const n = errName(err);
  if (n === 'NoSuchBucket') return false;
  // InvalidArgument: malformed version id; MethodNotAllowed (405): the version is a delete marker.
  return ['NoSuchKey', 'NoSuchVersion', 'NotFound', 'InvalidArgument', 'MethodNotAllowed'].includes(n) || errStatus(err) === 404 || errStatus(err) === 405;
}

export const hexToB64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
export const b64ToHex = (b64: string): string => Buffer.from(b64, 'base64').toString('hex');
