// kinesis-stream-encrypted: the stream uses server-side encryption with KMS. No parameters.
// An item without StreamEncryption means the stream is not encrypted.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'KINESIS_STREAM_ENCRYPTED',
  resourceTypes: ['AWS::Kinesis::Stream'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqStr('configuration.Name');
    const type = ci.optStr('configuration.StreamEncryption.EncryptionType');
    return verdict(type === 'KMS', 'the stream is encrypted with KMS', 'the stream is not encrypted');
  },
});
