// Several tests run the CLI as users do, through bin/evidence.js, which runs the compiled dist/.
// Building once before the suite keeps dist/ in step with src/ (tsc is incremental: a few seconds
// when little changed).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
