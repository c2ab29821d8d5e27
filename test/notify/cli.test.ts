// The notify commands and settings through the CLI: a run whose webhook target is down exits as
// the same run without notifications does, records the failure and shows it in `runs list`;
// `notify test` sends a sample and `notify --run latest` re-sends. The receiver is a loopback
// HTTP server in this process (so the CLI is spawned asynchronously, never with spawnSync).
import http from 'node:http';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../store/moto.ts';
import { FAST_SANDBOX_FAULTS, tempDir } from '../helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));

function evidence(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, LOG_LEVEL: 'warn', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let dir: string;
let cleanup: () => Promise<void>;
let server: http.Server;
const received: { path: string; body: string }[] = [];
let runArgs: string[];

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('notify-cli-'));
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const closed = await freePort(); // nothing listens there: every attempt is refused
  await fs.writeFile(
    path.join(dir, 'evidence.config.yaml'),
    `frameworks: [aws-baseline]
collection: { rateLimits: { cloudtrail.LookupEvents: 1000 } }
notify:
  attempts: 2
  backoffMs: 10
  metric: { namespace: AwsEvidenceCollectorTest }
  targets:
    - { name: down, kind: webhook, url: "http://127.0.0.1:${closed}/hook", filter: always }
    - { name: chat, kind: slack, url: "http://127.0.0.1:${port}/slack", filter: [regression, always] }
`,
  );
  // A sandbox without request quotas (and, in the config, a collector paced to match): this file
  // tests notifications, not pacing.
  runArgs = ['run', '--sandbox', '--sandbox-faults', FAST_SANDBOX_FAULTS, '--create-key', '--key', 'signing.key', '--sandbox-accounts', '1', '--resources', '30', '--formats', 'json', '--json'];
}, 60_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await cleanup?.();
});

describe('evidence run and notify', () => {
  let quiet: { code: number; stdout: string };
  let loud: { code: number; stdout: string; stderr: string };

  it('a target that cannot be reached changes neither the exit code nor the status, and is recorded', async () => {
    quiet = await evidence([...runArgs, '--no-notify'], dir);
    loud = await evidence(runArgs, dir);
    const [q, l] = [quiet, loud].map((r) => JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { status: string; notifications?: { target: string; outcome: string; attempts: number }[] });
    expect(loud.code).toBe(quiet.code);
    expect(l!.status).toBe(q!.status);
    expect(q!.notifications).toBeUndefined();
    expect(l!.notifications).toEqual([
      { target: 'down', outcome: 'failed', attempts: 2 },
      { target: 'chat', outcome: 'delivered', attempts: 1 },
      { target: 'cloudwatch:AwsEvidenceCollectorTest', outcome: 'delivered', attempts: 1 },
    ]);
    expect(loud.stderr).toContain('notification not delivered');
    expect(received.filter((r) => r.path === '/slack')).toHaveLength(1);
  }, 300_000);

  it('runs list shows each run\'s notifications', async () => {
    const r = await evidence(['runs', 'list'], dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toMatch(/NOTIFY/);
    const rows = lines.filter((l) => /^\d+\s/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/\s-\s/);
    expect(rows[1]).toContain('1/2 sent, 1 failed');
    const json = JSON.parse((await evidence(['runs', 'list', '--json'], dir)).stdout) as { runs: { notifications: string }[] };
    expect(json.runs.map((x) => x.notifications)).toEqual(['-', '1/2 sent, 1 failed']);
  }, 120_000);

  it('notify test sends a sample to the named target, and refuses an unknown one', async () => {
    const before = received.length;
    const r = await evidence(['notify', 'test', '--target', 'chat'], dir);
    expect(r.stdout).toContain('chat (slack): delivered after 1 attempt(s)');
    expect(r.code).toBe(0);
    const sent = JSON.parse(received.at(-1)!.body) as { text: string };
    expect(received.length).toBe(before + 1);
    expect(sent.text).toMatch(/^\[sample\] Compliance run /);
    const bad = await evidence(['notify', 'test', '--target', 'nope'], dir);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('no such target; configured: down, chat');
  }, 120_000);

  it('notify --run latest re-sends and appends to the run\'s record; a failed re-send exits 1', async () => {
    const ok = await evidence(['notify', '--run', 'latest', '--target', 'chat', '--json'], dir);
    expect(ok.code).toBe(0);
    const out = JSON.parse(ok.stdout) as { deliveries: { target: string; outcome: string; trigger: string }[] };
    expect(out.deliveries).toEqual([expect.objectContaining({ target: 'chat', outcome: 'delivered', trigger: 'resend' })]);
    const down = await evidence(['notify', '--run', 'latest', '--target', 'down'], dir);
    expect(down.code).toBe(1);
    const list = await evidence(['runs', 'list', '--json'], dir);
    // the latest record per target: chat delivered, down failed again
    expect((JSON.parse(list.stdout) as { runs: { notifications: string }[] }).runs.at(-1)!.notifications).toBe('1/2 sent, 1 failed');
  }, 120_000);
});
