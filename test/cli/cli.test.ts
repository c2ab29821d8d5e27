// The CLI as a user runs it: a subprocess per command, exit codes, JSON summary lines, and
// verification that names every tampered file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAST_SANDBOX_FLAGS, tempDir } from '../helpers.ts';
import { parametrizedCheckId } from '../../src/catalog/checks.ts';

const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));

function evidence(args: string[], cwd: string, env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const lastJson = (s: string): Record<string, unknown> => JSON.parse(s.trim().split('\n').at(-1)!) as Record<string, unknown>;

let dir: string;
let cleanup: () => Promise<void>;
const store = (): string => `file://${path.join(dir, 'store')}`;
// The sandbox without request quotas and the collector paced to match: this file tests the CLI's
// behaviour, not pacing (the package and container tests run the sandbox as AWS paces it).
const FAST = [...FAST_SANDBOX_FLAGS, '--sandbox-accounts', '1', '--resources', '40'];
const common = (): string[] => ['--framework', 'aws-baseline', '--store', store(), '--key', path.join(dir, 'keys', 'signing.key'), '--out', path.join(dir, 'reports')];
let runA: Record<string, unknown>;
let runB: Record<string, unknown>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  const a = evidence(['run', '--sandbox', ...FAST, '--create-key', '--json', ...common()], dir);
  expect(a.stderr).not.toMatch(/evidence: /);
  expect(a.code).toBe(0);
  runA = lastJson(a.stdout);
  const b = evidence(['run', '--sandbox', ...FAST, '--json', '--verify', ...common()], dir);
  expect(b.code).toBe(0);
  runB = lastJson(b.stdout);
}, 240_000);
afterAll(() => cleanup?.());

describe('evidence run', () => {
  it('prints one JSON summary as the last line, with controls by status and report paths', async () => {
    expect(runA).toMatchObject({ status: 'complete', store: store(), runId: expect.stringMatching(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/) });
    const controls = runA.controls as Record<string, number>;
    expect(Object.keys(controls).sort()).toEqual(['ATTESTED', 'ERROR', 'EXCEPTION', 'FAIL', 'MANUAL', 'NO_EVIDENCE', 'PASS']);
    expect(controls.PASS! + controls.FAIL! + controls.MANUAL! + controls.NO_EVIDENCE!).toBe(32);
    expect(controls.ERROR).toBe(0);
    expect(runA.evidenceObjects).toBeGreaterThan(10);
    const reports = runA.reports as string[];
    expect(reports.map((r) => path.basename(r)).sort()).toEqual(['aws-baseline.html', 'aws-baseline.pdf']);
    for (const r of reports) {
      await fs.access(r);
      await fs.access(`${r}.sig`);
    }
    expect((await fs.stat(path.join(dir, 'keys', 'signing.key'))).mode & 0o777).toBe(0o600);
    expect(runB.verified).toBe(true);
  });

  it('verifies a report folder offline with the copied public key', async () => {
    const reports = runA.reports as string[];
    const folder = path.dirname(reports[0]!);
    const r = evidence(['verify', '--file', ...reports, '--public-key', path.join(folder, 'public-key.pem')], dir);
    expect(r.stdout).toMatch(/^ok {2}.*aws-baseline\.html$/m);
    expect(r.code).toBe(0);
  });

  it('exits 2 when a region cannot be collected, and no control it touches reads PASS', async () => {
    // ap-south-1 is not enabled in the sandbox account: every call there is refused. HTML only:
    // nothing here reads the reports, and the PDF child costs about 3 s of CPU.
    const out = path.join(dir, 'partial-reports');
    const r = evidence(['run', '--sandbox', ...FAST, '--regions', 'us-east-1,ap-south-1', '--json', '--framework', 'aws-baseline', '--formats', 'html', '--store', `file://${path.join(dir, 'partial-store')}`, '--key', path.join(dir, 'keys', 'signing.key'), '--out', out], dir);
    expect(r.code).toBe(2);
    const summary = lastJson(r.stdout);
    expect(summary.status).toBe('partial');
    const controls = summary.controls as Record<string, number>;
    expect(controls.ERROR).toBeGreaterThan(0);
    const results = JSON.parse(await fs.readFile(path.join(dir, 'partial-store', 'runs', summary.runId as string, 'results.json', '~v00000001'), 'utf8'));
    const regional = new Set(results.checks.filter((c: { targets: { region: string; status: string }[] }) => c.targets.some((t) => t.region === 'ap-south-1')).map((c: { id: string }) => c.id));
    expect(regional.size).toBeGreaterThan(0);
    for (const c of results.checks.filter((x: { id: string }) => regional.has(x.id))) {
      expect(c.targets.find((t: { region: string }) => t.region === 'ap-south-1').status).toBe('ERROR');
    }
    const fw = results.frameworks[0];
    const catalog = JSON.parse(evidence(['frameworks', 'show', 'aws-baseline', '--json'], dir).stdout);
    for (const ctl of catalog.controls as { id: string; checks: string[] }[]) {
      if (ctl.checks.some((id) => regional.has(id))) expect(['ERROR', 'FAIL'], ctl.id).toContain(fw.controls.find((x: { id: string }) => x.id === ctl.id).status);
    }
    expect(results.coverage.collections.filter((c: { region: string; status: string }) => c.region === 'ap-south-1').every((c: { status: string; reason: string }) => c.status === 'failed' && /access denied/.test(c.reason))).toBe(true);
  });

  it('rejects a broken config naming file, line and field', async () => {
    const cfg = path.join(dir, 'bad.yaml');
    await fs.writeFile(cfg, 'store: file://./x\ncollection:\n  concurrency: lots\n');
    const r = evidence(['run', '--config', cfg, '--sandbox', ...common()], dir);
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/bad\.yaml:3:16: collection\.concurrency: /);
  });

  it('fails with exit 1 and a clear message when AWS cannot be reached', () => {
    // No AWS here: the standard endpoint variable points the SDK at a closed loopback port.
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x', AWS_EC2_METADATA_DISABLED: 'true' };
    const r = evidence(['run', '--store', store(), '--key', path.join(dir, 'keys', 'signing.key'), '--regions', 'us-east-1', '--json'], dir, env);
    expect(r.code).toBe(1);
    expect(lastJson(r.stdout)).toMatchObject({ status: 'failed' });
    expect(r.stderr).toMatch(/cannot identify the AWS account/);
  }, 60_000);
});

