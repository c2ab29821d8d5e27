// Judges each S3 bucket of the account on default encryption.
// COMPLIANT: the bucket has a default server-side encryption rule with an algorithm (AES256, aws:kms or aws:kms:dsse).
import { defineCheck } from './define.ts';

export const s3BucketEncryption = defineCheck({
  id: 's3-bucket-encryption',
  title: 'S3 buckets have default server-side encryption',
  rationale: 'Default encryption ensures every object stored is encrypted at rest even when the uploader asks for nothing, which encryption-at-rest controls require to be demonstrable per bucket.',
  remediation: 'Set default encryption: S3 console > the bucket > Properties > Default encryption > Edit (SSE-S3 or SSE-KMS), or `aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"}}]}\'`.',
  resourceType: 'AWS::S3::Bucket',
  uses: ['s3-buckets'],
  evaluate({ 's3-buckets': ds }) {
    return {
      kind: 'evaluated',
      results: ds.buckets.map((b) => {
        const base = { resourceType: 'AWS::S3::Bucket', resourceId: b.Name };
        const algorithms = (b.ServerSideEncryptionRules ?? []).map((r) => r.SSEAlgorithm).filter(Boolean);
        return algorithms.length > 0
          ? { ...base, compliance: 'COMPLIANT' as const, annotation: algorithms.join(', ') }
          : { ...base, compliance: 'NON_COMPLIANT' as const, annotation: 'no default encryption configured' };
      }),
    };
  },
});
