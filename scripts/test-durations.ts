// Rewrites test/durations.json (the files test/sequencer.ts starts first) from the durations vitest
// keeps of the last run (node_modules/.vite/vitest/*/results.json: each file's whole time, its
// beforeAll and afterAll included, which the JSON reporter's start and end times leave out):
//   npm test && node scripts/test-durations.ts [RESULTS_JSON]
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = path.join(root, 'node_modules', '.vite', 'vitest');
const input = process.argv[2] ?? readdirSync(cacheDir).map((d) => path.join(cacheDir, d, 'results.json'))[0];
if (!input) {
  process.stderr.write(`no vitest results under ${cacheDir}: run npm test first, or name a results.json\n`);
  process.exit(2);
}
const results = (JSON.parse(readFileSync(input, 'utf8')) as { results: [string, { duration?: number }][] }).results;
const seconds = results
  // keys read "project:path"
  .map(([key, r]) => [key.slice(key.indexOf(':') + 1), Math.round((r.duration ?? 0) / 1000)] as const)
  .filter(([, s]) => s >= 3)
  .sort((a, b) => b[1] - a[1]);
const file = path.join(root, 'test', 'durations.json');
const about = (JSON.parse(readFileSync(file, 'utf8')) as { about: string }).about;
writeFileSync(file, `${JSON.stringify({ about, seconds: Object.fromEntries(seconds) }, null, 1)}\n`);
process.stdout.write(`${seconds.length} files of 3 s or more, from ${input}, written to ${path.relative(root, file)}\n`);
