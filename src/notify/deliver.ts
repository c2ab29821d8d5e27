// Sending one message to one target, with retries: SNS Publish, EventBridge PutEvents, an HTTPS
// webhook (JSON body, optional HMAC-SHA256 signature) and a Slack incoming webhook. A delivery
// never throws: its outcome is a record (src/notify/record.ts).
import { createHmac } from 'node:crypto';
import type { AwsClients } from '../collect/index.ts';
import { EvidenceError } from '../domain/index.ts';
import { renderSlack, renderText, subjectOf } from './format.ts';
import type { RunMessage } from './message.ts';
import type { DeliveryRecord } from './record.ts';
import type { NotifyTarget } from './schema.ts';

/** A delivery that cannot succeed by trying again (bad answer, refused request, missing secret). */
export class NotifyError extends EvidenceError {
  override readonly name = 'NotifyError';
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface DeliverContext {
  /** Clients of the account that runs the tool (the SDK's chain, or the sandbox's). */
  clients: AwsClients;
  /** Region for a bus given by name. */
  homeRegion: string;
  attempts: number;
  backoffMs: number;
  /** Per HTTP request (webhook, Slack). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

const regionOfArn = (arn: string): string => arn.split(':')[3]!;
// The SDK's own retries are off: the attempts are counted here, and recorded.
const once = { maxAttempts: 1 };

function sdkError(err: unknown, what: string): NotifyError {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = e.$metadata?.httpStatusCode;
  const retryable = e.$retryable !== undefined || status === undefined || status >= 500 || status === 429 || /Throttl/i.test(e.name ?? '');
  return new NotifyError(`${what}: ${e.name ?? 'Error'}: ${e.message ?? String(err)}${status ? ` (HTTP ${status})` : ''}`, retryable, { cause: err });
}

async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'aws-evidence-collector', ...headers }, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (err) {
    const why = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new NotifyError(`POST ${new URL(url).host}: ${(err as Error).message}${why ? `: ${why.code ?? why.message}` : ''}`, true, { cause: err });
  }
  const text = await res.text().catch(() => '');
  if (res.status >= 200 && res.status < 300) return;
  throw new NotifyError(`POST ${new URL(url).host}: HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`, res.status >= 500 || res.status === 429 || res.status === 408);
}

async function webhookSecret(target: Extract<NotifyTarget, { kind: 'webhook' }>, ctx: DeliverContext): Promise<string | null> {
  const s = target.secret;
  if (!s) return null;
  if ('env' in s) {
    const v = (ctx.env ?? process.env)[s.env];
    if (!v) throw new NotifyError(`webhook ${target.name}: environment variable ${s.env} (the signing secret) is not set`, false);
    return v;
  }
  // SDK clients load on first delivery: commands that only read the config never pay for them.
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  let out;
  try {
    out = await ctx.clients.client(SecretsManagerClient, regionOfArn(s.secretArn), once).send(new GetSecretValueCommand({ SecretId: s.secretArn }));
  } catch (err) {
    throw sdkError(err, `webhook ${target.name}: Secrets Manager GetSecretValue`);
  }
  if (typeof out.SecretString !== 'string' || out.SecretString === '') throw new NotifyError(`webhook ${target.name}: secret ${s.secretArn} has no SecretString`, false);
  return out.SecretString;
}

/** "sha256=" + hex HMAC-SHA256 of "<timestamp>.<body>": the receiver recomputes it with the shared secret. */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** One attempt; returns the service's message id where it gives one. */
async function sendOnce(target: NotifyTarget, m: RunMessage, ctx: DeliverContext): Promise<string | undefined> {
  const timeoutMs = ctx.timeoutMs ?? 10_000;
  switch (target.kind) {
    case 'sns': {
      const { PublishCommand, SNSClient } = await import('@aws-sdk/client-sns');
      let out;
      try {
        out = await ctx.clients.client(SNSClient, regionOfArn(target.topicArn), once).send(
          new PublishCommand({
            TopicArn: target.topicArn,
            Subject: subjectOf(m),
            Message: renderText(m),
            MessageAttributes: { event: { DataType: 'String', StringValue: m.event }, status: { DataType: 'String', StringValue: m.status } },
          }),
        );
      } catch (err) {
        throw sdkError(err, `SNS Publish to ${target.topicArn}`);
      }
      if (!out.MessageId) throw new NotifyError(`SNS Publish to ${target.topicArn}: the answer has no MessageId`, false);
      return out.MessageId;
    }
    case 'eventbridge': {
      const region = target.bus.startsWith('arn:') ? regionOfArn(target.bus) : (target.region ?? ctx.homeRegion);
      const { EventBridgeClient, PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
      let out;
      try {
        out = await ctx.clients
          .client(EventBridgeClient, region, once)
          .send(new PutEventsCommand({ Entries: [{ EventBusName: target.bus, Source: target.source, DetailType: m.event, Detail: JSON.stringify(m), Time: ctx.now?.() ?? new Date() }] }));
      } catch (err) {
        throw sdkError(err, `EventBridge PutEvents to ${target.bus}`);
      }
      const entry = out.Entries?.[0];
      if (typeof out.FailedEntryCount !== 'number' || !entry) throw new NotifyError(`EventBridge PutEvents to ${target.bus}: the answer has no FailedEntryCount or entry`, false);
      if (out.FailedEntryCount > 0 || !entry.EventId) throw new NotifyError(`EventBridge PutEvents to ${target.bus}: entry refused: ${entry.ErrorCode ?? 'no EventId'} ${entry.ErrorMessage ?? ''}`.trim(), entry.ErrorCode === 'ThrottlingException' || entry.ErrorCode === 'InternalFailure');
      return entry.EventId;
    }
    case 'webhook': {
      const body = JSON.stringify(m);
      const secret = await webhookSecret(target, ctx);
      const timestamp = String(Math.floor((ctx.now?.() ?? new Date()).getTime() / 1000));
      await postJson(target.url, body, { 'x-evidence-event': m.event, 'x-evidence-timestamp': timestamp, ...(secret ? { [target.signatureHeader]: signBody(secret, timestamp, body) } : {}) }, timeoutMs);
      return undefined;
    }
    case 'slack':
      await postJson(target.url, JSON.stringify(renderSlack(m)), {}, timeoutMs);
      return undefined;
  }
}

/** Sends with retries (backoff, doubling) and records the outcome; never throws. */
export async function deliver(target: NotifyTarget, m: RunMessage, ctx: DeliverContext, trigger: DeliveryRecord['trigger']): Promise<DeliveryRecord> {
  const sleep = ctx.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = ctx.now ?? (() => new Date());
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      const messageId = await sendOnce(target, m, ctx);
      return { target: target.name, kind: target.kind, time: now().toISOString(), attempts, outcome: 'delivered', ...(messageId ? { messageId } : {}), trigger };
    } catch (err) {
      const e = err instanceof NotifyError ? err : new NotifyError((err as Error).message, false, { cause: err });
      if (!e.retryable || attempts >= ctx.attempts) return { target: target.name, kind: target.kind, time: now().toISOString(), attempts, outcome: 'failed', detail: e.message, trigger };
      await sleep(ctx.backoffMs * 2 ** (attempts - 1));
    }
  }
}
