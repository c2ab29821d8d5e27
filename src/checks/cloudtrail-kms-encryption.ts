import { defineCheck } from './define.ts';
import { trailsHomedIn } from './trails-homed.ts';

export const cloudtrailKmsEncryption = defineCheck({
  id: 'cloudtrail-kms-encryption',
  title: 'CloudTrail trails encrypt log files with a KMS key',
  resourceType: 'AWS::CloudTrail::Trail',
  uses: ['cloudtrail-trails'],
  evaluate({ 'cloudtrail-trails': ds }, target) {
    return {
      kind: 'evaluated',
      results: trailsHomedIn(ds.trails, target).map((t) => ({
        resourceType: 'AWS::CloudTrail::Trail',
        resourceId: t.TrailARN,
        compliance: t.KmsKeyId ? 'COMPLIANT' : 'NON_COMPLIANT',
        ...(t.KmsKeyId ? {} : { annotation: 'no KMS key configured (SSE-S3 only)' }),
      })),
    };
  },
});
