// Notifications end to end: runs on the sandbox's days 0, 0 and 1 with an attestation that lapses
// after day 0, so day 1 regresses. The SNS topic, event bus and secret are the sandbox's; the
// webhook and Slack targets are a loopback HTTP server that records what it is sent. Each message
// is checked against the history diff of the same two runs.
import http from 'node:http';
import { createHmac } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { simulatedNow } from '../../src/sandbox/org.ts';
import { loadCatalog, type Catalog } from '../../src/catalog/load.ts';
import { FileStore } from '../../src/store/file.ts';
import { generateKeyFile } from '../../src/sign/signer.ts';
import { loadAcceptance, type AcceptanceInput } from '../../src/evaluate/acceptance.ts';
import { diffRuns } from '../../src/history/diff.ts';
import { NotifySchema, type NotifyConfig } from '../../src/notify/schema.ts';
import { readNotifications } from '../../src/notify/record.ts';
import type { RunMessage } from '../../src/notify/message.ts';
import type { RunOutcome } from '../../src/run/run.ts';
import type { RunDiff } from '../../src/history/types.ts';
import { NO_QUOTAS, UNPACED, runOnSandbox, tempDir } from '../helpers.ts';

const FW = 'aws-baseline';
const SECRET = 'webhook-signing-secret';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let sandbox: RunningSandbox;
let dir: string;
let cleanup: () => Promise<void>;
let store: FileStore;
let catalog: Catalog;
let acceptance: AcceptanceInput;
let server: http.Server;
let hook: string;
const received: Received[] = [];
let topicArn: string;
let busArn: string;
let secretArn: string;
const runs: Record<'first' | 'healthy' | 'regressed', RunOutcome> = {} as never;
let diff: RunDiff;
let inbox: { sns: { topicArn: string; subject: string; message: string; attributes: Record<string, string> }[]; events: { bus: string; source: string; detailType: string; detail: RunMessage }[] };

function notifyConfig(extra: object[] = []): NotifyConfig {
  return NotifySchema.parse({
    maxControls: 1,
    attempts: 2,
    backoffMs: 0,
    targets: [
      { name: 'ops-topic', kind: 'sns', topicArn },
      { name: 'bus', kind: 'eventbridge', bus: busArn },
      { name: 'siem', kind: 'webhook', url: `${hook}/hook`, secret: { secretArn } },
      { name: 'chat', kind: 'slack', url: `${hook}/slack` },
      ...extra,
    ],
  });
}

async function runOn(day: number, hour: number, config: NotifyConfig): Promise<RunOutcome> {
  sandbox.setDay(day);
  const base = simulatedNow(day) + (hour - 6) * 3_600_000;
  let t0: number | undefined;
  return runOnSandbox(sandbox, {
    store,
    catalog,
    dir,
    clients: { now: () => new Date(simulatedNow(day)) },
    frameworks: [catalog.byId.get(FW)!],
    formats: ['json'],
    now: () => new Date(base + (Date.now() - (t0 ??= Date.now()))),
    acceptance,
    notify: { config, sleep: async () => {} },
    rateLimits: UNPACED,
  });
}

const oracle = async (method: 'GET' | 'POST', body?: unknown): Promise<typeof inbox> => {
  const r = await fetch(`${sandbox.url}/_sandbox/notify`, { method, ...(body ? { body: JSON.stringify(body) } : {}) });
  expect(r.status).toBe(200);
  return (await r.json()) as typeof inbox;
};

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('notify-e2e-'));
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(req.url === '/broken' ? 500 : 200, { 'content-type': 'text/plain' });
      res.end(req.url === '/broken' ? 'receiver down' : 'ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sandbox = await startSandbox({ port: 0, seed: 5, accounts: 1, resources: 60, faults: NO_QUOTAS });
  const [region, account] = [sandbox.regions[0]!, sandbox.accountId];
  topicArn = `arn:aws:sns:${region}:${account}:compliance`;
  busArn = `arn:aws:events:${region}:${account}:event-bus/compliance`;
  secretArn = `arn:aws:secretsmanager:${region}:${account}:secret:webhook-AbCdEf`;
  await oracle('POST', { topics: [topicArn], buses: [busArn], secrets: { [secretArn]: SECRET } });
  store = new FileStore(path.join(dir, 'store'));
  await generateKeyFile(path.join(dir, 'signing.key'));
  catalog = await loadCatalog();
  // Valid through day 0 (2026-11-01), lapsed on day 1: ATTESTED → MANUAL, a regression.
  const manual = catalog.byId.get(FW)!.controls.find((c) => c.manual)!;
  const att = path.join(dir, 'attestations');
  await fs.mkdir(att, { recursive: true });
  await fs.writeFile(path.join(att, 'a.yaml'), `framework: ${FW}\ncontrol: ${manual.id}\nstatement: Reviewed.\nattester: Sam Lee\ndate: 2026-10-01\nvalidUntil: 2026-11-01\n`);
  acceptance = await loadAcceptance({ attestations: att }, catalog);

  runs.first = await runOn(0, 6, notifyConfig());
  runs.healthy = await runOn(0, 7, notifyConfig());
  received.length = 0; // what the two day-0 runs sent (nothing is expected; checked below through the records)
  runs.regressed = await runOn(1, 6, notifyConfig([{ name: 'broken-hook', kind: 'webhook', url: `${hook}/broken`, filter: 'always' }]));
  diff = await diffRuns(store, runs.healthy.runId, runs.regressed.runId, { catalog });
  inbox = await oracle('GET');
}, 300_000);

afterAll(async () => {
  await sandbox?.close();
  await new Promise((r) => server?.close(r));
  await cleanup?.();
});

