// Rewrites test/durations.json (the files test/sequencer.ts starts first) from a vitest JSON report:
//   npm test -- --reporter=default --reporter=json --outputFile=/tmp/vitest.json
//   node scripts/test-durations.ts /tmp/vitest.json
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const input = process.argv[2];
if (!input) {
  process.stderr.write('usage: node scripts/test-durations.ts VITEST_JSON_REPORT\n');
  process.exit(2);
}
const report = JSON.parse(readFileSync(input, 'utf8')) as { testResults: { name: string; startTime: number; endTime: number }[] };
const seconds = report.testResults
  .map((f) => [path.relative(root, f.name).split(path.sep).join('/'), Math.round((f.endTime - f.startTime) / 1000)] as const)
  .filter(([, s]) => s >= 3)
  .sort((a, b) => b[1] - a[1]);
const file = path.join(root, 'test', 'durations.json');
const about = (JSON.parse(readFileSync(file, 'utf8')) as { about: string }).about;
writeFileSync(file, `${JSON.stringify({ about, seconds: Object.fromEntries(seconds) }, null, 1)}\n`);
process.stdout.write(`${seconds.length} files of 3 s or more written to ${path.relative(root, file)}\n`);
