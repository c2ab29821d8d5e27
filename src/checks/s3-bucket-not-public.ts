// Judges each S3 bucket on public access granted through its bucket policy.
// COMPLIANT: GetBucketPolicyStatus does not report the policy public, or RestrictPublicBuckets (the account's or the bucket's) restricts it; ACL grants are not inspected.
import { defineCheck } from './define.ts';
import type { PublicAccessBlockConfiguration } from '../domain/index.ts';

// A bucket is public through its policy when GetBucketPolicyStatus says so and Block Public
// Access (the account's or the bucket's, whichever is stricter per setting) does not restrict
// it. ACL grants are not collected: where public ACLs are not ignored, the annotation says so.
export const s3BucketNotPublic = defineCheck({
  id: 's3-bucket-not-public',
  title: 'S3 buckets are not public through their bucket policy',
  rationale: 'A bucket policy that allows anyone makes the bucket\'s data readable (or writable) from the internet, a leading cause of data exposure.',
  remediation: 'Remove the public statements (Principal "*" without restricting conditions) from the bucket policy: S3 console > the bucket > Permissions > Bucket policy, or `aws s3api put-bucket-policy` / `aws s3api delete-bucket-policy`; then turn on Block Public Access for the bucket or account.',
  resourceType: 'AWS::S3::Bucket',
  uses: ['s3-buckets', 's3-account-public-access-block'],
  evaluate({ 's3-buckets': ds, 's3-account-public-access-block': account }) {
    const acc = account.PublicAccessBlockConfiguration;
    const on = (b: PublicAccessBlockConfiguration | null, k: keyof PublicAccessBlockConfiguration): boolean => acc?.[k] === true || b?.[k] === true;
    return {
      kind: 'evaluated',
      results: ds.buckets.map((b) => {
        const base = { resourceType: 'AWS::S3::Bucket', resourceId: b.Name };
        const pab = b.PublicAccessBlockConfiguration;
        if (b.PolicyStatus?.IsPublic && !on(pab, 'RestrictPublicBuckets')) {
          return { ...base, compliance: 'NON_COMPLIANT' as const, annotation: 'the bucket policy grants public access and Block Public Access does not restrict it' };
        }
        const why = b.PolicyStatus?.IsPublic ? 'public policy restricted by Block Public Access' : b.PolicyStatus ? 'bucket policy is not public' : 'no bucket policy';
        return { ...base, compliance: 'COMPLIANT' as const, annotation: on(pab, 'IgnorePublicAcls') ? why : `${why}; public ACLs are not blocked (ACL grants not inspected)` };
      }),
    };
  },
});
