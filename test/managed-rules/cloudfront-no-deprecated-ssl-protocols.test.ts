import { item, ruleCases } from './helpers.ts';

const methods = { quantity: 2, items: ['HEAD', 'GET'] };

// A custom origin (an ALB or a web server) offering these origin SSL protocols.
const customOrigin = (id: string, protocols: unknown) => ({
  id,
  domainName: `${id}.example.com`,
  originPath: '',
  customHeaders: { quantity: 0 },
  customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', ...(protocols === undefined ? {} : { originSslProtocols: { quantity: Array.isArray(protocols) ? protocols.length : 1, items: protocols } }), originReadTimeout: 30, originKeepaliveTimeout: 5 },
  connectionAttempts: 3,
  connectionTimeout: 10,
});
// An S3 origin behind origin access control: not a custom origin.
const s3Origin = { id: 's3-assets', domainName: 'acme-assets.s3.us-east-1.amazonaws.com', originPath: '', customHeaders: { quantity: 0 }, s3OriginConfig: { originAccessIdentity: '' }, originAccessControlId: 'E2QWRUHAPOMQZL', connectionAttempts: 3, connectionTimeout: 10 };

// A distribution's item with these origins.
function distribution(origins: unknown): ReturnType<typeof item> {
  return item('AWS::CloudFront::Distribution', {
    resourceId: 'E1A2B3C4D5E6F7',
    configuration: {
      id: 'E1A2B3C4D5E6F7',
      domainName: 'd111111abcdef8.cloudfront.net',
      distributionConfig: {
        enabled: true,
        origins: origins === undefined ? undefined : { quantity: Array.isArray(origins) ? origins.length : 0, items: origins },
        defaultCacheBehavior: { targetOriginId: 'web', viewerProtocolPolicy: 'redirect-to-https', allowedMethods: { ...methods, cachedMethods: methods }, compress: true },
        cacheBehaviors: { quantity: 0 },
      },
    },
  });
}

ruleCases('CLOUDFRONT_NO_DEPRECATED_SSL_PROTOCOLS', {
  compliant: [
    { name: 'a custom origin with TLSv1.2 only', item: distribution([customOrigin('web', ['TLSv1.2'])]) },
    { name: 'TLS versions only, and an S3 origin', item: distribution([s3Origin, customOrigin('web', ['TLSv1', 'TLSv1.1', 'TLSv1.2'])]) },
    { name: 'S3 origins only', item: distribution([s3Origin]) },
  ],
  nonCompliant: [
    { name: 'a custom origin allowing SSLv3', item: distribution([customOrigin('web', ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2'])]) },
    { name: 'the second custom origin allows SSLv3', item: distribution([customOrigin('web', ['TLSv1.2']), customOrigin('legacy', ['SSLv3'])]) },
  ],
  notApplicable: [{ name: 'not a distribution', item: item('AWS::CloudFront::StreamingDistribution', { configuration: {} }) }],
  malformed: [
    { name: 'no origins', item: distribution(undefined) },
    { name: 'an empty origin list', item: distribution([]) },
    { name: 'a custom origin without SSL protocols', item: distribution([customOrigin('web', undefined)]) },
    { name: 'an empty protocol list', item: distribution([customOrigin('web', [])]) },
    { name: 'a protocol CloudFront does not define', item: distribution([customOrigin('web', ['TLSv1.3'])]) },
    { name: 'protocols not a list', item: distribution([customOrigin('web', 'TLSv1.2')]) },
  ],
});
