// Judges each CloudTrail trail homed in the region on how its log files are encrypted.
// COMPLIANT: the trail names a KMS key (KmsKeyId is set), so logs use SSE-KMS rather than SSE-S3 alone.
import { defineCheck } from './define.ts';
import { judgeTrails } from './trails-homed.ts';

export const cloudtrailKmsEncryption = defineCheck({
  id: 'cloudtrail-kms-encryption',
  title: 'CloudTrail trails encrypt log files with a KMS key',
  rationale: 'With a customer managed KMS key, reading the audit logs needs a key permission in addition to S3 access, and every decryption is itself logged, which protects the log record from quiet disclosure.',
  remediation: 'Give the trail a KMS key: CloudTrail console > Trails > the trail > General details > Edit > Log file SSE-KMS encryption, or `aws cloudtrail update-trail --name <trail> --kms-key-id <key-arn>` (the key policy must let CloudTrail use it).',
  resourceType: 'AWS::CloudTrail::Trail',
  uses: ['cloudtrail-trails'],
  evaluate({ 'cloudtrail-trails': ds }, target) {
    return judgeTrails(ds.trails, target, (t) => Boolean(t.KmsKeyId), 'no KMS key configured (SSE-S3 only)');
  },
});
