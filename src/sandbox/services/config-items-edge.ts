// Configuration items of the sandbox's CloudFront distributions, ELBv2 load balancers and Route 53
// hosted zones, in the
// camelCase of the public aws-config-resource-schema (the CloudFront API's DistributionConfig,
// each list as quantity and items; a balancer's attributes as the DescribeLoadBalancerAttributes
// key/value list). The sandbox serves neither API, so these items are the only view of them; what
// they name elsewhere is real: sandbox buckets, VPCs and subnets. As in config-items.ts, each
// item writes out the oracle's verdicts (ConfigFacts.verdict) as the settings that produce them;
// what a balancer's type decides (a network balancer has no HTTP settings, an application one
// spans two zones, a private hosted zone is out of scope of query logging) is derived here
// (edgeCompliance).
import { hexOf, unit, uuidOf } from '../prng.ts';
import { DAY_MS, EPOCH } from '../clock.ts';
import type { OrgModel, ResourceRef } from '../org.ts';
import type { Compliance } from './config-facts.ts';

export type EdgeKind = 'distribution' | 'elbv2' | 'hostedzone';

/** The managed rules with local evaluators that these items reproduce, and the kind each judges. */
export const EDGE_ITEM_RULES: Record<string, EdgeKind> = {
  CLOUDFRONT_ACCESSLOGS_ENABLED: 'distribution',
  CLOUDFRONT_ASSOCIATED_WITH_WAF: 'distribution',
  CLOUDFRONT_VIEWER_POLICY_HTTPS: 'distribution',
  CLOUDFRONT_CUSTOM_SSL_CERTIFICATE: 'distribution',
  CLOUDFRONT_TRAFFIC_TO_ORIGIN_ENCRYPTED: 'distribution',
  CLOUDFRONT_NO_DEPRECATED_SSL_PROTOCOLS: 'distribution',
  ELB_DELETION_PROTECTION_ENABLED: 'elbv2',
  ALB_HTTP_DROP_INVALID_HEADER_ENABLED: 'elbv2',
  ELBV2_MULTIPLE_AZ: 'elbv2',
  ROUTE53_QUERY_LOGGING_ENABLED: 'hostedzone',
};

/** Rules that judge ELBv2 balancers besides the kind they are listed under: ELB_LOGGING_ENABLED also judges Classic ones. */
export const EDGE_EXTRA_KINDS: Record<string, EdgeKind[]> = { ELB_LOGGING_ENABLED: ['elbv2'] };

/** Rules whose NOT_APPLICABLE an item can show: a network balancer, for the rules about HTTP; a private hosted zone, for query logging. */
export const EDGE_NOT_APPLICABLE = ['ELB_LOGGING_ENABLED', 'ALB_HTTP_DROP_INVALID_HEADER_ENABLED', 'ROUTE53_QUERY_LOGGING_ENABLED'];

const ELBV2 = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

/** CloudFront is global, and AWS Config records its distributions in US East (N. Virginia) only. */
export const CLOUDFRONT_REGION = 'us-east-1';
/**
 * Route 53 is global too, and its query logging rule runs in US East (N. Virginia) only, so the
 * sandbox's hosted zones are recorded there alone (as regional items of that region).
 */
export const ROUTE53_REGION = 'us-east-1';

type Item = Record<string, unknown>;
type Verdict = (sid: string) => Compliance;

/** How many of a kind an account-region holds: 0-4 at 60 resources, distributions and hosted zones only in us-east-1. */
export function edgeCount(org: OrgModel, kind: EdgeKind, account: string, region: string): number {
  if (kind === 'distribution' && region !== CLOUDFRONT_REGION) return 0;
  if (kind === 'hostedzone' && region !== ROUTE53_REGION) return 0;
  return Math.floor(unit(org.seed, account, region, `${kind}-count`) * (3 + 0.03 * org.resources));
}

const BALANCERS = ['shop', 'api', 'ingest', 'internal-tools'];

/** Whether an ELBv2 balancer is a network one (else an application one): a fixed draw per balancer. */
function isNetwork(org: OrgModel, id: string): boolean {
  return unit(org.seed, id, 'elbv2-type') < 0.35;
}

/** Whether a hosted zone is private (associated with a VPC; else public): a fixed draw per zone. */
function isPrivateZone(org: OrgModel, id: string): boolean {
  return unit(org.seed, id, 'private-zone') < 0.35;
}

/** The i-th resource of a kind, named as Config names it: a distribution or hosted zone by its id, a balancer by its ARN. */
export function edgeResource(org: OrgModel, kind: EdgeKind, account: string, region: string, i: number): ResourceRef {
  if (kind === 'hostedzone') return { type: 'AWS::Route53::HostedZone', id: `Z${hexOf(20, org.seed, account, region, 'hostedzone', i).toUpperCase()}` };
  if (kind === 'distribution') return { type: 'AWS::CloudFront::Distribution', id: `E${hexOf(13, org.seed, account, region, 'distribution', i).toUpperCase()}` };
  const name = `sbx-${BALANCERS[i % BALANCERS.length]!}-${i}`;
  const suffix = hexOf(16, org.seed, account, region, 'elbv2', i);
  // The type is drawn from the suffix, which the ARN carries, so the ARN alone says it.
  return { type: ELBV2, id: `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/${isNetwork(org, suffix) ? 'net' : 'app'}/${name}/${suffix}` };
}

