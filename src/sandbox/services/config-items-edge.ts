// Configuration items of the sandbox's CloudFront distributions, in the camelCase of the public
// aws-config-resource-schema (the CloudFront API's DistributionConfig, each list as quantity and
// items). The sandbox serves no CloudFront API, so these items are the only view of them; what
// they name elsewhere is real: logs go to, and content comes from, sandbox buckets. As in
// config-items.ts, each item writes out the oracle's verdicts (ConfigFacts.verdict) as the
// settings that produce them.
import { hexOf, unit, uuidOf } from '../prng.ts';
import { DAY_MS, EPOCH } from '../clock.ts';
import type { OrgModel, ResourceRef } from '../org.ts';
import type { Compliance } from './config-facts.ts';

export type EdgeKind = 'distribution';

/** The managed rules with local evaluators that these items reproduce, and the kind each judges. */
export const EDGE_ITEM_RULES: Record<string, EdgeKind> = {
  CLOUDFRONT_ACCESSLOGS_ENABLED: 'distribution',
  CLOUDFRONT_ASSOCIATED_WITH_WAF: 'distribution',
  CLOUDFRONT_VIEWER_POLICY_HTTPS: 'distribution',
  CLOUDFRONT_CUSTOM_SSL_CERTIFICATE: 'distribution',
};

/** CloudFront is global, and AWS Config records its distributions in US East (N. Virginia) only. */
export const CLOUDFRONT_REGION = 'us-east-1';

type Item = Record<string, unknown>;
type Verdict = (sid: string) => Compliance;

/** How many of a kind an account-region holds: 0-4 at 60 resources, distributions only in us-east-1. */
export function edgeCount(org: OrgModel, kind: EdgeKind, account: string, region: string): number {
  if (region !== CLOUDFRONT_REGION) return 0;
  return Math.floor(unit(org.seed, account, region, `${kind}-count`) * (3 + 0.03 * org.resources));
}

/** The i-th resource of a kind, named as Config names it: a distribution by its id. */
export function edgeResource(org: OrgModel, _kind: EdgeKind, account: string, region: string, i: number): ResourceRef {
  return { type: 'AWS::CloudFront::Distribution', id: `E${hexOf(13, org.seed, account, region, 'distribution', i).toUpperCase()}` };
}

/** The item's fields beyond the common ones (version, accountId, capture time, status, type, id, tags). */
export function edgeItem(org: OrgModel, _kind: EdgeKind, account: string, region: string, res: ResourceRef, i: number, v: Verdict): Item {
  return distribution(org, account, region, res, i, v);
}

const SITES = ['static', 'assets', 'downloads', 'docs'];
/** CloudFront's managed cache policies CachingOptimized and CachingDisabled. */
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

const none = { quantity: 0 };

function behavior(targetOriginId: string, viewerProtocolPolicy: string, cachePolicyId: string): Item {
  const methods = { quantity: 2, items: ['HEAD', 'GET'] };
  return {
    targetOriginId,
    viewerProtocolPolicy,
    allowedMethods: { ...methods, cachedMethods: methods },
    cachePolicyId,
    compress: true,
    smoothStreaming: false,
    fieldLevelEncryptionId: '',
    trustedSigners: { enabled: false, quantity: 0 },
    trustedKeyGroups: { enabled: false, quantity: 0 },
    lambdaFunctionAssociations: none,
    functionAssociations: none,
  };
}

/**
 * A distribution serving a sandbox bucket of the account through origin access control. Passing
 * the logging rule, it logs to another of the account's buckets (the API's empty bucket and
 * prefix when off); the WAF rule, it names a web ACL (the API's empty id when none); the viewer
 * rule, every behavior redirects to HTTPS or requires it, while a failing one lets one behavior
 * allow HTTP; the certificate rule, it serves an ACM certificate for its alias, while a failing
 * one has no alias and serves the default *.cloudfront.net certificate.
 */
