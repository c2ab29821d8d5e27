// Amazon S3 and S3 Control (restXml, both signed as "s3"), path-style: GET / lists the
// account's buckets from any region; GET /<bucket>?<subresource> answers a bucket setting in
// the bucket's own region (elsewhere: 301 PermanentRedirect, as S3 does); S3 Control's
// GET /v20180820/configuration/publicAccessBlock answers the account's Block Public Access.
import { AwsError } from '../errors.ts';
import type { BucketFacts, PublicAccessBlockFacts } from './s3-facts.ts';
import { hexOf } from '../prng.ts';
import { RestError, XML_DECL, intParam, xml, type RestReply, type RestRequest, type RestService } from '../rest.ts';
import { decodeToken, encodeToken } from '../paging.ts';
import { esc } from './sts.ts';
import type { RequestContext } from './types.ts';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const S3_CONTROL_NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const SUBRESOURCES = ['location', 'versioning', 'encryption', 'publicAccessBlock', 'policyStatus'] as const;
type Subresource = (typeof SUBRESOURCES)[number];
const OPERATION: Record<Subresource, string> = {
  location: 'GetBucketLocation',
  versioning: 'GetBucketVersioning',
  encryption: 'GetBucketEncryption',
  publicAccessBlock: 'GetPublicAccessBlock',
  policyStatus: 'GetBucketPolicyStatus',
};

const doc = (root: string, ns: string, children: string[]): string => `${XML_DECL}<${root} xmlns="${ns}">${children.join('')}</${root}>`;
const isoSecs = (ms: number): string => new Date(ms).toISOString();

export function publicAccessBlockXml(b: PublicAccessBlockFacts): string[] {
  return [xml('BlockPublicAcls', b.BlockPublicAcls), xml('IgnorePublicAcls', b.IgnorePublicAcls), xml('BlockPublicPolicy', b.BlockPublicPolicy), xml('RestrictPublicBuckets', b.RestrictPublicBuckets)];
}

function listBuckets(req: RestRequest, ctx: RequestContext): RestReply {
  const q = req.query;
  const prefix = q.get('prefix') ?? '';
  const inRegion = q.get('bucket-region');
  // S3 includes BucketRegion only when the request has at least one listing parameter.
  const paged = ['max-buckets', 'continuation-token', 'prefix', 'bucket-region'].some((k) => q.has(k));
  const max = intParam(q.get('max-buckets'), 'max-buckets', 1, 10_000, 10_000, (m) => new AwsError('InvalidArgument', m, 400));
  const names = ctx.org.s3
    .bucketNames(ctx.account)
    .filter((n) => n.startsWith(prefix))
    .filter((n) => !inRegion || ctx.org.s3.parseBucketName(n)!.region === inRegion);
  const scope = `ListBuckets/${ctx.account}/${prefix}/${inRegion ?? ''}/${max}`;
  let offset: number;
  try {
    offset = decodeToken(q.get('continuation-token') ?? undefined, scope);
  } catch {
    throw new AwsError('InvalidArgument', 'The continuation token provided is incorrect', 400);
  }
  const slice = names.slice(offset, offset + max);
  const next = offset + slice.length < names.length ? encodeToken(scope, offset + slice.length) : undefined;
  const info = ctx.org.accountInfo(ctx.account)!;
  const buckets = slice.map((name) => {
    const p = ctx.org.s3.parseBucketName(name)!;
    return xml('Bucket', [xml('Name', name), xml('CreationDate', isoSecs(ctx.org.s3.bucketCreated(ctx.account, p.region, p.index))), ...(paged ? [xml('BucketRegion', p.region)] : [])]);
  });
  return {
    body: doc('ListAllMyBucketsResult', S3_NS, [
      xml('Owner', [xml('ID', hexOf(64, ctx.org.seed, 'canonical', ctx.account)), xml('DisplayName', info.Name)]),
      xml('Buckets', buckets),
      ...(next ? [xml('ContinuationToken', next)] : []),
      ...(q.has('prefix') ? [xml('Prefix', prefix)] : []),
    ]),
  };
}

/** The bucket a request names, if the caller may see it. */
function bucketOf(name: string, ctx: RequestContext): { facts: BucketFacts; region: string } {
  const p = ctx.org.s3.parseBucketName(name);
  if (!p) throw new RestError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: name });
  if (p.account !== ctx.account) throw new AwsError('AccessDenied', 'Access Denied', 403);
  return { facts: ctx.org.s3.bucket(p.account, p.region, p.index, ctx.day), region: p.region };
}

