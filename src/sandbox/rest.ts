// The sandbox's REST front (restJson1: GuardDuty, Security Hub, Access Analyzer, Audit Manager;
// restXml: S3 and S3 Control). The SDKs name the service only in the SigV4 credential scope, so
// requests are routed on (signing name, method, path), and errors take each protocol's shape:
// restJson1 puts the code in the x-amzn-ErrorType header and a message in a JSON body; S3 answers
// <Error><Code>..</Code><Message>..</Message><RequestId>..</RequestId></Error>.
import type http from 'node:http';
import { AwsError } from './errors.ts';
import { page } from './paging.ts';
import { credentialScope, delay, type SandboxState } from './server.ts';
import { esc } from './services/sts.ts';
import type { RequestContext } from './services/types.ts';

/** An AWS error with extra members in its body (Audit Manager's resourceId, S3's BucketName...). */
export class RestError extends AwsError {
  constructor(
    code: string,
    message: string,
    status: number,
    readonly fields: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message, status);
  }
}

export interface RestRequest {
  method: string;
  /** Decoded path segments ("/detector/abc" gives ["detector", "abc"]). */
  segments: string[];
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Values of "{Label}" path segments of the matched route. */
  labels: Record<string, string>;
}

export interface RestReply {
  status?: number;
  /** A JSON value (restJson1) or an XML document (restXml). */
  body: unknown;
  headers?: Record<string, string>;
}

export interface RestService {
  /** The name the requests are counted and faulted under ("s3control", "guardduty"...). */
  name: string;
  protocol: 'restJson1' | 'restXml';
  match(req: Omit<RestRequest, 'labels'>): { operation: string; run: (req: RestRequest, ctx: RequestContext) => RestReply } | undefined;
  /** restJson1 error body; services differ in the member names ("message" or "Message"). */
  errorBody?(e: AwsError): Record<string, unknown>;
  /** restXml error document. */
  errorXml?(e: AwsError, requestId: string): string;
}

type Handler = (req: RestRequest, ctx: RequestContext) => RestReply;

/** A route table on method and path pattern ("/detector/{DetectorId}"). */
export function routes(table: [method: string, pattern: string, operation: string, handler: Handler][]): RestService['match'] {
  const compiled = table.map(([method, pattern, operation, handler]) => ({ method, parts: pattern.split('/').filter(Boolean), operation, handler }));
  return (req) => {
    for (const r of compiled) {
      if (r.method !== req.method || r.parts.length !== req.segments.length) continue;
      const labels: Record<string, string> = {};
      const ok = r.parts.every((p, i) => {
        const seg = req.segments[i]!;
        if (p.startsWith('{')) {
          labels[p.slice(1, -1)] = seg;
          return seg !== '';
        }
        return p === seg;
      });
      if (ok) return { operation: r.operation, run: (q, ctx) => r.handler({ ...q, labels }, ctx) };
    }
    return undefined;
  };
}

/** "<Tag>escaped text</Tag>", or nested elements when given an array of strings. */
export function xml(tag: string, content: string | number | boolean | string[]): string {
  const inner = Array.isArray(content) ? content.join('') : esc(String(content));
  return `<${tag}>${inner}</${tag}>`;
}

export const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

function json(input: string): Record<string, unknown> {
  if (input === '') return {};
  try {
    const v = JSON.parse(input) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AwsError('SerializationException', 'Request body is not a JSON object');
}

/** The body of a restJson1 request, parsed. */
export function jsonBody(req: RestRequest): Record<string, unknown> {
  return json(req.body);
}

/** Whom the keys belong to: AssumeRole sessions name their account; any other key is the management account's. */
export function identify(state: SandboxState, accessKeyId: string): Pick<RequestContext, 'account' | 'principal'> {
  const s = state.sessions.lookup(accessKeyId);
  if (s) return { account: s.account, principal: { arn: `arn:aws:sts::${s.account}:assumed-role/${s.role}/${s.sessionName}`, userId: `AROASANDBOX:${s.sessionName}` } };
  const m = state.org.management;
  return { account: m, principal: { arn: `arn:aws:iam::${m}:user/sandbox-auditor`, userId: 'AIDASANDBOXAUDITOR01' } };
}

function send(res: http.ServerResponse, service: RestService, status: number, body: unknown, requestId: string, headers: Record<string, string> = {}): void {
  const isXml = service.protocol === 'restXml';
  const text = isXml ? String(body) : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': isXml ? 'application/xml' : 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...(isXml ? { 'x-amz-request-id': requestId, 'x-amz-id-2': Buffer.from(requestId).toString('base64') } : { 'x-amzn-RequestId': requestId }),
    ...headers,
  });
  res.end(text);
}

