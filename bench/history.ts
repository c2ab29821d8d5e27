// Trend and diff over a year of nightly runs of a 20-account organization.
// Builds the store (see bench/README.md, "History"): two real runs against the in-process
// sandbox (simulated days 0 and 1, every framework), then one derived run per remaining day:
// a real run's verdicts with a seeded share of resources flipped, statuses and control roll-ups
// recomputed by the product's own functions, stored and signed by the product's finalizeRun
// (chained manifest, resources.ndjson, results.json, summary.json). Then it times `trend` over
// the year and `diff` of two runs, each in a fresh process (so the build's memory is not counted),
// `--repeat` times, and prints wall time, CPU time and the process's peak RSS.
// Run: npm run bench:history [-- --accounts 20 --days 365 --resources 100 --drift 0.005 --repeat 2 --keep]
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startSandbox, type RunningSandbox } from '../src/sandbox/index.ts';
import { simulatedNow } from '../src/sandbox/org.ts';
import { AwsClients } from '../src/collect/clients.ts';
import { loadCatalog } from '../src/catalog/load.ts';
import { FileStore } from '../src/store/file.ts';
import { generateKeyFile, loadKeyFile } from '../src/sign/signer.ts';
import { executeRun, type RunOutcome } from '../src/run/run.ts';
import { finalizeRun } from '../src/run/finalize.ts';
import { readResourceLines, trimTarget, type ResourceLine } from '../src/store/resources.ts';
import { countResults, countStatuses, evaluateControl, targetStatus } from '../src/evaluate/rollup.ts';
import { listWholeRunIds, makeRunId } from '../src/store/manifest.ts';
import type { CheckResult, CheckTargetResult, RunResults } from '../src/domain/results.ts';
import { silentLogger } from '../src/util/log.ts';
import { computeTrend } from '../src/history/trend.ts';
import { diffRuns } from '../src/history/diff.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '20' },
    days: { type: 'string', default: '365' },
    resources: { type: 'string', default: '100' },
    drift: { type: 'string', default: '0.005' },
    keep: { type: 'boolean', default: false },
    /** Time an existing store (a folder kept by --keep) instead of building one. */
    reuse: { type: 'string' },
    repeat: { type: 'string', default: '2' },
    /** Internal: time one step in this process (trend, diff-last, diff-year) and print it as JSON. */
    measure: { type: 'string' },
  },
});
const ACCOUNTS = Number(values.accounts);
const DAYS = Number(values.days);
const DRIFT = Number(values.drift);

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const dir = values.reuse ? path.resolve(values.reuse) : await mkdtemp(path.join(os.tmpdir(), 'bench-history-'));
const store = new FileStore(path.join(dir, 'store'));
const catalog = await loadCatalog();
const frameworks = catalog.frameworks;
let sandbox: RunningSandbox | undefined;

async function realRun(day: number): Promise<RunOutcome> {
  const sb = sandbox!;
  sb.setDay(day);
  const base = simulatedNow(day) - 4 * 3_600_000; // 02:00 UTC, a nightly run
  const t0 = Date.now();
  const clients = new AwsClients({ endpoint: sb.url, credentials: sb.credentials, maxAttempts: 4, now: () => new Date(simulatedNow(day)) });
  try {
    return await executeRun({
      store,
      signer: await loadKeyFile(path.join(dir, 'signing.key')),
      clients,
      catalog,
      frameworks,
      regions: sb.regions,
      scope: { accounts: 'organization', include: [], exclude: [], includeManagement: true, role: { name: sb.collectorRole, durationSeconds: 3600 } },
      concurrency: 64,
      toolVersion: 'bench',
      configDigest: 'bench',
      reportsOut: path.join(dir, 'reports'),
      formats: [],
      failingResourceCap: 5,
      log: silentLogger(),
      now: () => new Date(base + (Date.now() - t0)),
    });
  } finally {
    clients.destroy();
  }
}