/**
 * The verdicts a balancer's type decides, or undefined where the seeded one stands. A network
 * balancer is out of scope of the HTTP rules (access logging of ELB_LOGGING_ENABLED, header
 * handling); an application one always spans two zones, as AWS requires, and a network one sits
 * in one zone on a fixed share of balancers. A Classic balancer is always in scope of logging.
 */
export function edgeCompliance(org: OrgModel, sid: string, account: string, region: string, res: ResourceRef, day: number): Compliance | undefined {
  const seeded = (): Compliance => (org.config.seeded(sid, account, region, res, day).compliance === 'NON_COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT');
  // Query logging judges public hosted zones only.
  if (sid === 'ROUTE53_QUERY_LOGGING_ENABLED') return isPrivateZone(org, res.id) ? 'NOT_APPLICABLE' : seeded();
  if (res.type !== ELBV2) return sid === 'ELB_LOGGING_ENABLED' ? seeded() : undefined;
  const network = res.id.includes(':loadbalancer/net/');
  switch (sid) {
    case 'ELB_LOGGING_ENABLED':
    case 'ALB_HTTP_DROP_INVALID_HEADER_ENABLED':
      return network ? 'NOT_APPLICABLE' : seeded();
    case 'ELBV2_MULTIPLE_AZ':
      return network && unit(org.seed, sid, account, res.id, 'single-zone') < 0.4 ? 'NON_COMPLIANT' : 'COMPLIANT';
    default:
      return undefined;
  }
}

/** The item's fields beyond the common ones (version, accountId, capture time, status, type, id, tags). */
export function edgeItem(org: OrgModel, kind: EdgeKind, account: string, region: string, res: ResourceRef, i: number, v: Verdict): Item {
  if (kind === 'hostedzone') return hostedZone(org, account, region, res, i, v);
  return kind === 'distribution' ? distribution(org, account, region, res, i, v) : loadBalancer(org, account, region, res, i, v);
}

const ZONES = ['shop', 'api', 'status', 'mail'];

/**
 * A hosted zone in the published schema's shape. A public zone has Route 53's four name servers
 * and, passing the query logging rule, a query logging configuration sending its queries to a log
 * group in us-east-1 (the only region Route 53 logs to), which the schema nests one level down
 * under CloudWatchLogsLogGroupArn; a private zone has no name servers listed and is associated
 * with a sandbox VPC of the region, some with query logging too.
 */
function hostedZone(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, v: Verdict): Item {
  const priv = isPrivateZone(org, res.id);
  const name = priv ? `${ZONES[i % ZONES.length]!}-${i}.corp.internal.` : `${ZONES[i % ZONES.length]!}-${i}.sbx-${account.slice(-4)}.example.com.`;
  const logs = priv ? unit(org.seed, res.id, 'private-zone-logging') < 0.3 : v('ROUTE53_QUERY_LOGGING_ENABLED') !== 'NON_COMPLIANT';
  const n = (k: number): number => Math.floor(unit(org.seed, res.id, 'ns', k) * 512);
  const configuration: Item = {
    Id: res.id,
    Name: name,
    ...(priv
      ? { VPCs: [{ VPCId: org.resource('vpc', account, region, i % org.count('vpc', account, region)).id, VPCRegion: region }] }
      : { NameServers: [`ns-${n(0) + 1536}.awsdns-${String(n(1) % 64).padStart(2, '0')}.co.uk`, `ns-${n(2)}.awsdns-${String(n(3) % 64).padStart(2, '0')}.com`, `ns-${n(4) + 1024}.awsdns-${String(n(5) % 64).padStart(2, '0')}.org`, `ns-${n(6) + 512}.awsdns-${String(n(7) % 64).padStart(2, '0')}.net`] }),
    ...(logs
      ? { QueryLoggingConfig: { CloudWatchLogsLogGroupArn: { CloudWatchLogsLogGroupArn: `arn:aws:logs:${ROUTE53_REGION}:${account}:log-group:/aws/route53/${name.slice(0, -1)}`, HostedZoneId: res.id, Id: uuidOf(org.seed, res.id, 'query-logging') } } }
      : {}),
  };
  return { awsRegion: region, resourceName: name, arn: `arn:aws:route53:::hostedzone/${res.id}`, configuration };
}