describe('evidence verify', () => {
  const verify = (extra: string[] = []) => evidence(['verify', 'latest', '--store', store(), '--all', ...extra], dir);

  it('passes on an untouched store and checks the whole chain', () => {
    const r = verify();
    expect(r.stdout).toMatch(/chain: 2 manifest\(s\)/);
    expect(r.code).toBe(0);
  });

  async function tamper(rel: string, fn: (b: Buffer) => Buffer): Promise<() => Promise<void>> {
    const root = path.join(dir, 'store', ...rel.split('/'));
    const versions = (await fs.readdir(root)).filter((n) => /^~v\d+$/.test(n)).sort();
    const file = path.join(root, versions.at(-1)!);
    const orig = await fs.readFile(file);
    await fs.writeFile(file, fn(Buffer.from(orig)));
    return () => fs.writeFile(file, orig);
  }
  const flipByte = (b: Buffer): Buffer => {
    const i = Math.floor(b.length / 2);
    b[i] = b[i]! ^ 0x01;
    return b;
  };

  it('names a changed evidence object', async () => {
    const account = (runA as { runId: string }).runId && JSON.parse(await fs.readFile(path.join(path.dirname((runA.reports as string[])[0]!), 'manifest.json'), 'utf8')).scope.accounts[0];
    const key = `evidence/${account}/us-east-1/cloudtrail-trails.json`;
    const restore = await tamper(key, flipByte);
    try {
      const r = verify();
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`changed-object: ${key}`);
    } finally {
      await restore();
    }
  });

  it('names a changed report', async () => {
    const key = `reports/${runB.runId as string}/aws-baseline.pdf`;
    const restore = await tamper(key, flipByte);
    try {
      const r = verify();
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`bad-signature: ${key.replace(/[.]/g, '\\.')}`));
    } finally {
      await restore();
    }
  });

  it('names an edited manifest, in the latest run and earlier in the chain', async () => {
    for (const id of [runB.runId as string, runA.runId as string]) {
      const key = `runs/${id}/manifest.json`;
      const restore = await tamper(key, (b) => Buffer.from(b.toString().replace('"status": "complete"', '"status": "complete" ')));
      try {
        const r = verify();
        expect(r.code).toBe(1);
        expect(r.stdout).toContain(`bad-signature: ${key}`);
        if (id === runA.runId) expect(r.stdout).toContain(`broken-chain: ${key}`);
      } finally {
        await restore();
      }
    }
  });

  it('rejects signatures by another key when a key is pinned', async () => {
    const other = path.join(dir, 'other.key');
    expect(evidence(['keygen', '--key', other], dir).code).toBe(0);
    const r = verify(['--public-key', path.join(dir, 'other.pub.pem')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/not by the trusted key/);
  });
});

