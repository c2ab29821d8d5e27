// Delivery to moto's SNS and EventBridge, an AWS implementation this
// project did not write, through the product's own SDK clients. boto3 sets up a topic and a bus,
// each feeding an SQS queue, and reads back what arrived.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/collect/clients.ts';
import { deliver, type DeliverContext } from '../../src/notify/deliver.ts';
import { sampleMessage } from '../../src/notify/sample.ts';
import { subjectOf } from '../../src/notify/format.ts';
import { NotifySchema } from '../../src/notify/schema.ts';
import { MOTO_BIN, MOTO_CREDENTIALS, MOTO_REGION, MOTO_SKIP_REASON, startMoto, type Moto } from '../store/moto.ts';

const SETUP = `
import json, os, boto3
kw = dict(endpoint_url=os.environ['MOTO_URL'], region_name='us-east-1', aws_access_key_id='testing', aws_secret_access_key='testing')
sns, sqs, ev = boto3.client('sns', **kw), boto3.client('sqs', **kw), boto3.client('events', **kw)
topic = sns.create_topic(Name='compliance')['TopicArn']
q1 = sqs.create_queue(QueueName='from-sns')['QueueUrl']
q1arn = sqs.get_queue_attributes(QueueUrl=q1, AttributeNames=['QueueArn'])['Attributes']['QueueArn']
sns.subscribe(TopicArn=topic, Protocol='sqs', Endpoint=q1arn)
bus = ev.create_event_bus(Name='compliance')['EventBusArn']
q2 = sqs.create_queue(QueueName='from-events')['QueueUrl']
q2arn = sqs.get_queue_attributes(QueueUrl=q2, AttributeNames=['QueueArn'])['Attributes']['QueueArn']
ev.put_rule(Name='regressions', EventBusName='compliance', EventPattern=json.dumps({'source': ['aws-evidence-collector'], 'detail-type': ['Compliance Regression']}))
ev.put_targets(Rule='regressions', EventBusName='compliance', Targets=[{'Id': 'q', 'Arn': q2arn}])
print(json.dumps({'topic': topic, 'bus': bus, 'q1': q1, 'q2': q2}))
`;

const READ = `
import json, os, boto3
kw = dict(endpoint_url=os.environ['MOTO_URL'], region_name='us-east-1', aws_access_key_id='testing', aws_secret_access_key='testing')
sqs = boto3.client('sqs', **kw)
out = {}
for k in ('q1', 'q2'):
    out[k] = [m['Body'] for m in sqs.receive_message(QueueUrl=os.environ[k.upper()], MaxNumberOfMessages=10, WaitTimeSeconds=1).get('Messages', [])]
print(json.dumps(out))
`;

async function python(script: string, env: Record<string, string>): Promise<string> {
  const child = spawn('python3', ['-c', script], { env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  if (code !== 0) throw new Error(`boto3 failed: ${err.slice(-2000)}`);
  return out;
}

let moto: Moto;
let clients: AwsClients;
let world: { topic: string; bus: string; q1: string; q2: string };
let ctx: DeliverContext;

beforeAll(async () => {
  if (!MOTO_BIN) return;
  moto = await startMoto();
  world = JSON.parse(await python(SETUP, { MOTO_URL: moto.endpoint })) as typeof world;
  clients = new AwsClients({ endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
  ctx = { clients, homeRegion: MOTO_REGION, attempts: 2, backoffMs: 0 };
}, 120_000);

afterAll(async () => {
  clients?.destroy();
  await moto?.stop();
});

describe.skipIf(!MOTO_BIN)(`notifications to moto (${MOTO_BIN ? 'moto_server found' : MOTO_SKIP_REASON})`, () => {
  it('publish to an SNS topic and put an event on a custom bus, which reach their SQS subscribers as sent', async () => {
    const message = sampleMessage('s3://evidence-bucket/org', new Date('2026-11-02T06:00:00Z'));
    const targets = NotifySchema.parse({
      targets: [
        { name: 'topic', kind: 'sns', topicArn: world.topic },
        { name: 'bus', kind: 'eventbridge', bus: world.bus },
      ],
    }).targets;
    const [sns, bus] = await Promise.all(targets.map((t) => deliver(t, message, ctx, 'run')));
    expect(sns).toMatchObject({ outcome: 'delivered', attempts: 1, kind: 'sns' });
    expect(bus).toMatchObject({ outcome: 'delivered', attempts: 1, kind: 'eventbridge' });
    const got = JSON.parse(await python(READ, { MOTO_URL: moto.endpoint, Q1: world.q1, Q2: world.q2 })) as { q1: string[]; q2: string[] };
    expect(got.q1).toHaveLength(1);
    const envelope = JSON.parse(got.q1[0]!) as { Subject: string; Message: string; MessageId: string; MessageAttributes: Record<string, { Value: string }> };
    expect(envelope.MessageId).toBe(sns!.messageId);
    expect(envelope.Subject).toBe(subjectOf(message));
    expect(envelope.Message).toContain('Regressed controls (1):');
    expect(envelope.MessageAttributes.event!.Value).toBe('Compliance Regression');
    expect(got.q2).toHaveLength(1);
    const event = JSON.parse(got.q2[0]!) as { source: string; 'detail-type': string; detail: unknown };
    expect(event).toMatchObject({ source: 'aws-evidence-collector', 'detail-type': 'Compliance Regression' });
    expect(event.detail).toEqual(JSON.parse(JSON.stringify(message)));
  });

  it('record a topic that does not exist as failed at once (not retried) with moto\'s answer', async () => {
    const [target] = NotifySchema.parse({ targets: [{ name: 'gone', kind: 'sns', topicArn: `arn:aws:sns:${MOTO_REGION}:123456789012:no-such-topic` }] }).targets;
    const d = await deliver(target!, sampleMessage('file:///x', new Date()), ctx, 'run');
    expect(d).toMatchObject({ outcome: 'failed', attempts: 1 });
    expect(d.detail).toMatch(/NotFound/);
  });
});
