import { describe, expect, it } from 'vitest';
import { item, ruleCases, withField } from './helpers.ts';
import { ruleEvaluator } from '../../src/managed-rules/index.ts';

const BPA_ON = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

// A bucket as Config records one with default settings since 2023 (SSE-S3, versioning off).
function bucket(supp: Record<string, unknown> = {}, name = 'acme-audit-logs'): ReturnType<typeof item> {
  return item('AWS::S3::Bucket', {
    resourceId: name,
    resourceName: name,
    configuration: { name, creationDate: '2025-03-02T10:11:12.000Z' },
    supplementaryConfiguration: {
      AccessControlList: '{"grantSet":null,"grantList":[],"owner":{"displayName":null,"id":"a1b2c3d4e5f6"},"isRequesterCharged":false}',
      BucketAccelerateConfiguration: { status: null },
      BucketLoggingConfiguration: { destinationBucketName: null, logFilePrefix: null },
      BucketNotificationConfiguration: { configurations: {} },
      BucketPolicy: { policyText: null },
      BucketVersioningConfiguration: { status: 'Off', isMfaDeleteEnabled: null },
      IsRequesterPaysEnabled: false,
      ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256', kmsMasterKeyID: null }, bucketKeyEnabled: false }] },
      PublicAccessBlockConfiguration: BPA_ON,
      ...supp,
    },
  });
}

const kmsRules = (key: string | null) => ({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: key }, bucketKeyEnabled: true }] });

