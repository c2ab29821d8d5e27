// The package as a user gets it: `npm pack` of the fresh build (test/build-setup.ts), the tarball
// installed into an empty folder from the registry, then `evidence` run from there: it must work
// from dist/ alone, with production dependencies only (no TypeScript loader).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

let dir: string;
let cleanup: () => Promise<void>;
let app: string;
let packed: string[];

const sh = (cmd: string, args: string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> =>
  spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, LOG_LEVEL: 'warn', npm_config_update_notifier: 'false' } });

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('evidence-pack-'));
  // dist/ was just built for this suite; --ignore-scripts keeps prepack from rebuilding it under
  // the tests that are running it.
  const pack = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
  expect(pack.status, pack.stderr).toBe(0);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  packed = info!.files.map((f) => f.path);
  app = path.join(dir, 'app');
  await fs.mkdir(app);
  await fs.writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'empty', private: true }));
  const install = sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(dir, info!.filename)], app, 480_000);
  expect(install.status, install.stderr).toBe(0);
}, 600_000);
afterAll(() => cleanup?.());

describe('npm pack, then npm install of the tarball in an empty folder', () => {
  it('ships the compiled CLI and its data, not the sources or the tests', () => {
    for (const f of ['bin/evidence.js', 'dist/cli/main.js', 'dist/report/pdf-worker.js', 'dist/catalog/data/config-managed-rules.json', 'templates/report.hbs', 'schemas/report-view.schema.json', 'package.json']) expect(packed, f).toContain(f);
    expect(packed.some((f) => f.startsWith('frameworks/') && f.endsWith('.yaml'))).toBe(true);
    expect(packed.filter((f) => /^(src|test)\/|\.ts$|tsbuildinfo/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    const installed = path.join(app, 'node_modules');
    for (const dev of ['tsx', 'esbuild', 'typescript', 'vitest']) expect(existsSync(path.join(installed, dev)), dev).toBe(false);
  });

  it('`npx evidence --version` and `frameworks list` work from the install', () => {
    const version = sh('npx', ['--no-install', 'evidence', '--version'], app);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
    const list = sh('npx', ['--no-install', 'evidence', 'frameworks', 'list'], app);
    expect(list.status, list.stderr).toBe(0);
    for (const id of ['aws-baseline', 'soc2', 'pci-dss-4.0', 'hipaa-security', 'nist-800-53-r5', 'iso27001-2022']) expect(list.stdout).toContain(id);
  });

  it('a sandbox run writes signed HTML and PDF reports that verify', async () => {
    const work = path.join(dir, 'work');
    const run = sh(
      'npx',
      ['--no-install', 'evidence', 'run', '--sandbox', '--sandbox-accounts', '1', '--resources', '20', '--regions', 'us-east-1', '-f', 'aws-baseline', '--create-key', '--key', path.join(work, 'signing.key'), '--store', `file://${path.join(work, 'store')}`, '--out', path.join(work, 'reports'), '--json', '--verify'],
      app,
      300_000,
    );
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { status: string; verified: boolean; reports: string[] };
    expect(summary).toMatchObject({ status: 'complete', verified: true });
    expect(summary.reports.map((r) => path.basename(r)).sort()).toEqual(['aws-baseline.html', 'aws-baseline.pdf']);
    for (const r of summary.reports) {
      expect((await fs.stat(r)).size).toBeGreaterThan(1000);
      expect(existsSync(`${r}.sig`), `${r}.sig`).toBe(true);
    }
    expect((await fs.readFile(summary.reports.find((r) => r.endsWith('.pdf'))!)).subarray(0, 5).toString()).toBe('%PDF-');
  }, 300_000);
});
