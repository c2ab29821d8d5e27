// Where a run's notifications go, minimally: SNS Publish (awsQuery), EventBridge PutEvents,
// Secrets Manager GetSecretValue and CloudWatch PutMetricData (awsJson). Topics, buses and secrets
// exist once a test declares them (POST /_sandbox/notify); everything accepted is kept in an inbox
// the test reads back (GET /_sandbox/notify), exactly as it was received.
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { AwsError } from '../errors.ts';
import type { OrgModel } from '../org.ts';
import { xml, identify } from '../rest.ts';
import { credentialScope, delay, type SandboxState } from '../server.ts';
import type { JsonHandler, RequestContext } from './types.ts';

export interface NotifyInbox {
  topics: Set<string>;
  buses: Set<string>;
  secrets: Map<string, string>;
  sns: { topicArn: string; subject: string | null; message: string; attributes: Record<string, string>; messageId: string }[];
  events: { bus: string; source: string; detailType: string; detail: unknown; time: string | null; eventId: string; account: string; region: string }[];
  metrics: { namespace: string; name: string; value: number; unit: string | null; dimensions: Record<string, string>; timestamp: string | null }[];
}

const inboxes = new WeakMap<OrgModel, NotifyInbox>();

export function inboxOf(org: OrgModel): NotifyInbox {
  let box = inboxes.get(org);
  if (!box) inboxes.set(org, (box = { topics: new Set(), buses: new Set(), secrets: new Map(), sns: [], events: [], metrics: [] }));
  return box;
}

/** The oracle's view: declared resources and everything received. */
export function inboxView(org: OrgModel): Record<string, unknown> {
  const b = inboxOf(org);
  return { topics: [...b.topics], buses: [...b.buses], secrets: [...b.secrets.keys()], sns: b.sns, events: b.events, metrics: b.metrics };
}

/** POST /_sandbox/notify {topics?, buses?, secrets?: {arn: value}}: declares what exists. */
export function declareNotify(org: OrgModel, body: unknown): string | null {
  const v = body as { topics?: unknown; buses?: unknown; secrets?: unknown } | null;
  if (!v || typeof v !== 'object') return 'body must be a JSON object {topics, buses, secrets}';
  const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');
  if (v.topics !== undefined && !strings(v.topics)) return 'topics must be a list of topic ARNs';
  if (v.buses !== undefined && !strings(v.buses)) return 'buses must be a list of bus ARNs';
  if (v.secrets !== undefined && (typeof v.secrets !== 'object' || !v.secrets || !Object.values(v.secrets).every((s) => typeof s === 'string'))) return 'secrets must map ARNs to strings';
  const b = inboxOf(org);
  for (const t of (v.topics as string[] | undefined) ?? []) b.topics.add(t);
  for (const t of (v.buses as string[] | undefined) ?? []) b.buses.add(t);
  for (const [k, s] of Object.entries((v.secrets as Record<string, string> | undefined) ?? {})) b.secrets.set(k, s);
  return null;
}

const SNS_NS = 'http://sns.amazonaws.com/doc/2010-03-31/';

function sendXml(res: http.ServerResponse, status: number, text: string, requestId: string): void {
  res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId });
  res.end(text);
}

/** SNS over awsQuery (signing name "sns"); false leaves any other request to the rest of the front. */
export async function serveSns(state: SandboxState, req: http.IncomingMessage, res: http.ServerResponse, body: string, requestId: string): Promise<boolean> {
  const scope = credentialScope(req.headers.authorization);
  if (!scope || scope.service !== 'sns' || req.method !== 'POST' || req.headers['x-amz-target'] !== undefined) return false;
  try {
    const p = new URLSearchParams(body);
    const action = p.get('Action') ?? '';
    if (action !== 'Publish' || p.get('Version') !== '2010-03-31') throw new AwsError('InvalidAction', `Could not find operation ${action || '(none)'} for version ${p.get('Version') ?? '(none)'}`);
    const ctx = { region: scope.region, ...identify(state, scope.accessKeyId) };
    state.stats.requests['sns.Publish'] = (state.stats.requests['sns.Publish'] ?? 0) + 1;
    await delay(state.faults.apply(ctx.account, ctx.region, 'sns', action));
    const topicArn = p.get('TopicArn') ?? '';
    const message = p.get('Message');
    const subject = p.get('Subject');
    if (!message) throw new AwsError('InvalidParameter', 'Invalid parameter: Empty message');
    if (Buffer.byteLength(message) > 262_144) throw new AwsError('InvalidParameter', 'Invalid parameter: Message too long');
    if (subject !== null && (subject.length > 100 || /[^\x20-\x7e]/.test(subject))) throw new AwsError('InvalidParameter', 'Invalid parameter: Subject');
    const box = inboxOf(state.org);
    const [, , , region, account] = topicArn.split(':');
    if (!box.topics.has(topicArn) || region !== ctx.region || account !== ctx.account) throw new AwsError('NotFound', 'Topic does not exist', 404);
    const attributes: Record<string, string> = {};
    for (let i = 1; p.has(`MessageAttributes.entry.${i}.Name`); i += 1) attributes[p.get(`MessageAttributes.entry.${i}.Name`)!] = p.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? '';
    const messageId = randomUUID();
    box.sns.push({ topicArn, subject, message, attributes, messageId });
    sendXml(res, 200, `<PublishResponse xmlns="${SNS_NS}"><PublishResult>${xml('MessageId', messageId)}</PublishResult><ResponseMetadata>${xml('RequestId', requestId)}</ResponseMetadata></PublishResponse>`, requestId);
  } catch (err) {
    const e = err instanceof AwsError ? err : new AwsError('InternalError', `sandbox error: ${(err as Error).message}`, 500);
    sendXml(res, e.status, `<ErrorResponse xmlns="${SNS_NS}"><Error>${xml('Type', e.status >= 500 ? 'Receiver' : 'Sender')}${xml('Code', e.code)}${xml('Message', e.message)}</Error>${xml('RequestId', requestId)}</ErrorResponse>`, requestId);
  }
  return true;
}

