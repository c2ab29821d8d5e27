// `evidence sandbox` with bad flags and fault files: one clear message naming the flag, or the
// file and field, that is wrong — never a stack, never a start. A few cases run the command as a
// user does (exit 1, the message on stderr); the rest run the same command in-process, faster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { Command } from 'commander';
import { registerSandbox } from '../../src/cli/sandbox.ts';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));

/** Runs the command; a sandbox that starts instead of failing is killed and reported as such. */
function sandbox(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, 'sandbox', ...args], { cwd, timeout: 60_000, env: { ...process.env, LOG_LEVEL: 'warn' } }, (err, stdout, stderr) => {
      resolve({ code: child.exitCode ?? (err as { code?: number } | null)?.code ?? null, stdout, stderr });
    });
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('listening on')) child.kill('SIGTERM');
    });
  });
}

let dir: string;
let cleanup: () => Promise<void>;
const file = async (name: string, text: string): Promise<string> => {
  const f = path.join(dir, name);
  await fs.writeFile(f, text);
  return f;
};

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup?.());

const escape = (m: string | RegExp): RegExp => (typeof m === 'string' ? new RegExp(m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : m);

/** Exit 64 (usage) with the expected message(s) on stderr, no stack trace, and nothing served. */
async function exits(args: string[], ...messages: (string | RegExp)[]): Promise<void> {
  const r = await sandbox(['--port', '0', ...args], dir);
  expect(r.stdout, `${args.join(' ')} must not start`).not.toContain('listening on');
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(64);
  const said = r.stderr.split('\n').filter((l) => !/NodeVersionSupportWarning|node >=22|^\s*$|versions published|To continue receiving|security updates|More information|trace-warnings/.test(l)).join('\n');
  expect(said).toMatch(/^evidence: /);
  expect(said).not.toMatch(/\n\s+at /);
  for (const m of messages) expect(said).toMatch(escape(m));
}

/** The same command in-process: the error it throws (what the CLI prints after "evidence: "). */
async function fails(args: string[], ...messages: (string | RegExp)[]): Promise<string> {
  const program = new Command().exitOverride();
  registerSandbox(program);
  let message: string | undefined;
  try {
    await program.parseAsync(['node', 'evidence', 'sandbox', '--port', '0', ...args]);
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message, `${args.join(' ')} must fail`).toBeDefined();
  for (const m of messages) expect(message).toMatch(escape(m));
  return message!;
}

describe('evidence sandbox run as a user runs it', () => {
  it('exits 1 with one line naming the flag, or the file and field', async () => {
    const top = await file('user-top.yaml', 'latency: 5\n');
    const ok = await file('user-ok.yaml', 'latencyMs: 5\n');
    await Promise.all([
      exits(['--accounts', '-1'], /^evidence: --accounts must be a non-negative integer, got "-1"$/m),
      exits(['--regions', 'us-esat-1'], /^evidence: --regions: "us-esat-1" is not an AWS Region \(known: /m),
      exits(['--faults', top], `evidence: ${top}: (top level): Unrecognized key: "latency"`),
      exits(['--faults', ok, '--error-rate', '2'], /^evidence: --error-rate "2": Too big: expected number to be <=1$/m),
    ]);
  }, 120_000);
});

describe('evidence sandbox refuses bad flags, naming the flag', () => {
  it('numbers', async () => {
    await Promise.all([
      fails(['--accounts', '-1'], '--accounts must be a non-negative integer, got "-1"'),
      fails(['--accounts', '2.5'], '--accounts must be a non-negative integer, got "2.5"'),
      fails(['--accounts', 'many'], '--accounts must be a non-negative integer, got "many"'),
      fails(['--accounts', '20000'], '--accounts must be an integer from 0 to 10000, got 20000'),
      fails(['--resources', '0'], '--resources must be an integer from 1 to 1000000, got 0'),
    ]);
    await Promise.all([
      fails(['--seed', '-5'], '--seed must be a non-negative integer, got "-5"'),
      fails(['--port', '70000'], '--port must be an integer from 0 to 65535, got 70000'),
      fails(['--day', 'tomorrow'], '--day must be a non-negative integer, got "tomorrow"'),
    ]);
  }, 120_000);

  it('regions', async () => {
    await Promise.all([
      fails(['--regions', 'us-east-1,us-esat-1'], '--regions: "us-esat-1" is not an AWS Region (known: us-east-1, us-east-2'),
      fails(['--regions', 'mars-1'], '"mars-1" is not an AWS Region'),
      fails(['--regions', ','], '--regions ",": name at least one region'),
      fails(['--regions', 'us-east-1,us-east-1'], '--regions must not name a region twice: "us-east-1"'),
    ]);
  }, 120_000);

  it('fault flags, even beside a valid fault file', async () => {
    const ok = await file('ok.yaml', 'latencyMs: 5\n');
    await Promise.all([
      fails(['--latency-ms', 'slow'], '--latency-ms "slow": Invalid input: expected number, received NaN'),
      fails(['--faults', ok, '--error-rate', '2'], '--error-rate "2": Too big: expected number to be <=1'),
      fails(['--deny-account', '123'], '--deny-account "123": a 12-digit account id'),
      fails(['--disable-region', 'moon-1'], '--disable-region "moon-1": "moon-1" is not an AWS Region'),
    ]);
  }, 120_000);

  it('a port already in use', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as net.AddressInfo).port;
    try {
      const r = await sandbox(['--port', String(port)], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`evidence: --port ${port}: the port is in use (--port 0 picks a free one)`);
    } finally {
      srv.close();
    }
  }, 60_000);
});

