// dms-redis-tls-enabled: a DMS endpoint for Redis encrypts its connection with TLS/SSL. No
// parameters. Reads configuration.EngineName and configuration.RedisSettings.SslSecurityProtocol
// (DescribeEndpoints' RedisSettings: plaintext or ssl-encryption). Judgements: an endpoint of any
// other engine is NOT_APPLICABLE (the page judges endpoints "for Redis data stores"), the engine
// name compared case-insensitively; a Redis endpoint passes with ssl-encryption and fails with
// plaintext. DMS defaults the protocol to ssl-encryption, but DescribeEndpoints returns it for a
// Redis endpoint, so a Redis endpoint whose item has no RedisSettings or no protocol is malformed
// (not a pass on the default), as is a protocol other than those two, or an item without EngineName.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';

const PROTOCOL = 'configuration.RedisSettings.SslSecurityProtocol';

export default defineRuleEvaluator({
  rule: 'DMS_REDIS_TLS_ENABLED',
  resourceTypes: ['AWS::DMS::Endpoint'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const engine = ci.reqStr('configuration.EngineName');
    if (engine.toLowerCase() !== 'redis') return notApplicable(`${engine} endpoint, not Redis`);
    ci.reqObj('configuration.RedisSettings');
    const protocol = ci.reqStr(PROTOCOL);
    if (protocol !== 'ssl-encryption' && protocol !== 'plaintext') throw ci.malformed(PROTOCOL, 'ssl-encryption or plaintext');
    return verdict(protocol === 'ssl-encryption', 'Redis endpoint connects with TLS/SSL (ssl-encryption)', 'Redis endpoint connects in plaintext');
  },
});