function bucketSetting(sub: Subresource, name: string, ctx: RequestContext): RestReply {
  const { facts: b, region } = bucketOf(name, ctx);
  if (sub === 'location') {
    // us-east-1 buckets answer an empty LocationConstraint.
    return { body: `${XML_DECL}<LocationConstraint xmlns="${S3_NS}">${region === 'us-east-1' ? '' : esc(region)}</LocationConstraint>` };
  }
  if (region !== ctx.region) {
    throw new RestError('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.', 301, { Bucket: name, Endpoint: `s3.${region}.amazonaws.com` }, { 'x-amz-bucket-region': region });
  }
  switch (sub) {
    case 'versioning':
      // MfaDelete only appears once MFA delete has been configured, which no sandbox bucket has.
      return { body: doc('VersioningConfiguration', S3_NS, [xml('Status', b.versioning)]) };
    case 'encryption': {
      const e = b.encryption;
      if (!e) throw new RestError('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404, { BucketName: name });
      const rule = [xml('ApplyServerSideEncryptionByDefault', [xml('SSEAlgorithm', e.SSEAlgorithm), ...(e.KMSMasterKeyID ? [xml('KMSMasterKeyID', e.KMSMasterKeyID)] : [])]), xml('BucketKeyEnabled', e.BucketKeyEnabled)];
      return { body: doc('ServerSideEncryptionConfiguration', S3_NS, [xml('Rule', rule)]) };
    }
    case 'publicAccessBlock':
      if (!b.publicAccessBlock) throw new RestError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404, { BucketName: name });
      return { body: doc('PublicAccessBlockConfiguration', S3_NS, publicAccessBlockXml(b.publicAccessBlock)) };
    case 'policyStatus':
      if (!b.policy) throw new RestError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: name });
      return { body: doc('PolicyStatus', S3_NS, [xml('IsPublic', b.policy.IsPublic)]) };
  }
}

function s3ErrorXml(e: AwsError, requestId: string): string {
  const fields = e instanceof RestError ? Object.entries(e.fields).map(([k, v]) => xml(k, v)) : [];
  return `${XML_DECL}<Error>${xml('Code', e.code)}${xml('Message', e.message)}${fields.join('')}${xml('RequestId', requestId)}${xml('HostId', Buffer.from(requestId).toString('base64'))}</Error>`;
}

export const s3Service: RestService = {
  name: 's3',
  protocol: 'restXml',
  errorXml: s3ErrorXml,
  match(req) {
    if (req.method !== 'GET') return undefined;
    const [bucket, ...key] = req.segments;
    if (!bucket) return { operation: 'ListBuckets', run: listBuckets };
    if (key.length > 0) return undefined;
    const sub = SUBRESOURCES.find((s) => req.query.has(s));
    if (!sub) return undefined;
    return { operation: OPERATION[sub], run: (_req, ctx) => bucketSetting(sub, bucket, ctx) };
  },
};

export const s3ControlService: RestService = {
  name: 's3control',
  protocol: 'restXml',
  // S3 Control wraps its errors in <ErrorResponse>, unlike S3.
  errorXml: (e, requestId) =>
    `${XML_DECL}<ErrorResponse><Error>${xml('Code', e.code)}${xml('Message', e.message)}</Error>${xml('RequestId', requestId)}${xml('HostId', Buffer.from(requestId).toString('base64'))}</ErrorResponse>`,
  match(req) {
    if (req.method !== 'GET' || req.segments.join('/') !== 'v20180820/configuration/publicAccessBlock') return undefined;
    return {
      operation: 'GetPublicAccessBlock',
      run: (r, ctx) => {
        const asked = r.headers['x-amz-account-id'];
        if (typeof asked !== 'string' || !/^\d{12}$/.test(asked)) throw new AwsError('InvalidRequest', 'x-amz-account-id header is missing or not a 12-digit account id', 400);
        if (asked !== ctx.account) throw new AwsError('AccessDenied', 'Access Denied', 403);
        const b = ctx.org.s3.accountPublicAccessBlock(ctx.account, ctx.day);
        if (!b) throw new AwsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404);
        return { body: doc('PublicAccessBlockConfiguration', S3_CONTROL_NS, publicAccessBlockXml(b)) };
      },
    };
  },
};
