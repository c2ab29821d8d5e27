// `frameworks coverage --conformance-pack` on stdout is one template CloudFormation can deploy:
// cfn-lint (an external tool, so this file is in the external-tools group) passes on exactly what
// is printed. More rules than one pack holds are refused with a pointer to -o DIR.
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempDir } from '../helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'evidence.js');
const CFN_LINT = [process.env.CFN_LINT, ...(process.env.PATH ?? '').split(':').filter(Boolean).map((d) => path.join(d, 'cfn-lint')), '/root/.pyenv/shims/cfn-lint'].find((p): p is string => !!p && existsSync(p));

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup?.());

function evidence(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' }, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('frameworks coverage --conformance-pack on stdout', () => {
  it('needs cfn-lint (pip install cfn-lint, or CFN_LINT=/path/to/cfn-lint)', () => {
    expect(CFN_LINT, 'cfn-lint is not installed: pip install cfn-lint, or point CFN_LINT at it').toBeDefined();
  });

  it.each(['aws-baseline', 'soc2'])('prints one template for %s that cfn-lint passes', async (fw) => {
    const r = evidence(['frameworks', 'coverage', '--conformance-pack', '--framework', fw]);
    expect(r.code, r.stderr).toBe(0);
    // one YAML document: a second would be a second template CloudFormation never reads
    expect(r.stdout).not.toMatch(/^---/m);
    const template = parse(r.stdout) as { Resources: Record<string, { Type: string }> };
    const types = new Set(Object.values(template.Resources).map((x) => x.Type));
    expect([...types]).toEqual(['AWS::Config::ConfigRule']);
    const file = path.join(dir, `${fw}.yaml`);
    await fs.writeFile(file, r.stdout);
    if (!CFN_LINT) throw new Error('cfn-lint is not installed: pip install cfn-lint, or point CFN_LINT at it');
    const lint = spawnSync(CFN_LINT, [file], { encoding: 'utf8', timeout: 180_000 });
    expect(lint.status, `${lint.stdout}${lint.stderr}`).toBe(0);
  }, 240_000);

  it('refuses several packs on stdout, pointing to -o DIR, which writes one deployable file per pack', async () => {
    const r = evidence(['frameworks', 'coverage', '--conformance-pack']);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/more than one conformance pack may hold .*write the \d+ packs to files with -o DIR/);
    const out = path.join(dir, 'packs');
    const w = evidence(['frameworks', 'coverage', '--conformance-pack', '-o', out]);
    expect(w.code, w.stderr).toBe(0);
    const files = (await fs.readdir(out)).sort();
    expect(files.length).toBeGreaterThan(1);
    for (const f of files) expect((await fs.readFile(path.join(out, f), 'utf8')).match(/^---/m)).toBeNull();
  }, 120_000);
});
