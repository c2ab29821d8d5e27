// dms-endpoint-ssl-configured: a DMS endpoint is configured with an SSL connection. No parameters.
// Reads configuration.SslMode (DescribeEndpoints' Endpoint: none, require, verify-ca or
// verify-full). Judgements: require, verify-ca and verify-full pass, none fails. The page names no
// engine it leaves out, so an endpoint of every engine is judged on SslMode alone: one whose engine
// encrypts by other means and keeps SslMode none (an S3 or Kinesis target, a Redis endpoint with
// ssl-encryption, which DMS_REDIS_TLS_ENABLED judges) fails, the conservative reading where AWS
// might skip it, never a pass AWS might fail. An item without SslMode, or with a mode DMS does not
// define, is malformed (not a pass on DMS's default, none).
import { defineRuleEvaluator, verdict } from './define.ts';

const SSL_MODE = 'configuration.SslMode';
const MODES = ['none', 'require', 'verify-ca', 'verify-full'];

export default defineRuleEvaluator({
  rule: 'DMS_ENDPOINT_SSL_CONFIGURED',
  resourceTypes: ['AWS::DMS::Endpoint'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const mode = ci.reqStr(SSL_MODE);
    if (!MODES.includes(mode)) throw ci.malformed(SSL_MODE, 'none, require, verify-ca or verify-full');
    return verdict(mode !== 'none', `endpoint connects with SSL (SslMode ${mode})`, 'endpoint has no SSL connection configured (SslMode none)');
  },
});