describe('evidence sandbox refuses bad fault files, naming the file and field', () => {
  it('malformed JSON and YAML, or a missing file', async () => {
    const json = await file('broken.json', '{ "errorRate": 0.1');
    const yaml = await file('broken.yaml', 'errorRate: [1\n');
    const missing = path.join(dir, 'nope.yaml');
    await Promise.all([
      fails(['--faults', json], `${json}: not valid JSON or YAML: `, /at line 1, column \d+$/m),
      fails(['--faults', yaml], `${yaml}: not valid JSON or YAML: `),
      fails(['--faults', missing], `--faults ${missing}: ENOENT`),
    ]);
  }, 120_000);

  it('unknown fields, at the top and inside entries', async () => {
    const top = await file('top.yaml', 'latency: 5\n');
    const inner = await file('inner.yaml', 'deny:\n  - accounts: ["123456789012"]\n    service: [s3]\n');
    const empty = await file('empty-deny.yaml', 'deny:\n  - {}\n');
    await Promise.all([
      fails(['--faults', top], `${top}: (top level): Unrecognized key: "latency"`),
      fails(['--faults', inner], `${inner}: deny.0: Unrecognized key: "service"`),
      fails(['--faults', empty], `${empty}: deny.0: give at least one of accounts, regions, services`),
    ]);
  }, 120_000);

  it('unknown services, operations keys and regions', async () => {
    const svc = await file('svc.yaml', 'deny:\n  - services: [cloudtrial]\n');
    const key = await file('key.json', JSON.stringify({ rateLimits: { config: 5, 'lambda.*': 3 } }));
    const region = await file('region.yaml', 'disabledRegions: [eu-wets-1]\n');
    await Promise.all([
      fails(['--faults', svc], `${svc}: deny.0.services.0: "cloudtrial" is not a sandbox service (known: config, cloudtrail`),
      fails(['--faults', key], `${key}: rateLimits.config: "config" is not a key like "config.*" or "cloudtrail.LookupEvents"`, `${key}: rateLimits.lambda.*: "lambda" is not a sandbox service`),
      fails(['--faults', region], `${region}: disabledRegions.0: "eu-wets-1" is not an AWS Region`),
    ]);
  }, 120_000);

  it('wrong types, and a file that is not a mapping', async () => {
    const types = await file('types.yaml', 'errorRate: high\nlatencyMs: "20"\nthrottling: "no"\n');
    const list = await file('list.yaml', '- errorRate: 0.1\n');
    const scalar = await file('scalar.yaml', '5\n');
    const said = await fails(['--faults', types], `${types}: errorRate: Invalid input: expected number, received string`, `${types}: latencyMs: Invalid input: expected number, received string`);
    expect(said).toContain(`${types}: throttling: Invalid input: expected boolean, received string`);
    await Promise.all([
      fails(['--faults', list], `${list}: (top level): Invalid input: expected object, received array`),
      // --no-throttle on top of a scalar file used to crash assigning to a number.
      fails(['--faults', scalar, '--no-throttle'], `${scalar}: (top level): Invalid input: expected object, received number`),
    ]);
  }, 120_000);
});

describe('evidence sandbox with a good fault file and flags', () => {
  it('starts and serves the merged faults', async () => {
    const f = await file('good.yaml', 'latencyMs: 0\nerrorRate: 0\ndeny:\n  - services: [guardduty]\ndisabledRegions: [ap-southeast-2]\n');
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--faults', f, '--no-throttle', '--deny-account', '123456789012', '--disable-region', 'eu-central-1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          const m = /^listening on (\S+)$/m.exec(buf);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
      });
      const spec = (await (await fetch(`${url}/_sandbox/faults`)).json()) as Record<string, unknown>;
      expect(spec).toMatchObject({
        throttling: false,
        deny: [{ services: ['guardduty'] }, { accounts: ['123456789012'] }],
        disabledRegions: ['ap-southeast-2', 'eu-central-1'],
      });
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});
