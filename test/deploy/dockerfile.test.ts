// The Dockerfile, checked without a Docker engine (none runs on these machines): its instructions
// parsed with dockerfile-ast, then its build steps replayed outside Docker: the files it COPYs into a
// clean folder, the suite's compiled dist/ in place of the build stage's, its `npm ci --omit=dev`,
// then `evidence --help` and a sandbox run from that install.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { tempDir } from '../helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dockerfile = DockerfileParser.parse(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const NODE_MAJOR = /^>=(\d+)$/.exec(pkg.engines.node)?.[1];

interface Stage {
  name: string;
  image: string;
  tag: string;
  instructions: Instruction[];
}

/** Instructions grouped by build stage, in order. */
function stages(): Stage[] {
  const out: Stage[] = [];
  for (const i of dockerfile.getInstructions()) {
    if (i.getKeyword() === 'FROM') {
      const from = dockerfile.getFROMs().find((f) => f.getRange().start.line === i.getRange().start.line)!;
      out.push({ name: from.getBuildStage() ?? String(out.length), image: from.getImageName() ?? '', tag: from.getImageTag() ?? '', instructions: [] });
    } else out.at(-1)?.instructions.push(i);
  }
  return out;
}
const of = (s: Stage, keyword: string): Instruction[] => s.instructions.filter((i) => i.getKeyword() === keyword);
const args = (i: Instruction): string[] => i.getArguments().map((a) => a.getValue());
const jsonArgs = (i: Instruction): string[] => JSON.parse(i.getArgumentsContent()!.replace(/^CMD\s+/, '')) as string[];
const fromFlag = (i: Instruction): string | null => ('getFlags' in i ? (i as Instruction & { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags().find((f) => f.getName() === 'from')?.getValue() ?? null : null);

describe('Dockerfile instructions', () => {
  const all = stages();
  const runtime = all.at(-1)!;

  it('is multi-stage on the Node major package.json requires', () => {
    expect(all.map((s) => s.name)).toEqual(['build', 'deps', 'runtime']);
    expect(NODE_MAJOR).toBe('24');
    for (const s of all) {
      expect(s.image).toBe('node');
      expect(s.tag).toBe(`${NODE_MAJOR}-bookworm-slim`);
    }
  });

  it('compiles in a build stage and copies only dist/ from it', () => {
    const build = all[0]!;
    expect(of(build, 'RUN').map((i) => i.getArgumentsContent()!)).toEqual([expect.stringMatching(/^npm ci\b(?!.*--omit)/), 'npm run build']);
    expect(of(build, 'COPY').flatMap(args)).toEqual(expect.arrayContaining(['tsconfig.json', 'tsconfig.build.json', 'scripts/build.ts', 'src']));
    const fromBuild = of(runtime, 'COPY').filter((i) => fromFlag(i) === 'build');
    expect(fromBuild.map(args)).toEqual([['/app/dist', './dist']]);
    expect(of(runtime, 'COPY').filter((i) => fromFlag(i) === null).flatMap(args)).not.toContain('src');
  });

  it('installs production dependencies only, from the lock file, and copies them into the runtime stage', () => {
    const deps = all[1]!;
    const runs = of(deps, 'RUN').map((i) => i.getArgumentsContent()!);
    expect(runs).toEqual([expect.stringMatching(/^npm ci --omit=dev\b/)]);
    expect(of(deps, 'COPY').flatMap(args)).toEqual(['package.json', 'package-lock.json', './']);
    const fromDeps = of(runtime, 'COPY').filter((i) => fromFlag(i) === 'deps');
    expect(fromDeps.map(args)).toEqual([['/app/node_modules', './node_modules']]);
    expect(dockerfile.getInstructions().some((i) => i.getKeyword() === 'RUN' && /npm (install|i)\b/.test(i.getArgumentsContent() ?? ''))).toBe(false);
    // The image runs compiled JavaScript: no TypeScript loader at run time.
    expect(pkg.dependencies.tsx).toBeUndefined();
    expect(pkg.devDependencies.tsx).toBeDefined();
  });

  it('runs as a non-root user under an init process, `evidence schedule` by default, with a health check', () => {
    const user = of(runtime, 'USER').map((i) => args(i)[0]);
    expect(user.length).toBeGreaterThan(0);
    expect(user.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    const entry = jsonArgs(of(runtime, 'ENTRYPOINT').at(-1)!);
    expect(entry).toEqual(['/usr/bin/tini', '--', 'evidence']);
    expect(of(runtime, 'RUN').some((i) => /apt-get install .*\btini\b/.test(i.getArgumentsContent() ?? ''))).toBe(true);
    expect(of(runtime, 'RUN').some((i) => (i.getArgumentsContent() ?? '').includes('ln -s /app/bin/evidence.js /usr/local/bin/evidence'))).toBe(true);
    expect(jsonArgs(of(runtime, 'CMD').at(-1)!)).toEqual(['schedule']);
    const health = dockerfile.getHEALTHCHECKs();
    expect(health).toHaveLength(1);
    const check = jsonArgs(health[0]!);
    expect(check).toEqual(['node', '/app/deploy/healthcheck.mjs']);
    expect(of(runtime, 'COPY').map(args)).toContainEqual(['deploy/healthcheck.mjs', './deploy/healthcheck.mjs']);
  });

  it('copies only files that exist and that .dockerignore does not exclude; keys and stores are excluded', async () => {
    const ignore = (await fs.readFile(path.join(ROOT, '.dockerignore'), 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(ignore).toEqual(expect.arrayContaining(['.git', 'node_modules', '*.key', '*.p12', 'evidence-store', 'demo-out']));
    for (const copy of dockerfile.getCOPYs().filter((c) => fromFlag(c) === null)) {
      for (const src of args(copy).slice(0, -1)) {
        await fs.access(path.join(ROOT, src));
        const top = src.split('/')[0]!;
        expect(ignore, src).not.toContain(top);
        expect(ignore.filter((p) => p.startsWith('*.')).some((p) => src.endsWith(p.slice(1))), src).toBe(false);
      }
    }
  });
});

describe('Dockerfile build steps, replayed outside Docker', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let app: string;
  let work: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('evidence-image-'));
    app = path.join(dir, 'app');
    work = path.join(dir, 'work');
    await fs.mkdir(app);
    await fs.mkdir(work);
    // The ENV the image sets, with its /tmp/evidence folder moved into the test's folder.
    env = { ...process.env };
    for (const e of dockerfile.getENVs()) for (const p of e.getProperties()) env[p.getName()] = (p.getValue() ?? '').replace('/tmp/evidence', path.join(dir, 'tmp'));
  });
  afterAll(() => cleanup?.());

  it('installs with production dependencies only, then `evidence --help` and a sandbox run work from that install', async () => {
    // The build stage is the suite's own build (test/build-setup.ts): its dist/ stands in for the
    // stage's. Every other COPY from the build context goes into the stage's WORKDIR (/app).
    for (const s of stages().filter((st) => st.name !== 'build')) {
      expect(of(s, 'WORKDIR').map((i) => args(i)[0])[0]).toBe('/app');
      for (const i of s.instructions) {
        if (i.getKeyword() === 'COPY' && fromFlag(i) === 'build') await fs.cp(path.join(ROOT, 'dist'), path.join(app, 'dist'), { recursive: true });
        if (i.getKeyword() === 'COPY' && fromFlag(i) === null) {
          const a = args(i);
          const dest = a.at(-1)!;
          for (const src of a.slice(0, -1)) {
            const target = dest.endsWith('/') ? path.join(app, dest, path.basename(src)) : path.join(app, dest);
            await fs.cp(path.join(ROOT, src), target, { recursive: true });
          }
        }
        // The deps stage's commands (npm ci) run as written; the runtime stage's are system setup.
        if (i.getKeyword() === 'RUN' && s.name === 'deps') {
          const r = spawnSync('sh', ['-c', i.getArgumentsContent()!], { cwd: app, encoding: 'utf8', env: { ...env, NODE_ENV: '' }, timeout: 480_000 });
          expect(r.status, r.stderr).toBe(0);
        }
      }
    }
    const installed = new Set(await fs.readdir(path.join(app, 'node_modules')));
    for (const d of Object.keys(pkg.dependencies).filter((d) => !d.startsWith('@'))) expect(installed, d).toContain(d);
    for (const d of ['vitest', 'typescript', 'eslint', 'dockerfile-ast', 'playwright-core', 'tsx', 'esbuild']) expect(installed, d).not.toContain(d);
    // bundled into dist/vendor/ by the build: the image does not install them again
    for (const d of ['@aws-sdk', '@smithy', 'zod']) expect(installed, d).not.toContain(d);

    const bin = path.join(app, 'bin', 'evidence.js');
    const help = spawnSync(process.execPath, [bin, '--help'], { cwd: work, encoding: 'utf8', env, timeout: 120_000 });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^ {2}schedule \[options\]/m);
    expect(help.stdout).toMatch(/^ {2}run \[options\]/m);

    const run = spawnSync(
      process.execPath,
      [bin, 'run', '--sandbox', '--sandbox-accounts', '1', '--resources', '20', '--regions', 'us-east-1', '-f', 'aws-baseline', '--create-key', '--key', path.join(work, 'signing.key'), '--store', `file://${path.join(work, 'store')}`, '--out', path.join(work, 'reports'), '--json', '--verify'],
      { cwd: work, encoding: 'utf8', env: { ...env, LOG_LEVEL: 'warn' }, timeout: 240_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { status: string; verified: boolean; reports: string[] };
    expect(summary).toMatchObject({ status: 'complete', verified: true });
    expect(summary.reports.map((r) => path.basename(r)).sort()).toEqual(['aws-baseline.html', 'aws-baseline.pdf']);
  }, 600_000);

  it('the health check passes while the scheduler heartbeat is fresh and fails once it is stale', async () => {
    const check = path.join(ROOT, 'deploy', 'healthcheck.mjs');
    const file = path.join(dir, 'heartbeat');
    const probe = (): number | null => spawnSync(process.execPath, [check], { encoding: 'utf8', env: { ...env, EVIDENCE_HEARTBEAT_FILE: file } }).status;
    expect(probe()).toBe(0); // no scheduler in this container: a one-shot command
    await fs.writeFile(file, JSON.stringify({ at: new Date().toISOString(), heartbeatSeconds: 10 }));
    expect(probe()).toBe(0);
    const old = new Date(Date.now() - 61_000);
    await fs.utimes(file, old, old); // 3 beats of 10 s + 30 s of slack = 60 s
    expect(probe()).toBe(1);
  });
});
