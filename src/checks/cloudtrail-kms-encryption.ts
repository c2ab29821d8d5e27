import { defineCheck } from './define.ts';
import { judgeTrails } from './trails-homed.ts';

export const cloudtrailKmsEncryption = defineCheck({
  id: 'cloudtrail-kms-encryption',
  title: 'CloudTrail trails encrypt log files with a KMS key',
  resourceType: 'AWS::CloudTrail::Trail',
  uses: ['cloudtrail-trails'],
  evaluate({ 'cloudtrail-trails': ds }, target) {
    return judgeTrails(ds.trails, target, (t) => Boolean(t.KmsKeyId), 'no KMS key configured (SSE-S3 only)');
  },
});
