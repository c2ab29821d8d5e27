// The checks `npm test` runs before vitest: type check, lint and the build of dist/ (the CLI tests
// run bin/evidence.js). They are independent, so they run at once: on two cores that takes about
// half the time of one after the other. Each one's output is printed whole when it ends; the exit
// code is 1 if any failed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (pkg: string, file: string): string => path.join(root, 'node_modules', pkg, 'bin', file);
const jobs: [string, string[]][] = [
  ['typecheck', [bin('typescript', 'tsc'), '--noEmit']],
  ['lint', [bin('eslint', 'eslint.js'), '.']],
  ['build', ['test/build-setup.ts']],
];

const results = await Promise.all(
  jobs.map(
    ([name, args]) =>
      new Promise<boolean>((resolve) => {
        const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('error', (err) => {
          process.stderr.write(`${name}: ${err.message}\n`);
          resolve(false);
        });
        child.on('close', (code, signal) => {
          process.stdout.write(out);
          process.stdout.write(`${name}: ${code === 0 ? 'ok' : `failed (${signal ?? `exit ${code}`})`}\n`);
          resolve(code === 0);
        });
      }),
  ),
);
if (results.includes(false)) process.exitCode = 1;
