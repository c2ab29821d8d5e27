// `npm test`: the dist/ build (the CLI tests run bin/evidence.js), then vitest beside the type
// check and the lint. The suite's test files wait on child processes and loopback servers part of
// the time, so the two checks mostly fill idle CPU instead of adding their own wall time before the
// tests. vitest's output streams as it comes; each check's output is printed whole after vitest
// ends. Arguments go to vitest (`npm test -- test/cli`). Exit code 1 if anything failed.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// V8's code cache for every Node process below (vitest's workers, tsc, eslint, the CLI's children),
// in the folder bin/evidence.js uses by default: each worker re-imports the AWS SDK, and from a
// cold cache the suite took about 4 % more time.
process.env.NODE_COMPILE_CACHE ??= path.join(os.tmpdir(), 'node-compile-cache');
const bin = (pkg: string, file: string): string => path.join(root, 'node_modules', pkg, file);

/** Runs node with `args`; resolves with whether it exited 0, and its output unless streamed. */
function run(name: string, args: string[], stream = false): Promise<{ name: string; ok: boolean; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', stream ? 'inherit' : 'pipe', stream ? 'inherit' : 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (err) => resolve({ name, ok: false, out: `${out}${name}: ${err.message}\n` }));
    child.on('close', (code, signal) => {
      const ok = code === 0;
      resolve({ name, ok, out: `${out}${name}: ${ok ? 'ok' : `failed (${signal ?? `exit ${code}`})`}\n` });
    });
  });
}

const build = await run('build', ['test/build-setup.ts']);
process.stdout.write(build.out);
if (!build.ok) process.exit(1);

const checks = [run('typecheck', [bin('typescript', 'bin/tsc'), '--noEmit']), run('lint', [bin('eslint', 'bin/eslint.js'), '.'])];
const tests = await run('vitest', [bin('vitest', 'vitest.mjs'), 'run', ...process.argv.slice(2)], true);
const done = await Promise.all(checks);
for (const c of done) process.stdout.write(c.out);
process.stdout.write(tests.out);
if (![tests, ...done].every((r) => r.ok)) process.exitCode = 1;