const busArn = (name: string, ctx: RequestContext): string => (name.startsWith('arn:') ? name : `arn:aws:events:${ctx.region}:${ctx.account}:event-bus/${name}`);
const isoOf = (t: unknown): string | null => (typeof t === 'number' ? new Date(t * 1000).toISOString() : null);

export const eventsHandlers: Record<string, JsonHandler> = {
  PutEvents(input, ctx) {
    const entries = input.Entries;
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > 10) throw new AwsError('ValidationException', "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and 10");
    const box = inboxOf(ctx.org);
    const out = entries.map((raw: unknown) => {
      const e = raw as Record<string, unknown>;
      const bus = busArn(typeof e.EventBusName === 'string' && e.EventBusName ? e.EventBusName : 'default', ctx);
      if (!bus.endsWith(':event-bus/default') && !box.buses.has(bus)) throw new AwsError('ResourceNotFoundException', `Event bus ${bus.split('/').pop()} does not exist.`);
      if (typeof e.Source !== 'string' || typeof e.DetailType !== 'string' || typeof e.Detail !== 'string') return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter(s) Source, DetailType or Detail are missing' };
      let detail: unknown;
      try {
        detail = JSON.parse(e.Detail);
      } catch {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
      }
      if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
      const eventId = randomUUID();
      box.events.push({ bus, source: e.Source, detailType: e.DetailType, detail, time: isoOf(e.Time), eventId, account: ctx.account, region: ctx.region });
      return { EventId: eventId };
    });
    return { FailedEntryCount: out.filter((o) => 'ErrorCode' in o).length, Entries: out };
  },
};

export const secretsHandlers: Record<string, JsonHandler> = {
  GetSecretValue(input, ctx) {
    const id = input.SecretId;
    if (typeof id !== 'string' || !id) throw new AwsError('ValidationException', "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null");
    const value = inboxOf(ctx.org).secrets.get(id);
    if (value === undefined) throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return { ARN: id, Name: id.split(':').pop(), SecretString: value, VersionId: '00000000-0000-4000-8000-000000000001', VersionStages: ['AWSCURRENT'], CreatedDate: 1_767_225_600 };
  },
};

export const cloudwatchHandlers: Record<string, JsonHandler> = {
  PutMetricData(input, ctx) {
    const ns = input.Namespace;
    const data = input.MetricData;
    if (typeof ns !== 'string' || !ns || ns.startsWith('AWS/')) throw new AwsError('InvalidParameterValue', 'The value for parameter Namespace is not valid.');
    if (!Array.isArray(data) || data.length === 0 || data.length > 1000) throw new AwsError('InvalidParameterValue', 'The parameter MetricData must hold 1 to 1000 items.');
    const box = inboxOf(ctx.org);
    for (const raw of data as Record<string, unknown>[]) {
      if (typeof raw.MetricName !== 'string' || typeof raw.Value !== 'number') throw new AwsError('MissingParameter', 'The parameter MetricData.member.MetricName and Value are required.');
      const dims = Object.fromEntries(((raw.Dimensions as { Name?: string; Value?: string }[] | undefined) ?? []).map((d) => [d.Name ?? '', d.Value ?? '']));
      box.metrics.push({ namespace: ns, name: raw.MetricName, value: raw.Value, unit: typeof raw.Unit === 'string' ? raw.Unit : null, dimensions: dims, timestamp: isoOf(raw.Timestamp) });
    }
    return {};
  },
};
