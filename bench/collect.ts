// Collection at organization scale against the sandbox (a separate process, so the figures are
// the collector's own): wall time against the quota lower bound, calls against the minimum,
// throttling, and peak RSS. Run: npm run bench:collect [-- --accounts 50 --regions 3 --latency 30]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { AwsClients } from '../src/collect/clients.ts';
import { resolveScope } from '../src/collect/scope.ts';
import { loadCatalog, selectFrameworks } from '../src/catalog/load.ts';
import type { CheckDef } from '../src/catalog/checks.ts';
import { FileStore } from '../src/store/file.ts';
import { collectEvidence, planDatasets } from '../src/run/collect.ts';
import { CheckResultsBuilder, StreamingEvaluator } from '../src/evaluate/checks.ts';
import { ResourceLog, trimTarget } from '../src/run/resources.ts';
import { silentLogger } from '../src/util/log.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '50' },
    regions: { type: 'string', default: '3' },
    resources: { type: 'string', default: '300' },
    latency: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '256' },
    framework: { type: 'string', default: 'aws-baseline' },
  },
});
const ALL_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2', 'eu-central-1', 'ap-northeast-1'];
const regions = ALL_REGIONS.slice(0, Number(values.regions));
const BIN = fileURLToPath(new URL('../bin/evidence.js', import.meta.url));

// BENCH_SANDBOX_NODE_ARGS passes Node flags to the sandbox (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
const sandboxNodeArgs = process.env.BENCH_SANDBOX_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
const child = spawn(process.execPath, [...sandboxNodeArgs, BIN, 'sandbox', '--port', '0', '--accounts', values.accounts!, '--regions', regions.join(','), '--resources', values.resources!, '--latency-ms', values.latency!], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve, reject) => {
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const m = /^listening on (\S+)/m.exec(buf);
    if (m) resolve(m[1]!);
  });
  child.once('exit', (c) => reject(new Error(`sandbox exited with ${c}`)));
});

const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-collect-'));
const base = new AwsClients({ endpoint: url, credentials: { accessKeyId: 'AKIASANDBOXDEMO00001', secretAccessKey: 'x' }, maxAttempts: 3 });
try {
  const catalog = await loadCatalog();
  const fws = selectFrameworks(catalog, [values.framework!]);
  const checks = [...new Set(fws.flatMap((f) => f.controls.flatMap((c) => c.checks)))].map((id) => catalog.checks.get(id)).filter((c): c is CheckDef => !!c);
  await fetch(`${url}/_sandbox/reset`, { method: 'POST' });
  const t0 = performance.now();
  const elu0 = performance.eventLoopUtilization();
  // Where the peak is: sampled, since maxRSS alone cannot tell heap from native memory.
  let atPeak = process.memoryUsage();
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > atPeak.rss) atPeak = m;
  }, 200);
  const cpu0 = process.cpuUsage();
  const scope = await resolveScope(base, regions[0]!, { accounts: 'organization', include: [], exclude: [], includeManagement: true, role: { name: 'EvidenceCollectorReadOnly', durationSeconds: 3600 } }, 'bench');
  const tScope = performance.now();
  // As a run does: judge each target as it arrives, every verdict to disk, failures kept.
  const resourceLog = await ResourceLog.create();
  const builder = new CheckResultsBuilder(checks);
  let evaluations = 0;
  const evaluator = new StreamingEvaluator(checks, (check, result) => {
    evaluations += result.results.length;
    resourceLog.write(check.id, result);
    builder.add(check, trimTarget(result));
  });
  const out = await collectEvidence({
    store: new FileStore(path.join(dir, 'store')),
    accounts: scope.accounts.map((a) => ({ account: a.account, clients: a.clients })),
    regions,
    checks,
    concurrency: Number(values.concurrency),
    log: silentLogger(),
    now: () => new Date(),
    evaluator,
  });
  const kept = builder.build().reduce((n, c) => n + c.targets.reduce((m, t) => m + t.results.length, 0), 0);
  const spooled = await resourceLog.finish();
  await resourceLog.discard();
  const wall = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  // What one process needs on this machine: its JavaScript runs on one thread, so the time that
  // thread was busy is a floor for the wall time whatever the quotas allow.
  const busy = performance.eventLoopUtilization(elu0).active / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // The minimum for what this framework plans, not for every dataset the sandbox can serve.
  const plan = planDatasets(checks);
  const stats = (await (await fetch(`${url}/_sandbox/stats?datasets=${plan.datasets.join(',')}&rules=${plan.configRules.join(',')}`)).json()) as { requests: Record<string, number>; throttled: number; minimumCalls: number; quotaLowerBoundSeconds: number };
  const made = Object.values(stats.requests).reduce((a, b) => a + b, 0);
  const failed = out.coverage.collections.filter((c) => c.status === 'failed').length;
  const rss = process.resourceUsage().maxRSS / 1024;
  const mem = process.memoryUsage();
  // The sandbox's own peak (Linux): it must serve a whole organization from pages it generates.
  const sandboxPeak = (() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? `${(Number(m[1]) / 1024).toFixed(0)} MB` : 'unknown';
    } catch {
      return 'unknown';
    }
  })();
  const lines = [
    `organization        ${scope.accounts.length} accounts × ${regions.length} regions, ${values.resources} resources per account-region, ${values.latency} ms per call, concurrency ${values.concurrency}`,
    `resource evaluations ${evaluations} (${kept} needing attention kept in memory; resources.ndjson ${(spooled.size / 1e6).toFixed(1)} MB, ${spooled.lines} lines)`,
    `wall time           ${wall.toFixed(2)} s (scope: ${((tScope - t0) / 1000).toFixed(2)} s, collection: ${((performance.now() - tScope) / 1000).toFixed(2)} s)`,
    `quota lower bound   ${stats.quotaLowerBoundSeconds.toFixed(2)} s (busiest account-region-operation ÷ its quota)`,
    `wall ÷ bound        ${(wall / stats.quotaLowerBoundSeconds).toFixed(2)}   (target ≤ 1.3)`,
    `main thread busy    ${busy.toFixed(2)} s (${((1000 * busy) / Math.max(1, made)).toFixed(2)} ms per call; process CPU ${cpuSeconds.toFixed(1)} s on ${os.availableParallelism()} cores)`,
    `wall ÷ max(bound, busy) ${(wall / Math.max(stats.quotaLowerBoundSeconds, busy)).toFixed(2)}   (how close the run comes to what limits it here: the quotas or this process's own work)`,
    `calls ÷ minimum     ${made} ÷ ${stats.minimumCalls} = ${(made / stats.minimumCalls).toFixed(3)}   (target ≤ 1.02)`,
    `throttled ÷ calls   ${stats.throttled} ÷ ${made} = ${((100 * stats.throttled) / made).toFixed(2)} %   (target ≤ 1 %)`,
    `failed collections  ${failed}`,
    `sandbox peak RSS    ${sandboxPeak}`,
    `peak RSS            ${rss.toFixed(0)} MB (collector process; largest sample ${(atPeak.rss / 1e6).toFixed(0)} MB: heap ${(atPeak.heapUsed / 1e6).toFixed(0)} MB used of ${(atPeak.heapTotal / 1e6).toFixed(0)} MB, external ${(atPeak.external / 1e6).toFixed(0)} MB; at the end: heap ${(mem.heapUsed / 1e6).toFixed(0)} MB used of ${(mem.heapTotal / 1e6).toFixed(0)} MB, external ${(mem.external / 1e6).toFixed(0)} MB)`,
  ];
  console.log(lines.join('\n'));
} finally {
  base.destroy();
  child.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
}
