// `npm run demo`: two nightly runs against the built-in sandbox (simulated days 0 and 1), with
// HTML and PDF reports and the machine-readable ones (OSCAL assessment results and POA&M, OCSF
// findings), then the diff of the two, then the sandbox check: the diff's regressions and
// remediations must equal what the sandbox's truth says changed between the days. Exits 1 when
// they differ.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../src/sandbox/index.ts';
import { openStore } from '../src/store/open.ts';
import { diffRuns } from '../src/history/diff.ts';
import { KeyRing, readTrustedResults, verifiedManifest } from '../src/history/load.ts';
import { checkDiffAgainstTruth } from '../src/sandbox/truth-check.ts';

const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const STORE = 'file://./demo-out/evidence-store';
const COMMON = ['--sandbox', '--create-key', '--verify', '--log-level', 'warn', '--store', STORE, '--out', './demo-out/reports', '--key', './demo-out/keys/signing.key'];
const FORMATS = ['--formats', 'html,pdf,oscal-ar,oscal-poam,ocsf'];

function evidence(args: string[]): number {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: 'inherit' });
  return r.status ?? 1;
}

for (const day of ['0', '1']) {
  process.stdout.write(`\n== Nightly run, sandbox day ${day} ==\n`);
  const code = evidence(['run', ...COMMON, ...FORMATS, '--day', day]);
  if (code === 1) process.exit(1); // 2 (partial) still leaves a run to compare
}
process.stdout.write('\nEach run folder under demo-out/reports/ holds <framework>.oscal-ar.json, .oscal-poam.json and .ocsf.jsonl beside the HTML and PDF, each with its .sig.\n');
process.stdout.write('\n== What changed: evidence diff previous latest ==\n');
if (evidence(['diff', 'previous', 'latest', '--store', STORE, '--limit', '3']) !== 0) process.exit(1);

process.stdout.write('\n== Sandbox check: the diff against the sandbox truth for days 0 and 1 ==\n');
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
