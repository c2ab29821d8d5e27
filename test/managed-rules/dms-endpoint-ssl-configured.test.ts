import { item, ruleCases } from './helpers.ts';

const HOST = 'sbx-db.a1b2c3.eu-west-1.rds.amazonaws.com';

// A DMS endpoint's item: the published schema's fields (DescribeEndpoints' Endpoint, PascalCase).
function endpoint(extra: Record<string, unknown>): ReturnType<typeof item> {
  return item('AWS::DMS::Endpoint', {
    resourceId: 'sbx-source-db',
    configuration: { EndpointIdentifier: 'sbx-source-db', EndpointType: 'source', EngineName: 'mysql', Id: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', ServerName: HOST, Port: 3306, DatabaseName: 'shop', Username: 'dms_reader', ...extra },
  });
}

ruleCases('DMS_ENDPOINT_SSL_CONFIGURED', {
  compliant: [
    { name: 'SSL required', item: endpoint({ SslMode: 'require' }) },
    { name: 'server certificate verified', item: endpoint({ SslMode: 'verify-full', CertificateArn: 'arn:aws:dms:eu-west-1:123456789012:cert:ABCDEFGHIJKLMNOPQRSTUVWXYZ' }) },
    { name: 'CA verified, a PostgreSQL target', item: endpoint({ SslMode: 'verify-ca', EngineName: 'postgres', EndpointType: 'target', Port: 5432 }) },
  ],
  nonCompliant: [
    { name: 'no SSL', item: endpoint({ SslMode: 'none' }) },
    // The page exempts no engine: SslMode none fails even where the engine encrypts otherwise.
    { name: 'an S3 target (SslMode none)', item: endpoint({ SslMode: 'none', EngineName: 's3', EndpointType: 'target', ServerName: undefined, Port: undefined, S3Settings: { BucketName: 'sbx-bucket', BucketFolder: 'dms' } }) },
    { name: 'a Redis endpoint with ssl-encryption (SslMode none)', item: endpoint({ SslMode: 'none', EngineName: 'redis', EndpointType: 'target', Port: 6379, RedisSettings: { ServerName: HOST, Port: 6379, SslSecurityProtocol: 'ssl-encryption' } }) },
  ],
  malformed: [
    { name: 'no SslMode', item: endpoint({}) },
    { name: 'a mode DMS does not define', item: endpoint({ SslMode: 'tls' }) },
    { name: 'SslMode not a string', item: endpoint({ SslMode: true }) },
  ],
});