/**
 * An ELBv2 balancer in the subnets of one sandbox VPC: both of them (two zones), or the first
 * alone where ELBV2_MULTIPLE_AZ fails. Its attributes write out the other verdicts: deletion
 * protection, access logs to a sandbox bucket of the region, and for an application balancer
 * dropping invalid header fields; a network balancer has no HTTP attributes.
 */
function loadBalancer(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, v: Verdict): Item {
  const on = (sid: string): boolean => v(sid) !== 'NON_COMPLIANT';
  const [, kind, name, suffix] = res.id.split(':').at(-1)!.split('/') as [string, 'app' | 'net', string, string];
  const network = kind === 'net';
  const vpcs = org.count('vpc', account, region);
  const k = i % vpcs;
  // Subnet k lies in zone a of VPC k, subnet k + vpcs in its zone b.
  const subnets = (on('ELBV2_MULTIPLE_AZ') ? [k, k + vpcs] : [k]).map((s, z) => ({ zoneName: `${region}${'ab'[z]!}`, subnetId: org.resource('subnet', account, region, s).id, loadBalancerAddresses: [] }));
  const logging = v('ELB_LOGGING_ENABLED') === 'COMPLIANT';
  const bucket = org.bucketName(account, region, i % org.count('bucket', account, region));
  const flag = (x: boolean): string => String(x);
  const attributes: [string, string][] = [
    ['deletion_protection.enabled', flag(on('ELB_DELETION_PROTECTION_ENABLED'))],
    ['access_logs.s3.enabled', flag(logging)],
    ['access_logs.s3.bucket', logging ? bucket : ''],
    ['access_logs.s3.prefix', logging ? `elb/${name}` : ''],
    ['load_balancing.cross_zone.enabled', flag(!network)],
    ...(network
      ? []
      : ([
          ['idle_timeout.timeout_seconds', '60'],
          ['routing.http2.enabled', 'true'],
          ['routing.http.desync_mitigation_mode', 'defensive'],
          ['routing.http.drop_invalid_header_fields.enabled', flag(on('ALB_HTTP_DROP_INVALID_HEADER_ENABLED'))],
        ] as [string, string][])),
  ];
  const created = EPOCH - Math.floor((30 + 300 * unit(org.seed, res.id, 'created')) * DAY_MS);
  return {
    awsRegion: region,
    resourceName: name,
    arn: res.id,
    configuration: {
      loadBalancerArn: res.id,
      loadBalancerName: name,
      dNSName: `${name}-${suffix.slice(0, 10)}.${network ? `elb.${region}` : `${region}.elb`}.amazonaws.com`,
      canonicalHostedZoneId: `Z${hexOf(12, region, network ? 'nlb-zone' : 'alb-zone').toUpperCase()}`,
      createdTime: new Date(created).toISOString(),
      scheme: 'internet-facing',
      type: network ? 'network' : 'application',
      state: { code: 'active' },
      vpcId: org.resource('vpc', account, region, k).id,
      availabilityZones: subnets,
      ipAddressType: 'ipv4',
    },
    supplementaryConfiguration: { LoadBalancerAttributes: attributes.map(([key, value]) => ({ key, value })) },
  };
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
 * one has no alias and serves the default *.cloudfront.net certificate. Its API path goes to a
 * custom origin (the site's API host): passing the origin rule, CloudFront reaches it over HTTPS
 * only, or matches the viewer where no behavior allows HTTP; failing it, over HTTP only, or
 * matching the viewer where a behavior allows HTTP.
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
  // How CloudFront reaches the API origin: match-viewer on about half, where it gives the verdict.
  const encrypted = on('CLOUDFRONT_TRAFFIC_TO_ORIGIN_ENCRYPTED');
  // A distribution failing the deprecated-protocol rule still offers its API origin every protocol, SSLv3 included.
  const sslProtocols = on('CLOUDFRONT_NO_DEPRECATED_SSL_PROTOCOLS') ? { quantity: 1, items: ['TLSv1.2'] } : { quantity: 4, items: ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2'] };
  const matchViewer = encrypted === https && unit(org.seed, res.id, 'origin-policy') < 0.5;
  const originProtocolPolicy = matchViewer ? 'match-viewer' : encrypted ? 'https-only' : 'http-only';
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
          quantity: 2,
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
            {
              id: 'api-origin',
              domainName: `api-${i}.sbx-${account}.example.com`,
              originPath: '',
              customHeaders: none,
              customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy, originSslProtocols: sslProtocols, originReadTimeout: 30, originKeepaliveTimeout: 5 },
              connectionAttempts: 3,
              connectionTimeout: 10,
              originShield: { enabled: false },
            },
          ],
        },
        originGroups: none,
        defaultCacheBehavior: behavior('s3-origin', httpOnDefault ? 'allow-all' : 'redirect-to-https', CACHING_OPTIMIZED),
        cacheBehaviors: { quantity: 1, items: [{ pathPattern: '/api/*', ...behavior('api-origin', !https && !httpOnDefault ? 'allow-all' : 'https-only', CACHING_DISABLED) }] },
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
