// Several tests run the CLI as users do, through bin/evidence.js, which runs the compiled dist/.
// Building once before the suite keeps dist/ in step with src/. `npm test` builds before vitest
// starts (scripts/checks.ts), so here the build is skipped when dist/ is newer than every source:
// even a no-op incremental tsc parses the whole program. The build skips type checking
// (`--noCheck`, same output): `npm test` type checks beside the tests.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The newest modification time under `dir`; a folder's own time changes when a file is removed. */
function newest(dir: string): number {
  let t = statSync(dir).mtimeMs;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** dist/ was built after the last change to src/ and the compiler options. */
export function distIsFresh(root: string): boolean {
  let built: number;
  try {
    built = statSync(path.join(root, 'dist', '.tsbuildinfo')).mtimeMs;
  } catch {
    return false;
  }
  const inputs = Math.max(newest(path.join(root, 'src')), ...['tsconfig.json', 'tsconfig.build.json', 'package.json'].map((f) => statSync(path.join(root, f)).mtimeMs));
  return built > inputs;
}

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (distIsFresh(root)) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noCheck'], { cwd: root, stdio: 'inherit' });
  // tsc leaves its build info untouched when no output changed (a source saved unchanged).
  const now = new Date();
  utimesSync(path.join(root, 'dist', '.tsbuildinfo'), now, now);
}

// scripts/checks.ts runs this file directly before the tests, the type check and the lint.
if (import.meta.url === `file://${process.argv[1]}`) setup();
