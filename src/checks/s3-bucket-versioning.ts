// Judges each S3 bucket of the account on versioning.
// COMPLIANT: the bucket's versioning status is Enabled (Suspended or never enabled is not).
import { defineCheck } from './define.ts';

export const s3BucketVersioning = defineCheck({
  id: 's3-bucket-versioning',
  title: 'S3 buckets have versioning enabled',
  rationale: 'With versioning, an overwritten or deleted object can be recovered from an earlier version, which protects data integrity and availability against mistakes and ransomware-style deletion.',
  remediation: 'Enable versioning: S3 console > the bucket > Properties > Bucket Versioning > Edit > Enable, or `aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled` (add a lifecycle rule to expire old versions).',
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
