import { defineCheck } from './define.ts';

export const s3BucketEncryption = defineCheck({
  id: 's3-bucket-encryption',
  title: 'S3 buckets have default server-side encryption',
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
