import { item, ruleCases } from './helpers.ts';

const HOST = 'sbx-cache.a1b2c3.ng.0001.euw1.cache.amazonaws.com';

// A DMS endpoint's item: the published schema's fields (DescribeEndpoints' Endpoint, PascalCase).
function endpoint(engine: string, extra: Record<string, unknown> = {}): ReturnType<typeof item> {
  return item('AWS::DMS::Endpoint', {
    resourceId: 'sbx-target-cache',
    configuration: { EndpointIdentifier: 'sbx-target-cache', EndpointType: 'target', EngineName: engine, Id: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', ServerName: HOST, Port: 6379, SslMode: 'none', ...extra },
  });
}

const redis = (settings: Record<string, unknown> | undefined) => endpoint('redis', settings === undefined ? {} : { RedisSettings: { ServerName: HOST, Port: 6379, AuthType: 'auth-token', ...settings } });

ruleCases('DMS_REDIS_TLS_ENABLED', {
  compliant: [
    { name: 'Redis endpoint with ssl-encryption', item: redis({ SslSecurityProtocol: 'ssl-encryption' }) },
    { name: 'with a CA certificate', item: redis({ SslSecurityProtocol: 'ssl-encryption', SslCaCertificateArn: 'arn:aws:dms:eu-west-1:123456789012:cert:ABCDEFGHIJKLMNOPQRSTUVWXYZ' }) },
  ],
  nonCompliant: [
    { name: 'Redis endpoint in plaintext', item: redis({ SslSecurityProtocol: 'plaintext' }) },
    { name: 'plaintext without authentication', item: redis({ SslSecurityProtocol: 'plaintext', AuthType: 'none' }) },
  ],
  notApplicable: [
    { name: 'a MySQL source endpoint', item: endpoint('mysql', { EndpointType: 'source', Port: 3306, SslMode: 'require', DatabaseName: 'shop' }) },
    { name: 'an S3 target endpoint', item: endpoint('s3', { ServerName: undefined, Port: undefined }) },
  ],
  malformed: [
    { name: 'no engine name', item: endpoint('redis', { EngineName: undefined }) },
    { name: 'a Redis endpoint without RedisSettings', item: redis(undefined) },
    { name: 'Redis settings without a protocol', item: redis({}) },
    { name: 'a protocol DMS does not define', item: redis({ SslSecurityProtocol: 'tls' }) },
  ],
});
