// S3's facts: each bucket's settings (versioning, default encryption, Block Public Access,
// policy status) and the account's Block Public Access, agreeing with the S3 Config verdicts.
import { unit } from '../prng.ts';
import { atDay } from '../clock.ts';
import type { OrgModel } from '../org.ts';
import { awsManagedKeyId } from './kms-facts.ts';

export interface PublicAccessBlockFacts {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface BucketFacts {
  name: string;
  region: string;
  created: number;
  versioning: 'Enabled' | 'Suspended';
  encryption: { SSEAlgorithm: 'AES256' | 'aws:kms'; KMSMasterKeyID?: string; BucketKeyEnabled: boolean } | null;
  publicAccessBlock: PublicAccessBlockFacts | null;
  policy: { IsPublic: boolean } | null;
}

const ALL_BLOCKED: PublicAccessBlockFacts = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const NONE_BLOCKED: PublicAccessBlockFacts = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
/** New public policies and ACLs refused, but existing public ones still honoured. */
const PARTLY_BLOCKED: PublicAccessBlockFacts = { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false };

/** All four Block Public Access settings on. */
export function blocksEverything(b: PublicAccessBlockFacts | null): boolean {
  return b !== null && b.BlockPublicAcls && b.IgnorePublicAcls && b.BlockPublicPolicy && b.RestrictPublicBuckets;
}

export class S3Facts {
  constructor(private readonly org: OrgModel) {}

  /** S3 Block Public Access for the whole account; the second member never turned it on. */
  accountPublicAccessBlock(account: string, day: number): PublicAccessBlockFacts | null {
    const { members, config, seed, first } = this.org;
    if (members.length > 1 && account === members[1]) return null;
    if (config.seededOk('S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC', account, first, day)) return { ...ALL_BLOCKED };
    return unit(seed, account, 'bpa-shape') < 0.5 ? null : { ...PARTLY_BLOCKED };
  }

  /** "sbx-<account>-<region>-<i>" back to its parts, if it names a bucket that exists. */
  parseBucketName(name: string): { account: string; region: string; index: number } | undefined {
    const m = /^sbx-(\d{12})-([a-z0-9-]+)-(\d+)$/.exec(name);
    if (!m) return undefined;
    const [account, region, index] = [m[1]!, m[2]!, Number(m[3])];
    const org = this.org;
    if (!org.isAccount(account) || !org.regions.includes(region) || index >= org.count('bucket', account, region) || name !== org.bucketName(account, region, index)) return undefined;
    return { account, region, index };
  }

  /** Every bucket of an account (S3 lists them all from any region), sorted by name as S3 does. */
  bucketNames(account: string): string[] {
    const org = this.org;
    return org.regions.flatMap((r) => Array.from({ length: org.count('bucket', account, r) }, (_, i) => org.bucketName(account, r, i))).sort();
  }

  /** When a bucket was made (cheap: ListBuckets needs only this). */
  bucketCreated(account: string, region: string, i: number): number {
    const id = this.org.bucketName(account, region, i);
    return atDay(-30 - Math.floor(unit(this.org.seed, account, id, 'created') * 600), unit(this.org.seed, account, id, 'created-s'));
  }

  /**
   * The key a bucket's default encryption names: a customer key that can encrypt, from the drawn
   * one on (S3 refuses asymmetric keys), else aws/s3.
   */
  private bucketKey(account: string, region: string, start: number, day: number): string {
    const org = this.org;
    const n = org.count('key', account, region);
    for (let k = 0; k < n; k += 1) {
      const key = org.resource('key', account, region, (start + k) % n);
      if (org.config.verdict('CMK_BACKING_KEY_ROTATION_ENABLED', account, region, key, day).compliance !== 'NOT_APPLICABLE') return org.kms.keyArn(account, region, key.id);
    }
    return org.kms.keyArn(account, region, awsManagedKeyId(org.seed, account, region, 'aws/s3'));
  }

  bucket(account: string, region: string, i: number, day: number): BucketFacts {
    const org = this.org;
    const res = org.resource('bucket', account, region, i);
    const u = (...p: (string | number)[]): number => unit(org.seed, account, res.id, ...p);
    const bad = (sid: string): boolean => org.config.verdict(sid, account, region, res, day).compliance === 'NON_COMPLIANT';
    const keys = org.count('key', account, region);
    const exposed = bad('S3_BUCKET_PUBLIC_READ_PROHIBITED') || bad('S3_BUCKET_PUBLIC_WRITE_PROHIBITED');
    return {
      name: res.id,
      region,
      created: this.bucketCreated(account, region, i),
      versioning: bad('S3_BUCKET_VERSIONING_ENABLED') ? 'Suspended' : 'Enabled',
      encryption: bad('S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED')
        ? null
        : u('sse') < 0.5
          ? { SSEAlgorithm: 'AES256', BucketKeyEnabled: false }
          : { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: this.bucketKey(account, region, Math.floor(u('sse-key') * keys), day), BucketKeyEnabled: true },
      publicAccessBlock: exposed ? (u('pab') < 0.5 ? null : { ...NONE_BLOCKED }) : u('pab') < 0.7 ? { ...ALL_BLOCKED } : null,
      policy: bad('S3_BUCKET_PUBLIC_READ_PROHIBITED') ? { IsPublic: true } : u('policy') < 0.35 ? { IsPublic: false } : null,
    };
  }
}
