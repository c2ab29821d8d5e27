import { defineCheck } from './define.ts';

export const s3BucketVersioning = defineCheck({
  id: 's3-bucket-versioning',
  title: 'S3 buckets have versioning enabled',
  resourceType: 'AWS::S3::Bucket',
  uses: ['s3-buckets'],
  evaluate({ 's3-buckets': ds }) {
    return {
      kind: 'evaluated',
      results: ds.buckets.map((b) => {
        const base = { resourceType: 'AWS::S3::Bucket', resourceId: b.Name };
        if (b.Versioning.Status === 'Enabled') return { ...base, compliance: 'COMPLIANT' as const };
        return { ...base, compliance: 'NON_COMPLIANT' as const, annotation: b.Versioning.Status ? `versioning is ${b.Versioning.Status}` : 'versioning was never enabled' };
      }),
    };
  },
});