describe('evidence frameworks', () => {
  it('lists and shows the catalog as JSON', () => {
    const list = evidence(['frameworks', 'list', '--json'], dir);
    expect(list.code).toBe(0);
    const fws = (lastJson(list.stdout).frameworks as { id: string; version: string; controls: { id: string; checks: string[]; manual: boolean }[] }[]);
    const base = fws.find((f) => f.id === 'aws-baseline')!;
    expect(base.controls.length).toBe(32);
    expect(base.controls.every((c) => c.manual === (c.checks.length === 0))).toBe(true);
    const show = evidence(['frameworks', 'show', 'aws-baseline', '--json'], dir);
    expect(lastJson(show.stdout)).toMatchObject({ id: 'aws-baseline', version: '2026.11' });
    // each check comes with why it evidences the control and where the pairing comes from
    const pci = lastJson(evidence(['frameworks', 'show', 'pci-dss-4.0', '--json'], dir).stdout) as { controls: { id: string; checks: string[]; pairs: { check: string; parameters?: Record<string, string>; source: string; rationale: string }[] }[] };
    // a pair with parameters is listed under its parametrized id
    for (const c of pci.controls) expect(c.pairs.map((p) => parametrizedCheckId(p.check, p.parameters)), c.id).toEqual(c.checks);
    const kms = pci.controls.find((c) => c.id === '7.2.1')!;
    expect(kms.pairs.find((p) => p.check === 'config:IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS')!.parameters).toEqual({ blockedActionsPatterns: 'kms:Decrypt,kms:ReEncryptFrom' });
    expect(kms.checks).toContain('config:IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS(blockedActionsPatterns=kms:Decrypt,kms:ReEncryptFrom)');
    const listed = (lastJson(list.stdout).frameworks as { id: string; controls: { id: string; checks: string[] }[] }[]).find((f) => f.id === 'pci-dss-4.0')!;
    expect(listed.controls.map((c) => c.checks)).toEqual(pci.controls.map((c) => c.checks));
    const cp9 = lastJson(evidence(['frameworks', 'show', 'nist-800-53-r5', '--control', 'CP-9', '--json'], dir).stdout) as { pairs: { check: string; source: string; rationale: string }[] };
    const backup = cp9.pairs.find((p) => p.check === 'config:DB_INSTANCE_BACKUP_ENABLED')!;
    expect(backup.source).toMatch(/Guard Rules Registry|cdk-nag/);
    expect(backup.rationale).toMatch(/^RDS instances take automated backups\. CP-9 asks .*backed up/);
    expect(lastJson(evidence(['frameworks', 'show', 'nist-800-53-r5', '--control', 'CP-1', '--json'], dir).stdout)).toMatchObject({ checks: [], pairs: [], kind: 'manual' });
    const bad = evidence(['frameworks', 'show', 'nope'], dir);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/unknown framework "nope"/);
  });

  it('documents exit codes in --help', () => {
    const r = evidence(['run', '--help'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}2 +complete with errors in coverage/m);
    expect(r.stdout).toMatch(/^ {2}64 +usage error/m);
  });
});

describe('evidence sandbox', () => {
  it('prints its address first, serves AWS calls, and stops on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        if (buf.includes('AWS_REGION=')) resolve(buf);
      });
      child.once('exit', (code) => reject(new Error(`sandbox exited early with ${code}`)));
    });
    const first = out.split('\n')[0]!;
    expect(first).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = first.slice('listening on '.length);
    expect(out).toContain(`export AWS_ENDPOINT_URL=${url}`);
    const truth = (await (await fetch(`${url}/_sandbox/truth`)).json()) as { accounts: string[] };
    expect(truth.accounts).toHaveLength(4);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('evidence sandbox with faults', () => {
  it('names the file and field of a bad fault spec', async () => {
    const f = path.join(dir, 'faults.yaml');
    await fs.writeFile(f, 'errorRate: 3\ndeny:\n  - acounts: ["1"]\n');
    const r = evidence(['sandbox', '--port', '0', '--faults', f], dir);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain(`${f}: errorRate: Too big`);
    expect(r.stderr).toContain(`${f}: deny.0: Unrecognized key: "acounts"`);
  });
});
