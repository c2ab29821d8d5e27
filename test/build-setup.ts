// Several tests run the CLI as users do, through bin/evidence.js, which runs the compiled dist/.
// Building once before the suite keeps dist/ in step with src/. `npm test` builds before vitest
// starts (scripts/checks.ts), so here the build is skipped when dist/ is newer than every input:
// even a no-op incremental tsc parses the whole program. The build skips type checking
// (`--noCheck`, same output): `npm test` type checks beside the tests.
import { build } from '../scripts/build.ts';

export default async function setup(): Promise<void> {
  await build({ check: false, ifStale: true });
}

// scripts/checks.ts runs this file directly before the tests, the type check and the lint.
if (import.meta.url === `file://${process.argv[1]}`) await setup();
