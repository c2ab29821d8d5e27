// `npm run demo`: two nightly runs against the built-in sandbox (simulated days 0 and 1), with
// HTML and PDF reports and the machine-readable ones (OSCAL assessment results and POA&M, OCSF
// findings), then the diff of the two, then the sandbox check: the diff's regressions and
// remediations must equal what the sandbox's truth says changed between the days. Exits 1 when
// they differ.
import { spawnSync } from 'node:child_process';
import { build, distIsFresh } from './build.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Sandbox from '../src/sandbox/index.ts';
import type * as StoreOpen from '../src/store/open.ts';
import type * as HistoryDiff from '../src/history/diff.ts';
import type * as HistoryLoad from '../src/history/load.ts';
import type * as TruthCheck from '../src/sandbox/truth-check.ts';

// The demo runs the compiled CLI, as an installed package does: from the TypeScript sources every
// process (each PDF render child too) would load them through a transpiler first. dist/ is built
// when an input is newer than the last build (a no-op `tsc` costs seconds, a stat of src/ does not).
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'evidence.js');

// Wall time of each step, printed at the end (bench/README.md records them).
const steps: string[] = [];
let mark = performance.now();
const step = (name: string): void => {
  const now = performance.now();
  steps.push(`${name} ${((now - mark) / 1000).toFixed(1)} s`);
  mark = now;
};

if (!distIsFresh(ROOT)) {
  process.stdout.write('Building dist/ (npm run build): the sources changed since the last build\n');
  try {
    await build({ root: ROOT });
  } catch {
    process.exit(1);
  }
  step('build');
}

const STORE = 'file://./demo-out/evidence-store';
const COMMON = ['--sandbox', '--create-key', '--verify', '--log-level', 'warn', '--store', STORE, '--out', './demo-out/reports', '--key', './demo-out/keys/signing.key'];
const FORMATS = ['--formats', 'html,pdf,oscal-ar,oscal-poam,ocsf'];

function evidence(args: string[]): number {
  const r = spawnSync(process.execPath, [BIN, ...args], { stdio: 'inherit' });
  return r.status ?? 1;
}

for (const day of ['0', '1']) {
  process.stdout.write(`\n== Nightly run, sandbox day ${day} ==\n`);
  const code = evidence(['run', ...COMMON, ...FORMATS, '--day', day]);
  if (code === 1) process.exit(1); // 2 (partial) still leaves a run to compare
  step(`run day ${day}`);
}
process.stdout.write('\nEach run folder under demo-out/reports/ holds <framework>.oscal-ar.json, .oscal-poam.json and .ocsf.jsonl beside the HTML and PDF, each with its .sig.\n');
process.stdout.write('\n== What changed: evidence diff previous latest ==\n');
if (evidence(['diff', 'previous', 'latest', '--store', STORE, '--limit', '3']) !== 0) process.exit(1);
step('diff');

process.stdout.write('\n== Sandbox check: the diff against the sandbox truth for days 0 and 1 ==\n');
// The sandbox check uses the same compiled modules the CLI runs.
const dist = <T>(file: string): Promise<T> => import(new URL(`../dist/${file}`, import.meta.url).href) as Promise<T>;
const { startSandbox } = await dist<typeof Sandbox>('sandbox/index.js');
const { openStore } = await dist<typeof StoreOpen>('store/open.js');
const { diffRuns } = await dist<typeof HistoryDiff>('history/diff.js');
const { KeyRing, readTrustedResults, verifiedManifest } = await dist<typeof HistoryLoad>('history/load.js');
const { checkDiffAgainstTruth } = await dist<typeof TruthCheck>('sandbox/truth-check.js');
const store = openStore(STORE);
const diff = await diffRuns(store, 'previous', 'latest');
const latest = await verifiedManifest(store, diff.b.runId, new KeyRing(store));
const results = await readTrustedResults(store, latest.manifest);
const regional = new Set(results.checks.filter((c) => c.kind === 'config-rule' && c.scope === 'region').map((c) => c.id));
const sandbox = await startSandbox({ port: 0 }); // the same defaults `run --sandbox` uses
try {
  const r = checkDiffAgainstTruth(diff, sandbox.truth(0), sandbox.truth(1), regional);
  process.stdout.write(
    `${r.checks} region-scoped Config rule checks: the truth has ${r.becameNonCompliant} resource(s) becoming non-compliant and ` +
      `${r.becameCompliant} becoming compliant (${r.expected} changes in all); the diff found ${r.found}.\n`,
  );
  if (r.fromItems) process.stdout.write(`${r.fromItems} further change(s) are on rules the sandbox does not deploy, judged from configuration items (compared with the truth by the test suite, not here).\n`);
  if (r.missing.length || r.unexpected.length) {
    for (const m of r.missing.slice(0, 10)) process.stdout.write(`  missing from the diff: ${m}\n`);
    for (const u of r.unexpected.slice(0, 10)) process.stdout.write(`  not in the truth: ${u}\n`);
    process.stdout.write('SANDBOX CHECK FAILED\n');
    process.exitCode = 1;
  } else process.stdout.write('Sandbox check passed: every regression and remediation matches the truth.\n');
} finally {
  await sandbox.close();
}
step('sandbox check');
process.stdout.write(`\nWall time: ${steps.join(', ')}.\n`);