const tlsPolicy = (bool: unknown) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadOnly', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/reader' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-audit-logs/*' },
      { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::acme-audit-logs', 'arn:aws:s3:::acme-audit-logs/*'], Condition: { Bool: { 'aws:SecureTransport': bool } } },
    ],
  });

ruleCases('S3_BUCKET_VERSIONING_ENABLED', {
  compliant: [
    { name: 'versioning enabled', item: bucket({ BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: null } }) },
    { name: 'versioning and MFA delete with isMfaDeleteEnabled', item: bucket({ BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: true } }), params: { isMfaDeleteEnabled: 'true' } },
    { name: 'supplementary values as JSON text (BatchGetResourceConfig)', item: bucket({ BucketVersioningConfiguration: '{"status":"Enabled","isMfaDeleteEnabled":null}' }) },
  ],
  nonCompliant: [
    { name: 'never enabled', item: bucket() },
    { name: 'suspended', item: bucket({ BucketVersioningConfiguration: { status: 'Suspended', isMfaDeleteEnabled: null } }) },
    { name: 'MFA delete required but off', item: bucket({ BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: null } }), params: { isMfaDeleteEnabled: 'true' } },
  ],
  notApplicable: [{ name: 'not a bucket', item: item('AWS::EC2::Volume', { configuration: {} }) }],
  malformed: [
    { name: 'no versioning configuration', item: withField(bucket(), 'supplementaryConfiguration.BucketVersioningConfiguration', undefined) },
    { name: 'status is a number', item: bucket({ BucketVersioningConfiguration: { status: 1 } }) },
  ],
});

ruleCases('S3_BUCKET_LOGGING_ENABLED', {
  compliant: [
    { name: 'logs delivered', item: bucket({ BucketLoggingConfiguration: { destinationBucketName: 'acme-access-logs', logFilePrefix: 'audit/' } }) },
    { name: 'matching targetBucket and targetPrefix', item: bucket({ BucketLoggingConfiguration: { destinationBucketName: 'acme-access-logs', logFilePrefix: 'audit/' } }), params: { targetBucket: 'acme-access-logs', targetPrefix: 'audit/' } },
  ],
  nonCompliant: [
    { name: 'logging off', item: bucket() },
    { name: 'other target bucket', item: bucket({ BucketLoggingConfiguration: { destinationBucketName: 'elsewhere', logFilePrefix: null } }), params: { targetBucket: 'acme-access-logs' } },
  ],
  malformed: [{ name: 'no logging configuration', item: withField(bucket(), 'supplementaryConfiguration.BucketLoggingConfiguration', undefined) }],
});

ruleCases('S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', {
  compliant: [
    { name: 'all four settings on', item: bucket() },
    { name: 'excluded public bucket', item: bucket({ PublicAccessBlockConfiguration: undefined }, 'acme-website'), params: { excludedPublicBuckets: 'other, acme-website' } },
  ],
  nonCompliant: [
    { name: 'one setting off', item: bucket({ PublicAccessBlockConfiguration: { ...BPA_ON, restrictPublicBuckets: false } }) },
    { name: 'no bucket-level block', item: withField(bucket(), 'supplementaryConfiguration.PublicAccessBlockConfiguration', undefined) },
  ],
  malformed: [{ name: 'setting missing from the block', item: bucket({ PublicAccessBlockConfiguration: { blockPublicAcls: true } }) }],
});

ruleCases('S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', {
  compliant: [
    { name: 'SSE-S3 default', item: bucket() },
    { name: 'SSE-KMS', item: bucket({ ServerSideEncryptionConfiguration: kmsRules(null) }) },
  ],
  nonCompliant: [{ name: 'no default encryption', item: withField(bucket(), 'supplementaryConfiguration.ServerSideEncryptionConfiguration', undefined) }],
  malformed: [{ name: 'rules is not a list', item: bucket({ ServerSideEncryptionConfiguration: { rules: 'AES256' } }) }],
});

ruleCases('S3_DEFAULT_ENCRYPTION_KMS', {
  compliant: [
    { name: 'aws:kms with the AWS managed key', item: bucket({ ServerSideEncryptionConfiguration: kmsRules(null) }) },
    { name: 'listed key', item: bucket({ ServerSideEncryptionConfiguration: kmsRules('arn:aws:kms:eu-west-1:123456789012:key/k1') }), params: { kmsKeyArns: 'arn:aws:kms:eu-west-1:123456789012:key/k1' } },
  ],
  nonCompliant: [
    { name: 'SSE-S3 only', item: bucket() },
    { name: 'key not listed', item: bucket({ ServerSideEncryptionConfiguration: kmsRules('arn:aws:kms:eu-west-1:123456789012:key/k2') }), params: { kmsKeyArns: 'arn:aws:kms:eu-west-1:123456789012:key/k1' } },
  ],
  notApplicable: [{ name: 'a KMS key item', item: item('AWS::KMS::Key', { configuration: { keyId: 'k1' } }) }],
  malformed: [{ name: 'rules is an object', item: bucket({ ServerSideEncryptionConfiguration: { rules: {} } }) }],
});

ruleCases('S3_BUCKET_SSL_REQUESTS_ONLY', {
  compliant: [
    { name: 'deny when SecureTransport is false', item: bucket({ BucketPolicy: { policyText: tlsPolicy('false') } }) },
    { name: 'policy text as JSON text of the whole value', item: bucket({ BucketPolicy: JSON.stringify({ policyText: tlsPolicy('false') }) }) },
  ],
  nonCompliant: [
    { name: 'no bucket policy', item: bucket() },
    { name: 'deny only when SecureTransport is true', item: bucket({ BucketPolicy: { policyText: tlsPolicy('true') } }) },
  ],
  malformed: [
    { name: 'policy text is not JSON', item: bucket({ BucketPolicy: { policyText: '{"Statement": [' } }) },
    { name: 'statement without Effect', item: bucket({ BucketPolicy: { policyText: '{"Statement":[{"Action":"s3:*"}]}' } }) },
  ],
});

ruleCases('S3_BUCKET_REPLICATION_ENABLED', {
  compliant: [{ name: 'an enabled rule', item: bucket({ BucketReplicationConfiguration: { roleARN: 'arn:aws:iam::123456789012:role/repl', rules: { all: { status: 'Enabled', prefix: '', destinationConfig: { bucketARN: 'arn:aws:s3:::acme-dr', storageClass: 'STANDARD_IA' } } } } }) }],
  nonCompliant: [
    { name: 'no replication', item: bucket() },
    { name: 'only disabled rules', item: bucket({ BucketReplicationConfiguration: { roleARN: 'r', rules: { all: { status: 'Disabled', prefix: '' } } } }) },
    { name: 'rules as a list', item: bucket({ BucketReplicationConfiguration: { roleARN: 'r', rules: [{ status: 'Disabled' }] } }) },
  ],
  malformed: [
    { name: 'a rule that is not an object', item: bucket({ BucketReplicationConfiguration: { rules: { all: 'Enabled' } } }) },
    { name: 'rules is text', item: bucket({ BucketReplicationConfiguration: { rules: 'Enabled' } }) },
  ],
});

describe('S3_BUCKET_REPLICATION_ENABLED parameters', () => {
  it('refuses ReplicationType, which needs the destination region', () => {
    expect(() => ruleEvaluator('S3_BUCKET_REPLICATION_ENABLED')!.evaluate(bucket(), { ReplicationType: 'CROSS-REGION' })).toThrow(/ReplicationType/);
  });
});

const versioned = { BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: false } };
const lifecycle = (status: unknown) => ({ BucketLifecycleConfiguration: { rules: [{ id: 'expire-old-versions', status, prefix: '', noncurrentVersionExpirationInDays: 90, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }] } });

ruleCases('S3_VERSION_LIFECYCLE_POLICY_CHECK', {
  compliant: [
    { name: 'versioned, with an enabled rule expiring old versions', item: bucket({ ...versioned, ...lifecycle('Enabled') }) },
    { name: 'listed in bucketNames', item: bucket({ ...versioned, ...lifecycle('Enabled') }), params: { bucketNames: 'acme-audit-logs,acme-data' } },
  ],
  nonCompliant: [
    { name: 'versioned, no lifecycle configuration', item: bucket(versioned) },
    { name: 'versioned, only a disabled rule', item: bucket({ ...versioned, ...lifecycle('Disabled') }) },
  ],
  notApplicable: [
    { name: 'versioning never enabled', item: bucket(lifecycle('Enabled')) },
    { name: 'versioning suspended', item: bucket({ BucketVersioningConfiguration: { status: 'Suspended', isMfaDeleteEnabled: false } }) },
    { name: 'not listed in bucketNames', item: bucket(versioned), params: { bucketNames: 'acme-data' } },
  ],
  malformed: [
    { name: 'rules is not a list', item: bucket({ ...versioned, BucketLifecycleConfiguration: { rules: 'Enabled' } }) },
    { name: 'a rule without status', item: bucket({ ...versioned, BucketLifecycleConfiguration: { rules: [{ id: 'x' }] } }) },
    { name: 'no versioning status', item: bucket({ BucketVersioningConfiguration: {} }) },
  ],
});