describe('notifications after a run', () => {
  it('send nothing after a first run and a healthy run when every filter is "regression", and record why', async () => {
    for (const run of [runs.first, runs.healthy]) {
      const rec = await readNotifications(store, run.runId);
      expect(rec?.deliveries.map((d) => [d.target, d.outcome, d.attempts])).toEqual([
        ['ops-topic', 'not-matched', 0],
        ['bus', 'not-matched', 0],
        ['siem', 'not-matched', 0],
        ['chat', 'not-matched', 0],
      ]);
      expect(run.notifications).toEqual(rec);
    }
    // the sandbox got no SNS message and no event before the regressed run
    expect(inbox.sns).toHaveLength(1);
    expect(inbox.events).toHaveLength(1);
  });

  it('deliver a regression to all four kinds of target, once each', async () => {
    expect(diff.totals.regressions).toBeGreaterThan(0);
    const rec = await readNotifications(store, runs.regressed.runId);
    const byTarget = new Map(rec!.deliveries.map((d) => [d.target, d]));
    for (const t of ['ops-topic', 'bus', 'siem', 'chat']) expect(byTarget.get(t), t).toMatchObject({ outcome: 'delivered', attempts: 1, trigger: 'run' });
    expect(byTarget.get('ops-topic')!.messageId).toBeTruthy();
    expect(byTarget.get('bus')!.messageId).toBeTruthy();
    expect(inbox.sns.map((m) => m.topicArn)).toEqual([topicArn]);
    expect(inbox.events.map((e) => [e.bus, e.source, e.detailType])).toEqual([[busArn, 'aws-evidence-collector', 'Compliance Regression']]);
    expect(received.filter((r) => r.path === '/hook')).toHaveLength(1);
    expect(received.filter((r) => r.path === '/slack')).toHaveLength(1);
  });

  it('say what the diff says: run, status, pass rates and their change, regressions capped with the total', () => {
    const m = inbox.events[0]!.detail;
    const regressions = diff.frameworks.flatMap((f) => f.changes).filter((c) => c.kind === 'regression');
    expect(m).toMatchObject({ schema: 'run-notification/v1', runId: runs.regressed.runId, status: runs.regressed.status, previousRunId: runs.healthy.runId, event: 'Compliance Regression' });
    expect(m.regressions.total).toBe(diff.totals.regressions);
    expect(m.regressions.controls).toEqual([{ framework: regressions[0]!.framework, control: regressions[0]!.control, title: catalog.byId.get(FW)!.controls.find((c) => c.id === regressions[0]!.control)!.title, from: regressions[0]!.from, to: regressions[0]!.to }]);
    expect(m.coverageLost.total).toBe(diff.totals.coverageLosses);
    const fw = m.frameworks.find((f) => f.id === FW)!;
    // the reports' definition: PASS over the controls judged from evidence
    const rate = (s: Record<string, number>): number => s.PASS! / (s.PASS! + s.FAIL! + s.EXCEPTION! + s.NO_EVIDENCE! + s.ERROR!);
    const [a, b] = [diff.frameworks[0]!.byStatusA!, diff.frameworks[0]!.byStatusB!];
    expect(fw.passRate).toBeCloseTo(rate(b), 10);
    expect(fw.previousPassRate).toBeCloseTo(rate(a), 10);
    expect(fw.change).toBeCloseTo(rate(b) - rate(a), 10);
    expect(m.lapsed.attestations).toBe(diff.totals.expiredAttestations);
    expect(m.link).toBeNull(); // a file store has no console page
  });

  it('carry the same facts in the SNS text, the Slack blocks and the signed webhook body, and no resource ids', () => {
    const m = inbox.events[0]!.detail;
    const first = m.regressions.controls[0]!;
    const sns = inbox.sns[0]!;
    expect(sns.subject).toContain(`${m.regressions.total} regressed`);
    expect(sns.message).toContain(`Regressed controls (${m.regressions.total}):`);
    expect(sns.message).toContain(`${first.framework} ${first.control}`);
    if (m.regressions.total > 1) expect(sns.message).toContain(`… and ${m.regressions.total - 1} more`);
    expect(sns.attributes).toEqual({ event: 'Compliance Regression', status: m.status });

    const slack = JSON.parse(received.find((r) => r.path === '/slack')!.body) as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(slack.blocks[0]).toMatchObject({ type: 'header', text: { text: `Compliance Regression: ${m.status}` } });
    expect(JSON.stringify(slack.blocks)).toContain(`Regressed controls (${m.regressions.total})`);

    const wh = received.find((r) => r.path === '/hook')!;
    expect(JSON.parse(wh.body)).toEqual(m);
    const ts = wh.headers['x-evidence-timestamp'] as string;
    expect(wh.headers['x-evidence-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(`${ts}.${wh.body}`).digest('hex')}`);

    // evidence stays in the store: no resource id of the run appears in any message
    const ids = runs.regressed.results.checks.flatMap((c) => c.targets.flatMap((t) => (t.results ?? []).map((r) => r.resourceId))).filter((id) => id.length > 6);
    expect(ids.length).toBeGreaterThan(0);
    const bodies = [sns.message, JSON.stringify(slack), wh.body];
    for (const id of ids.slice(0, 200)) for (const b of bodies) expect(b.includes(id), id).toBe(false);
  });

  it('record a failing target with its attempts and error, and keep the run outcome', async () => {
    const rec = await readNotifications(store, runs.regressed.runId);
    const broken = rec!.deliveries.find((d) => d.target === 'broken-hook')!;
    expect(broken).toMatchObject({ outcome: 'failed', attempts: 2, kind: 'webhook' });
    expect(broken.detail).toContain('HTTP 500: receiver down');
    expect(received.filter((r) => r.path === '/broken')).toHaveLength(2);
    expect(runs.regressed.status).toBe(runs.healthy.status);
  });
});
