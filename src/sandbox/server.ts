// The sandbox's HTTP front: recognises each AWS wire protocol the way the SDKs send it, takes
// the region from the SigV4 credential scope, and answers in AWS's success and error shapes.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { OrgModel } from './org.ts';
import type { Faults } from './faults.ts';
import { AwsError } from './errors.ts';
import { configHandlers } from './services/config.ts';
import { cloudtrailHandlers } from './services/cloudtrail.ts';
import type { SessionStore } from './services/sts.ts';
import { stsHandlers } from './services/sts.ts';
import { organizationsHandlers } from './services/organizations.ts';
import { kmsHandlers } from './services/kms.ts';
import { cloudtrailEventHandlers } from './services/cloudtrail-events.ts';
import { configDeliveryHandlers } from './services/config-delivery.ts';
import { configItemHandlers } from './services/config-items.ts';
import { configAggregateHandlers } from './services/config-aggregate.ts';
import { serveRest } from './services/rest-services.ts';
import { serveQuery } from './query.ts';
import { cloudwatchHandlers, eventsHandlers, secretsHandlers, serveSns } from './services/notify.ts';
import type { JsonHandler, RequestContext } from './services/types.ts';

const JSON_SERVICES: Record<string, { service: string; handlers: Record<string, JsonHandler> }> = {
  StarlingDoveService: { service: 'config', handlers: { ...configHandlers, ...configDeliveryHandlers, ...configItemHandlers, ...configAggregateHandlers } },
  CloudTrail_20131101: { service: 'cloudtrail', handlers: { ...cloudtrailHandlers, ...cloudtrailEventHandlers } },
  AWSOrganizationsV20161128: { service: 'organizations', handlers: organizationsHandlers },
  TrentService: { service: 'kms', handlers: kmsHandlers },
  // where run notifications go (services/notify.ts)
  AWSEvents: { service: 'events', handlers: eventsHandlers },
  secretsmanager: { service: 'secretsmanager', handlers: secretsHandlers },
  GraniteServiceVersion20100801: { service: 'cloudwatch', handlers: cloudwatchHandlers },
};

export interface SandboxState {
  org: OrgModel;
  sessions: SessionStore;
  faults: Faults;
  day: number;
  stats: { requests: Record<string, number>; throttled: number; faults: number };
}

const MAX_BODY = 1 << 20;

