// `run --sandbox --sandbox-faults FILE`: the in-process sandbox injects the file's faults, and a bad
// file (or the flag without --sandbox) is a usage error naming it before anything is collected.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_SANDBOX_CONFIG, tempDir } from '../helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup?.());

function run(extra: string[], name: string): { code: number; stdout: string; stderr: string } {
  const args = ['run', '--sandbox', '--sandbox-accounts', '1', '--resources', '20', '--regions', 'us-east-1', '-f', 'aws-baseline', '--formats', 'json', '--config', FAST_SANDBOX_CONFIG];
  const out = ['--store', `file://${path.join(dir, name)}`, '--key', path.join(dir, 'k.key'), '--create-key', '--out', path.join(dir, `${name}-reports`), '--json'];
  const r = spawnSync(process.execPath, [BIN, ...args, ...extra, ...out], { cwd: dir, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' }, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const summary = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe('run --sandbox-faults', () => {
  it('injects the file\'s faults: CloudTrail denied in every account → its evidence is ERROR, named in the summary', async () => {
    const faults = path.join(dir, 'deny-cloudtrail.yaml');
    await fs.writeFile(faults, 'throttling: false\ndeny:\n  - services: [cloudtrail]\n');
    const r = run(['--sandbox-faults', faults], 'denied');
    expect(r.code, r.stderr).toBe(2);
    const s = summary(r.stdout);
    expect(s.status).toBe('partial');
    expect((s.controls as Record<string, number>).ERROR).toBeGreaterThan(0);
    const text = JSON.stringify(s);
    expect(text).toMatch(/AccessDenied/);
    expect(text).toMatch(/cloudtrail/);

    // The same run with a file that denies nothing collects everything.
    await fs.writeFile(path.join(dir, 'none.yaml'), 'throttling: false\n');
    const ok = run(['--sandbox-faults', path.join(dir, 'none.yaml')], 'clean');
    expect(ok.code, ok.stderr).toBe(0);
    expect(summary(ok.stdout).status).toBe('complete');
    expect((summary(ok.stdout).controls as Record<string, number>).ERROR).toBe(0);
  }, 120_000);

  it('a bad file names the file and field; a missing file names the flag; without --sandbox it is refused', async () => {
    const bad = path.join(dir, 'bad.yaml');
    await fs.writeFile(bad, 'latencyMs: -5\n');
    const r = run(['--sandbox-faults', bad], 'bad');
    expect(r.code).toBe(64);
    expect(r.stderr).toContain(`${bad}: latencyMs:`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    await expect(fs.access(path.join(dir, 'bad'))).rejects.toThrow();

    const missing = run(['--sandbox-faults', path.join(dir, 'nosuch.yaml')], 'missing');
    expect(missing.code).toBe(64);
    expect(missing.stderr).toContain(`--sandbox-faults ${path.join(dir, 'nosuch.yaml')}: ENOENT`);

    const r2 = spawnSync(process.execPath, [BIN, 'run', '--sandbox-faults', bad, '--store', `file://${path.join(dir, 'nosandbox')}`], { cwd: dir, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' } });
    expect(r2.status).toBe(64);
    expect(r2.stderr).toContain('--sandbox-faults applies to the built-in sandbox: add --sandbox');
  }, 120_000);
});
