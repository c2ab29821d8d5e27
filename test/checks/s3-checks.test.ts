// The S3 api checks with compliant and non-compliant inputs (DESIGN habit 5).
import { describe, expect, it } from 'vitest';
import { s3AccountPublicAccessBlocked } from '../../src/checks/s3-account-public-access-blocked.ts';
import { s3BucketVersioning } from '../../src/checks/s3-bucket-versioning.ts';
import { s3BucketEncryption } from '../../src/checks/s3-bucket-encryption.ts';
import { s3BucketNotPublic } from '../../src/checks/s3-bucket-not-public.ts';
import type { PublicAccessBlockConfiguration, S3Bucket } from '../../src/domain/datasets.ts';
import type { CheckOutcome } from '../../src/domain/model.ts';

const target = { account: '111122223333', region: 'global' };
const verdicts = (o: CheckOutcome): string[] => (o.kind === 'evaluated' ? o.results.map((r) => r.compliance) : [o.kind]);
const ALL: PublicAccessBlockConfiguration = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const NONE: PublicAccessBlockConfiguration = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
const bucket = (over: Partial<S3Bucket> = {}): S3Bucket => ({
  Name: 'b',
  CreationDate: '2026-01-01T00:00:00.000Z',
  region: 'us-east-1',
  Versioning: { Status: 'Enabled', MFADelete: 'Disabled' },
  ServerSideEncryptionRules: [{ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:us-east-1:111122223333:key/k', BucketKeyEnabled: true }],
  PublicAccessBlockConfiguration: ALL,
  PolicyStatus: null,
  ...over,
});

describe('s3-account-public-access-blocked', () => {
  const run = (c: PublicAccessBlockConfiguration | null) => s3AccountPublicAccessBlocked.evaluate({ 's3-account-public-access-block': { PublicAccessBlockConfiguration: c } }, target);
  it('passes with all four settings on', () => {
    expect(run(ALL)).toMatchObject({ kind: 'evaluated', results: [{ resourceType: 'AWS::::Account', resourceId: target.account, compliance: 'COMPLIANT' }] });
  });
  it('fails with any setting off, or no configuration', () => {
    expect(run({ ...ALL, RestrictPublicBuckets: false })).toMatchObject({ results: [{ compliance: 'NON_COMPLIANT', annotation: 'off: RestrictPublicBuckets' }] });
    expect(verdicts(run(null))).toEqual(['NON_COMPLIANT']);
  });
});

describe('s3-bucket-versioning', () => {
  it('passes Enabled and fails Suspended or never enabled', () => {
    const o = s3BucketVersioning.evaluate({ 's3-buckets': { buckets: [bucket(), bucket({ Name: 'c', Versioning: { Status: 'Suspended' } }), bucket({ Name: 'd', Versioning: {} })] } }, target);
    expect(verdicts(o)).toEqual(['COMPLIANT', 'NON_COMPLIANT', 'NON_COMPLIANT']);
    expect(o.kind === 'evaluated' && o.results.map((r) => [r.resourceType, r.resourceId, r.annotation])).toEqual([
      ['AWS::S3::Bucket', 'b', undefined],
      ['AWS::S3::Bucket', 'c', 'versioning is Suspended'],
      ['AWS::S3::Bucket', 'd', 'versioning was never enabled'],
    ]);
  });
});

describe('s3-bucket-encryption', () => {
  it('passes a bucket with default encryption and fails one without', () => {
    const o = s3BucketEncryption.evaluate({ 's3-buckets': { buckets: [bucket(), bucket({ Name: 'c', ServerSideEncryptionRules: null }), bucket({ Name: 'd', ServerSideEncryptionRules: [] })] } }, target);
    expect(verdicts(o)).toEqual(['COMPLIANT', 'NON_COMPLIANT', 'NON_COMPLIANT']);
  });
});

describe('s3-bucket-not-public', () => {
  const run = (buckets: S3Bucket[], account: PublicAccessBlockConfiguration | null = null) =>
    s3BucketNotPublic.evaluate({ 's3-buckets': { buckets }, 's3-account-public-access-block': { PublicAccessBlockConfiguration: account } }, target);
  it('fails a public policy nothing restricts', () => {
    expect(verdicts(run([bucket({ PublicAccessBlockConfiguration: null, PolicyStatus: { IsPublic: true } })]))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(run([bucket({ PublicAccessBlockConfiguration: NONE, PolicyStatus: { IsPublic: true } })], NONE))).toEqual(['NON_COMPLIANT']);
  });
  it("passes when the bucket's or the account's Block Public Access restricts it, or the policy is not public", () => {
    expect(verdicts(run([bucket({ PolicyStatus: { IsPublic: true } })]))).toEqual(['COMPLIANT']);
    expect(verdicts(run([bucket({ PublicAccessBlockConfiguration: null, PolicyStatus: { IsPublic: true } })], ALL))).toEqual(['COMPLIANT']);
    const o = run([bucket({ PublicAccessBlockConfiguration: null, PolicyStatus: { IsPublic: false } }), bucket({ Name: 'c', PublicAccessBlockConfiguration: null, PolicyStatus: null })]);
    expect(verdicts(o)).toEqual(['COMPLIANT', 'COMPLIANT']);
    // what was not inspected is said, not hidden
    expect(o.kind === 'evaluated' && o.results[1]!.annotation).toMatch(/no bucket policy; public ACLs are not blocked/);
  });
});