function sendError(res: http.ServerResponse, service: RestService, err: unknown, requestId: string): void {
  const e = err instanceof AwsError ? err : new AwsError('InternalFailure', `sandbox error: ${(err as Error).message}`, 500);
  const extra = e instanceof RestError ? e.headers : {};
  if (service.protocol === 'restXml') {
    send(res, service, e.status, service.errorXml!(e, requestId), requestId, extra);
    return;
  }
  const body = service.errorBody ? service.errorBody(e) : { message: e.message };
  send(res, service, e.status, { ...body, ...(e instanceof RestError ? e.fields : {}) }, requestId, { 'x-amzn-ErrorType': e.code, ...extra });
}

/**
 * Answers a REST request of a service `serviceFor` knows (by SigV4 signing name and path);
 * false leaves the request to the other protocols (awsJson, awsQuery) of the sandbox's front.
 */
export async function serveRestWith(
  serviceFor: (signingName: string, path: string) => RestService | undefined,
  state: SandboxState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: string,
  requestId: string,
): Promise<boolean> {
  const scope = credentialScope(req.headers.authorization);
  if (!scope || req.headers['x-amz-target'] !== undefined) return false;
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const service = serviceFor(scope.service, url.pathname);
  if (!service) return false;
  try {
    if (!state.org.regions.includes(scope.region)) {
      // What AWS answers where the account has not enabled the region.
      throw service.protocol === 'restXml'
        ? new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403)
        : new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403);
    }
    const ctx: RequestContext = { org: state.org, region: scope.region, day: state.day, requestId, ...identify(state, scope.accessKeyId), disabledRegions: state.faults.spec.disabledRegions };
    const segments = url.pathname.split('/').slice(1).map((s) => decodeURIComponent(s));
    if (segments.at(-1) === '' && segments.length > 1) segments.pop();
    const request = { method: req.method ?? 'GET', segments, query: url.searchParams, headers: req.headers, body };
    const matched = service.match(request);
    if (!matched) {
      throw service.protocol === 'restXml'
        ? new AwsError('NotImplemented', 'A header or query you provided implies functionality that is not implemented.', 501)
        : new AwsError('UnknownOperationException', `The operation ${request.method} ${url.pathname} is not supported by this endpoint.`, 404);
    }
    const key = `${service.name}.${matched.operation}`;
    state.stats.requests[key] = (state.stats.requests[key] ?? 0) + 1;
    await delay(state.faults.apply(ctx.account, ctx.region, service.name, matched.operation));
    const reply = matched.run({ ...request, labels: {} }, ctx);
    send(res, service, reply.status ?? 200, reply.body, requestId, reply.headers);
  } catch (err) {
    sendError(res, service, err, requestId);
  }
  return true;
}

/** Query parameter as a bounded integer, or the default; AWS's validation message otherwise. */
export function intParam(raw: string | null | undefined | unknown, name: string, min: number, max: number, fallback: number, error: (msg: string) => AwsError): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw error(`1 validation error detected: Value '${String(raw)}' at '${name}' failed to satisfy constraint: Member must have value ${n < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`}`);
  }
  return n;
}

/** A page of items, answering a bad token with the service's own error code. */
export function pageOr<T>(items: T[], token: string | undefined, scope: string, size: number, invalid: (msg: string) => AwsError): { items: T[]; next?: string } {
  try {
    return page(items, token, scope, size);
  } catch (err) {
    if (err instanceof AwsError && err.code === 'InvalidNextTokenException') throw invalid('The nextToken provided is invalid.');
    throw err;
  }
}
