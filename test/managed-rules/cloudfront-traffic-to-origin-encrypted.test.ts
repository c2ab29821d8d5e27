import { item, ruleCases } from './helpers.ts';

const methods = { quantity: 2, items: ['HEAD', 'GET'] };
const behavior = (targetOriginId: string, viewerProtocolPolicy: unknown) => ({ targetOriginId, viewerProtocolPolicy, allowedMethods: { ...methods, cachedMethods: methods }, compress: true });

// A custom origin (an ALB or a web server) with this origin protocol policy.
const customOrigin = (id: string, originProtocolPolicy: unknown) => ({
  id,
  domainName: `${id}.example.com`,
  originPath: '',
  customHeaders: { quantity: 0 },
  customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy, originSslProtocols: { quantity: 1, items: ['TLSv1.2'] }, originReadTimeout: 30, originKeepaliveTimeout: 5 },
  connectionAttempts: 3,
  connectionTimeout: 10,
});
// An S3 origin behind origin access control: not a custom origin.
const s3Origin = { id: 's3-assets', domainName: 'acme-assets.s3.us-east-1.amazonaws.com', originPath: '', customHeaders: { quantity: 0 }, s3OriginConfig: { originAccessIdentity: '' }, originAccessControlId: 'E2QWRUHAPOMQZL', connectionAttempts: 3, connectionTimeout: 10 };

// A distribution's item with these origins, default behavior and other behaviors.
function distribution(origins: unknown, defaultPolicy: unknown, others: { pathPattern: string; target: string; policy: unknown }[] = []): ReturnType<typeof item> {
  return item('AWS::CloudFront::Distribution', {
    resourceId: 'E1A2B3C4D5E6F7',
    configuration: {
      id: 'E1A2B3C4D5E6F7',
      domainName: 'd111111abcdef8.cloudfront.net',
      distributionConfig: {
        enabled: true,
        origins: origins === undefined ? undefined : { quantity: Array.isArray(origins) ? origins.length : 0, items: origins },
        defaultCacheBehavior: behavior('web', defaultPolicy),
        cacheBehaviors: others.length === 0 ? { quantity: 0 } : { quantity: others.length, items: others.map((b) => ({ pathPattern: b.pathPattern, ...behavior(b.target, b.policy) })) },
      },
    },
  });
}

ruleCases('CLOUDFRONT_TRAFFIC_TO_ORIGIN_ENCRYPTED', {
  compliant: [
    { name: 'https-only custom origin, HTTP allowed to viewers', item: distribution([customOrigin('web', 'https-only')], 'allow-all') },
    { name: 'match-viewer, every behavior redirects to HTTPS', item: distribution([customOrigin('web', 'match-viewer')], 'redirect-to-https', [{ pathPattern: '/api/*', target: 'web', policy: 'https-only' }]) },
    { name: 'S3 origins only, HTTP allowed', item: distribution([s3Origin], 'allow-all') },
    { name: 'an S3 origin beside an https-only custom one', item: distribution([s3Origin, customOrigin('web', 'https-only')], 'redirect-to-https', [{ pathPattern: '/static/*', target: 's3-assets', policy: 'allow-all' }]) },
  ],
  nonCompliant: [
    { name: 'http-only custom origin', item: distribution([customOrigin('web', 'http-only')], 'https-only') },
    { name: 'http-only beside an https-only one', item: distribution([customOrigin('api', 'https-only'), customOrigin('web', 'http-only')], 'redirect-to-https') },
    { name: 'match-viewer, default behavior allows HTTP', item: distribution([customOrigin('web', 'match-viewer')], 'allow-all') },
    { name: 'match-viewer, a path behavior allows HTTP', item: distribution([customOrigin('web', 'match-viewer')], 'redirect-to-https', [{ pathPattern: '/legacy/*', target: 'web', policy: 'allow-all' }]) },
    // The description pairs the policies across the distribution, not per origin.
    { name: 'match-viewer, HTTP allowed on a behavior of an S3 origin', item: distribution([s3Origin, customOrigin('web', 'match-viewer')], 'redirect-to-https', [{ pathPattern: '/static/*', target: 's3-assets', policy: 'allow-all' }]) },
  ],
  notApplicable: [
    { name: 'a load balancer, not a distribution', item: item('AWS::ElasticLoadBalancingV2::LoadBalancer', { configuration: { type: 'application' } }) },
    { name: 'a deleted distribution', item: { ...distribution([customOrigin('web', 'http-only')], 'allow-all'), configurationItemStatus: 'ResourceDeleted' } },
  ],
  malformed: [
    { name: 'no origins recorded', item: distribution(undefined, 'https-only') },
    { name: 'an empty origin list', item: distribution([], 'https-only') },
    { name: 'a custom origin without a protocol policy', item: distribution([customOrigin('web', undefined)], 'https-only') },
    { name: 'an unknown protocol policy', item: distribution([customOrigin('web', 'HTTPS_ONLY')], 'https-only') },
    { name: 'match-viewer, default behavior without a viewer policy', item: distribution([customOrigin('web', 'match-viewer')], undefined) },
    { name: 'match-viewer, a path behavior without a viewer policy', item: distribution([customOrigin('web', 'match-viewer')], 'https-only', [{ pathPattern: '/api/*', target: 'web', policy: 7 }]) },
  ],
});
