// s3-bucket-server-side-encryption-enabled: the bucket has default encryption (any SSE algorithm).
// No parameters. A missing ServerSideEncryptionConfiguration means no default encryption.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';
import { defaultEncryptionAlgorithms } from './lib/s3.ts';

export default defineRuleEvaluator({
  rule: 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED',
  resourceTypes: ['AWS::S3::Bucket'],
  fields: ['supplementaryConfiguration'],
  evaluate({ ci }) {
    const algs = defaultEncryptionAlgorithms(ci);
    return algs.length > 0 ? compliant(`default encryption: ${algs.join(', ')}`) : nonCompliant('no default server-side encryption');
  },
});