/** Injected latency (faults.latencyMs). */
export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new AwsError('SerializationException', 'request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Region and service from "AWS4-HMAC-SHA256 Credential=AKID/20261129/us-east-1/config/aws4_request, ...". */
export function credentialScope(auth: string | undefined): { accessKeyId: string; region: string; service: string } | null {
  const m = /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/.exec(auth ?? '');
  return m ? { accessKeyId: m[1]!, region: m[2]!, service: m[3]! } : null;
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, requestId: string, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId,
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  res.end(text);
}

function sendXml(res: http.ServerResponse, status: number, xml: string, requestId: string): void {
  res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(xml), 'x-amzn-RequestId': requestId });
  res.end(xml);
}

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function queryError(e: AwsError, requestId: string): string {
  const type = e.status >= 500 ? 'Receiver' : 'Sender';
  return `<ErrorResponse xmlns="${STS_NS}"><Error><Type>${type}</Type><Code>${xmlEscape(e.code)}</Code><Message>${xmlEscape(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

/**
 * The account and principal behind an access key: keys issued by AssumeRole name their member
 * account; any other key is the management account's own user (so any client keys work).
 */
function identify(state: SandboxState, accessKeyId: string): { account: string; principal: { arn: string; userId: string } } {
  const s = state.sessions.lookup(accessKeyId);
  if (s) return { account: s.account, principal: { arn: `arn:aws:sts::${s.account}:assumed-role/${s.role}/${s.sessionName}`, userId: `AROASANDBOX:${s.sessionName}` } };
  const m = state.org.management;
  return { account: m, principal: { arn: `arn:aws:iam::${m}:user/sandbox-auditor`, userId: 'AIDASANDBOXAUDITOR01' } };
}

export function createSandboxServer(state: SandboxState, oracle: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => boolean): http.Server {
  return http.createServer((req, res) => {
    const requestId = randomUUID();
    void (async () => {
      const body = await readBody(req);
      if (req.url?.startsWith('/_sandbox/')) {
        if (!oracle(req, res, body)) {
          res.writeHead(404, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: `no sandbox endpoint ${req.method} ${req.url}` }));
        }
        return;
      }
      const target = req.headers['x-amz-target'];
      const isJson = typeof target === 'string';
      try {
        if (!isJson && (await serveSns(state, req, res, body, requestId))) return; // SNS Publish over awsQuery
        if (!isJson && (await serveRest(state, req, res, body, requestId))) return; // restJson1 and restXml services (rest.ts)
        if (!isJson && (await serveQuery(state, req, res, body, requestId))) return; // IAM over awsQuery (query.ts)
        if (req.method !== 'POST') throw new AwsError('UnknownOperationException', `${req.method} ${req.url} is not an operation this sandbox serves`);
        const scope = credentialScope(req.headers.authorization);
        if (!scope) {
          throw new AwsError(isJson ? 'MissingAuthenticationTokenException' : 'MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
        }
        // The global-events region's event history answers outside the organization's regions: it
        // is where CloudTrail records IAM changes and global sign-ins, and AWS never disables it.
        const globalHistory = isJson && scope.region === state.org.eventsRegion && /(^|\.)CloudTrail_20131101\.LookupEvents$/.test(target);
        if (!state.org.regions.includes(scope.region) && !globalHistory) {
          // What AWS answers in a region the account has not enabled.
          throw isJson
            ? new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.')
            : new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
        }
        const ctx: RequestContext = { org: state.org, region: scope.region, day: state.day, requestId, ...identify(state, scope.accessKeyId), failedAggregatorSources: state.faults.spec.failedAggregatorSources };
        if (isJson) {
          const dot = target.lastIndexOf('.');
          const op = target.slice(dot + 1);
          const prefix = target.slice(0, dot).split('.').at(-1) ?? '';
          const svc = JSON_SERVICES[prefix];
          const handler = svc && Object.hasOwn(svc.handlers, op) ? svc.handlers[op] : undefined;
          if (!svc || !handler) throw new AwsError('UnknownOperationException', `Operation ${target} is not supported`);
          state.stats.requests[`${svc.service}.${op}`] = (state.stats.requests[`${svc.service}.${op}`] ?? 0) + 1;
          await delay(state.faults.apply(ctx.account, ctx.region, svc.service, op));
          let input: Record<string, unknown>;
          try {
            input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
          } catch {
            throw new AwsError('SerializationException', 'Request body is not valid JSON');
          }
          sendJson(res, 200, handler(input, ctx), requestId);
          return;
        }
        const params = new URLSearchParams(body);
        const action = params.get('Action') ?? '';
        const handler = Object.hasOwn(stsHandlers, action) ? stsHandlers[action] : undefined;
        if (scope.service !== 'sts' || !handler) throw new AwsError('InvalidAction', `Could not find operation ${action || '(none)'} for version ${params.get('Version') ?? '(none)'}`);
        state.stats.requests[`sts.${action}`] = (state.stats.requests[`sts.${action}`] ?? 0) + 1;
        await delay(state.faults.apply(ctx.account, ctx.region, 'sts', action));
        const fields = handler(params, ctx, state.sessions);
        sendXml(res, 200, `<${action}Response xmlns="${STS_NS}"><${action}Result>${fields}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`, requestId);
      } catch (err) {
        const e = err instanceof AwsError ? err : new AwsError('InternalFailure', `sandbox error: ${(err as Error).message}`, 500);
        if (isJson) sendJson(res, e.status, { __type: e.code, message: e.message }, requestId, e.code);
        else sendXml(res, e.status, queryError(e, requestId), requestId);
      }
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    });
  });
}
