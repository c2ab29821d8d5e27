import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import { defineCollector, type CollectorContext } from '../define.ts';
import { isoTime, orAbsent, pick } from '../absent.ts';
import type { S3Bucket } from '../../domain/index.ts';
import { timestamp, validated, z } from '../validate.ts';

// GetBucketPolicyStatus always answers PolicyStatus.IsPublic: without it the answer says nothing.
const POLICY_STATUS = z.object({ PolicyStatus: z.object({ IsPublic: z.boolean() }) });
const BUCKETS = z.object({ Buckets: z.array(z.object({ Name: z.string().min(1), CreationDate: timestamp })) });
// Versioning may be absent (never enabled); when given it is one of AWS's two values.
const VERSIONING = z.object({ Status: z.enum(['Enabled', 'Suspended']).optional(), MFADelete: z.enum(['Enabled', 'Disabled']).optional() });
const ENCRYPTION = z.object({
  ServerSideEncryptionConfiguration: z.object({ Rules: z.array(z.object({ ApplyServerSideEncryptionByDefault: z.object({ SSEAlgorithm: z.string().min(1) }) })).min(1) }),
});
const BUCKET_PAB = z.object({ PublicAccessBlockConfiguration: z.object({ BlockPublicAcls: z.boolean(), IgnorePublicAcls: z.boolean(), BlockPublicPolicy: z.boolean(), RestrictPublicBuckets: z.boolean() }) });

/** Buckets read at once; the runner's global bound and rate budgets still apply. */
const PARALLEL_BUCKETS = 8;

/** GetBucketLocation's answer as a region: empty means us-east-1, and "EU" is the old name of eu-west-1. */
export function bucketRegion(constraint: string | undefined): string {
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

async function settings(ctx: CollectorContext, name: string, created: string): Promise<S3Bucket> {
  const { clients, runner, requests, target } = ctx;
  const p = { Bucket: name };
  // The location is answered from any region; the settings only from the bucket's own.
  const loc = await runner.call(requests, 's3', 'GetBucketLocation', p, () => clients.s3(target.region).send(new GetBucketLocationCommand(p)));
  const region = bucketRegion(loc.LocationConstraint);
  const s3 = clients.s3(region);
  const versioning = await runner.call(requests, 's3', 'GetBucketVersioning', p, () => s3.send(new GetBucketVersioningCommand(p)));
  // These 404s describe the bucket (nothing configured), so they are data.
  const encryption = await orAbsent(runner.call(requests, 's3', 'GetBucketEncryption', p, () => s3.send(new GetBucketEncryptionCommand(p)), ['ServerSideEncryptionConfigurationNotFoundError']));
  const pab = await orAbsent(runner.call(requests, 's3', 'GetPublicAccessBlock', p, () => s3.send(new GetPublicAccessBlockCommand(p)), ['NoSuchPublicAccessBlockConfiguration']));
  const policy = await orAbsent(runner.call(requests, 's3', 'GetBucketPolicyStatus', p, () => s3.send(new GetBucketPolicyStatusCommand(p)), ['NoSuchBucketPolicy']));
  validated(VERSIONING, versioning, 's3', 'GetBucketVersioning');
  if (encryption) validated(ENCRYPTION, encryption, 's3', 'GetBucketEncryption');
  const b = pab ? validated(BUCKET_PAB, pab, 's3', 'GetPublicAccessBlock').PublicAccessBlockConfiguration : null;
  return {
    Name: name,
    CreationDate: created,
    region,
    Versioning: pick(versioning, ['Status', 'MFADelete'] as const),
    ServerSideEncryptionRules: encryption
      ? (encryption.ServerSideEncryptionConfiguration?.Rules ?? []).map((r) => ({
          SSEAlgorithm: r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? '',
          ...pick(r.ApplyServerSideEncryptionByDefault, ['KMSMasterKeyID'] as const),
          ...pick(r, ['BucketKeyEnabled'] as const),
        }))
      : null,
    PublicAccessBlockConfiguration: b
      ? { BlockPublicAcls: b.BlockPublicAcls, IgnorePublicAcls: b.IgnorePublicAcls, BlockPublicPolicy: b.BlockPublicPolicy, RestrictPublicBuckets: b.RestrictPublicBuckets }
      : null,
    PolicyStatus: policy ? { IsPublic: validated(POLICY_STATUS, policy, 's3', 'GetBucketPolicyStatus').PolicyStatus.IsPublic } : null,
  };
}

// Every bucket of the account (S3 lists them all from one region) with the settings the
// data-protection checks judge.
export const s3Buckets = defineCollector({
  id: 's3-buckets',
  service: 's3',
  scope: 'account',
  permissions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation', 's3:GetBucketVersioning', 's3:GetEncryptionConfiguration', 's3:GetBucketPublicAccessBlock', 's3:GetBucketPolicyStatus'],
  schemaVersion: 1,
  async collect(ctx) {
    const { target, clients, runner, requests } = ctx;
    const list = await runner.call(requests, 's3', 'ListBuckets', {}, () => clients.s3(target.region).send(new ListBucketsCommand({})));
    // REST-XML leaves an empty list out, so an account without buckets answers no Buckets element.
    const names = validated(BUCKETS, { ...list, Buckets: list.Buckets ?? [] }, 's3', 'ListBuckets').Buckets.map((b) => ({ name: b.Name, created: isoTime(b.CreationDate)! }));
    const buckets: S3Bucket[] = new Array(names.length);
    let next = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      // After one failure the dataset is lost anyway: stop asking.
      while (next < names.length && !failed) {
        const i = next++;
        try {
          buckets[i] = await settings(ctx, names[i]!.name, names[i]!.created);
        } catch (err) {
          failed = true;
          throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_BUCKETS, names.length) }, worker));
    return { buckets };
  },
});