/** Seeded, stateless: does this resource flip on this day? */
function flips(day: number, line: ResourceLine, resourceId: string): boolean {
  const h = createHash('sha1').update(`${day}|${line.check}|${line.account}|${line.region}|${resourceId}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < DRIFT;
}

/** A day derived from a real run: its verdicts drifted, every status recomputed, stored and signed like a run. */
async function derivedRun(day: number, base: RunResults): Promise<void> {
  const started = new Date(simulatedNow(day) - 4 * 3_600_000);
  const runId = makeRunId(started, createHash('sha1').update(`bench-${day}`).digest('hex').slice(0, 6));
  const spool = path.join(dir, `resources-${day}.ndjson`);
  const out = createWriteStream(spool);
  const kinds = new Map(base.checks.map((c) => [c.id, c]));
  const targets = new Map<string, CheckTargetResult[]>();
  let lines = 0;
  for await (const line of readResourceLines(await store.getStream(base.resources!.key, base.resources!.versionId))) {
    let t: CheckTargetResult = { account: line.account, region: line.region, status: line.status, ...(line.reason ? { reason: line.reason } : {}), counts: line.counts, results: line.results, evidenceKeys: [] };
    if (line.results.length > 0 && line.status !== 'ERROR') {
      const results = line.results.map((r) =>
        (r.compliance === 'COMPLIANT' || r.compliance === 'NON_COMPLIANT') && flips(day, line, r.resourceId) ? { ...r, compliance: r.compliance === 'COMPLIANT' ? ('NON_COMPLIANT' as const) : ('COMPLIANT' as const) } : r,
      );
      const judged = targetStatus({ kind: 'evaluated', results });
      t = { ...t, status: judged.status, ...(judged.reason ? { reason: judged.reason } : {}), counts: countResults(results), results };
    }
    const orig = kinds.get(line.check)!.targets.find((x) => x.account === line.account && x.region === line.region);
    t.evidenceKeys = orig?.evidenceKeys ?? [];
    const next: ResourceLine = { check: line.check, account: t.account, region: t.region, status: t.status, ...(t.reason ? { reason: t.reason } : {}), counts: t.counts, results: t.results };
    if (!out.write(JSON.stringify(next) + '\n')) await once(out, 'drain');
    lines += 1;
    const list = targets.get(line.check) ?? [];
    list.push(trimTarget(t));
    targets.set(line.check, list);
  }
  out.end();
  await once(out, 'finish');
  const checks: CheckResult[] = base.checks.map((c) => ({ ...c, targets: targets.get(c.id) ?? [] }));
  const byId = new Map(checks.map((c) => [c.id, c]));
  const fws = frameworks.map((fw) => {
    const controls = fw.controls.map((c) => evaluateControl(c, byId));
    return { id: fw.id, name: fw.name, version: fw.version, controls, byStatus: countStatuses(controls) };
  });
  const finished = new Date(started.getTime() + 95_000);
  const results: RunResults = { ...base, runId, startedAt: started.toISOString(), finishedAt: finished.toISOString(), frameworks: fws, checks };
  delete results.resources;
  await finalizeRun({
    store,
    signer: await loadKeyFile(path.join(dir, 'signing.key')),
    results,
    identity: 'bench',
    toolVersion: 'bench',
    configDigest: 'bench',
    now: () => finished,
    resources: { open: () => createReadStream(spool), lines },
  });
  await rm(spool);
}

async function build(): Promise<void> {
  await generateKeyFile(path.join(dir, 'signing.key'));
  sandbox = await startSandbox({ port: 0, seed: 3, accounts: ACCOUNTS - 1, resources: Number(values.resources) });
  process.stdout.write(`Building ${DAYS} nightly runs of a ${ACCOUNTS}-account organization (${sandbox.regions.length} regions, ${values.resources} resources per account-region, ${frameworks.length} frameworks) in ${dir}\n`);
  const tb = performance.now();
  const real = [await realRun(0), await realRun(1)];
  process.stdout.write(`  2 real runs against the sandbox: ${secs(performance.now() - tb)} (${real.map((r) => r.status).join(', ')}; ${real[0]!.results.resources!.lines} check targets, ${mb(real[0]!.results.resources!.size)} resources.ndjson each)\n`);
  const td = performance.now();
  for (let day = 2; day < DAYS; day++) {
    await derivedRun(day, real[day % 2]!.results);
    if (day % 50 === 0) process.stdout.write(`  derived up to day ${day} (${secs(performance.now() - td)})\n`);
  }
  process.stdout.write(`  ${DAYS - 2} derived runs: ${secs(performance.now() - td)}\n\n`);
  await sandbox.close();
  sandbox = undefined;
}

interface Measured {
  wallMs: number;
  cpuMs: number;
  rssBefore: number;
  peakRss: number;
  detail: string;
}

/** One timed step in this process: what a user runs, after the modules and the catalog are loaded. */
async function measure(step: string): Promise<Measured> {
  const until = new Date(simulatedNow(DAYS - 1) + 17 * 3_600_000); // 23:00 UTC of the last day
  const first = step === 'diff-year' ? (await listWholeRunIds(store))[0]! : 'previous';
  const rssBefore = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let detail: string;
  if (step === 'trend') {
    // Framework names from the loaded catalog, as the CLI passes them.
    const trend = await computeTrend(store, { since: `${DAYS}d`, until, names: new Map(frameworks.map((f) => [f.id, f.name])) });
    const points = trend.frameworks.reduce((n, f) => n + f.points.length, 0);
    detail = `${trend.runsRead} runs verified, ${trend.frameworks.length} frameworks, ${points} points, ${trend.skipped.length} skipped`;
  } else {
    const d = await diffRuns(store, first, 'latest', { catalog });
    detail = `${d.totals.becameNonCompliant} became non-compliant, ${d.totals.becameCompliant} compliant, ${d.totals.regressions} control regressions`;
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, rssBefore, peakRss: process.resourceUsage().maxRSS * 1024, detail };
}

const STEPS = [
  { step: 'trend', what: `trend over ${DAYS} days`, target: 1 },
  { step: 'diff-last', what: 'diff previous → latest', target: 1 },
  { step: 'diff-year', what: 'diff first → latest', target: 1 },
];

try {
  if (values.measure) {
    process.stdout.write(JSON.stringify(await measure(values.measure)) + '\n');
  } else {
    if (values.reuse) process.stdout.write(`Timing the store in ${dir} (built earlier with --keep)\n\n`);
    else await build();
    const self = fileURLToPath(import.meta.url);
    const lines: string[] = [];
    for (const { step, what, target } of STEPS) {
      for (let i = 1; i <= Number(values.repeat); i++) {
        const r = spawnSync(process.execPath, [...process.execArgv, self, '--measure', step, '--reuse', dir, '--days', String(DAYS)], { encoding: 'utf8', maxBuffer: 1 << 24 });
        if (r.status !== 0) throw new Error(`${step} failed (exit ${r.status}): ${r.stderr}`);
        const m = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Measured;
        const ok = m.wallMs <= target * 1000 ? 'ok' : 'MISSED';
        lines.push(
          `${`${what} #${i}`.padEnd(30)} wall ${secs(m.wallMs).padStart(7)} (target ≤ ${target} s ${ok})  CPU ${secs(m.cpuMs).padStart(7)}  peak RSS ${mb(m.peakRss).padStart(7)} (${mb(m.rssBefore)} before)   ${m.detail}`,
        );
      }
    }
    const load = os.loadavg()[0]!.toFixed(1);
    process.stdout.write(`${lines.join('\n')}\nload average ${load} on ${os.availableParallelism()} cores; each step in a fresh process; "before": the process with its modules and the catalog loaded\n`);
  }
} finally {
  await sandbox?.close().catch(() => undefined);
  if (values.measure) {
    // a child: the parent owns the store
  } else if (values.keep || values.reuse) process.stdout.write(`kept ${dir}\n`);
  else await rm(dir, { recursive: true, force: true });
}