function distribution(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, v: Verdict): Item {
  const on = (sid: string): boolean => v(sid) !== 'NON_COMPLIANT';
  const arn = `arn:aws:cloudfront::${account}:distribution/${res.id}`;
  const buckets = org.count('bucket', account, region);
  const origin = org.bucketName(account, region, i % buckets);
  const logs = org.bucketName(account, region, (i + 1) % buckets);
  const site = SITES[i % SITES.length]!;
  const alias = `${site}-${i}.sbx-${account}.example.com`;
  const custom = on('CLOUDFRONT_CUSTOM_SSL_CERTIFICATE');
  const logging = on('CLOUDFRONT_ACCESSLOGS_ENABLED');
  const https = on('CLOUDFRONT_VIEWER_POLICY_HTTPS');
  // A failing distribution allows HTTP on its default behavior or on its API path.
  const httpOnDefault = !https && unit(org.seed, res.id, 'http-behavior') < 0.5;
  const modified = EPOCH - Math.floor((10 + 200 * unit(org.seed, res.id, 'modified')) * DAY_MS);
  const certificate = `arn:aws:acm:${CLOUDFRONT_REGION}:${account}:certificate/${uuidOf(org.seed, res.id, 'acm')}`;
  return {
    awsRegion: 'global',
    arn,
    configuration: {
      id: res.id,
      arn,
      domainName: `d${hexOf(13, org.seed, res.id, 'domain')}.cloudfront.net`,
      lastModifiedTime: new Date(modified).toISOString(),
      isStaging: false,
      activeTrustedSigners: { enabled: false, quantity: 0 },
      activeTrustedKeyGroups: { enabled: false, quantity: 0 },
      distributionConfig: {
        callerReference: uuidOf(org.seed, res.id, 'caller'),
        comment: `${site} site`,
        enabled: true,
        staging: false,
        aliases: custom ? { quantity: 1, items: [alias] } : none,
        defaultRootObject: 'index.html',
        origins: {
          quantity: 1,
          items: [
            {
              id: 's3-origin',
              domainName: `${origin}.s3.${region}.amazonaws.com`,
              originPath: '',
              customHeaders: none,
              s3OriginConfig: { originAccessIdentity: '' },
              originAccessControlId: `E${hexOf(13, org.seed, res.id, 'oac').toUpperCase()}`,
              connectionAttempts: 3,
              connectionTimeout: 10,
              originShield: { enabled: false },
            },
          ],
        },
        originGroups: none,
        defaultCacheBehavior: behavior('s3-origin', httpOnDefault ? 'allow-all' : 'redirect-to-https', CACHING_OPTIMIZED),
        cacheBehaviors: { quantity: 1, items: [{ pathPattern: '/api/*', ...behavior('s3-origin', !https && !httpOnDefault ? 'allow-all' : 'https-only', CACHING_DISABLED) }] },
        customErrorResponses: none,
        logging: logging ? { enabled: true, includeCookies: false, bucket: `${logs}.s3.amazonaws.com`, prefix: `cloudfront/${res.id}/` } : { enabled: false, includeCookies: false, bucket: '', prefix: '' },
        priceClass: 'PriceClass_100',
        viewerCertificate: custom
          ? { cloudFrontDefaultCertificate: false, acmCertificateArn: certificate, certificate, certificateSource: 'acm', sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' }
          : { cloudFrontDefaultCertificate: true, certificateSource: 'cloudfront', minimumProtocolVersion: 'TLSv1' },
        restrictions: { geoRestriction: { restrictionType: 'none', quantity: 0 } },
        webACLId: on('CLOUDFRONT_ASSOCIATED_WITH_WAF') ? `arn:aws:wafv2:${CLOUDFRONT_REGION}:${account}:global/webacl/sbx-edge/${uuidOf(org.seed, account, 'webacl')}` : '',
        httpVersion: 'http2',
        isIPV6Enabled: true,
      },
    },
  };
}
