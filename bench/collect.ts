// Collection at organization scale against the sandbox (a separate process, so the figures are
// the collector's own): wall time against the quota lower bound, calls against the minimum,
// throttling, and peak RSS. Run: npm run bench:collect [-- --accounts 50 --regions 3 --latency 30]
// --via accounts|aggregator also judges rules not deployed from configuration items, read per
// account-region (SelectResourceConfig) or through the organization's aggregator; --deployed-rules
// all|none|some is passed to the sandbox.
// With --processes N the organization is split as `evidence run --shard i/N` splits it, one
// collector process per shard, all against the same sandbox.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AwsClients } from '../src/collect/clients.ts';
import { resolveScope } from '../src/collect/scope.ts';
import { checksOf, loadCatalog, selectFrameworks } from '../src/catalog/load.ts';
import type { CheckDef } from '../src/catalog/checks.ts';
import { FileStore } from '../src/store/file.ts';
import { collectEvidence, planDatasets } from '../src/collect/engine.ts';
import { CheckResultsBuilder, StreamingEvaluator } from '../src/evaluate/checks.ts';
import { ResourceLog, trimTarget } from '../src/store/resources.ts';
import { parseShard, type ShardSpec } from '../src/domain/shard.ts';
import { silentLogger } from '../src/util/log.ts';
import { DEFAULT_ACCOUNTS_IN_FLIGHT } from '../src/config/config.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '50' },
    regions: { type: 'string', default: '3' },
    resources: { type: 'string', default: '300' },
    latency: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '256' },
    // As collection.accountsInFlight; the product's default unless given.
    'accounts-in-flight': { type: 'string', default: String(DEFAULT_ACCOUNTS_IN_FLIGHT) },
    framework: { type: 'string', default: 'aws-baseline' },
    processes: { type: 'string', default: '1' },
    // Internal: a shard's collector process, attached to the parent's sandbox.
    attach: { type: 'string' },
    shard: { type: 'string' },
    via: { type: 'string' },
    'deployed-rules': { type: 'string' },
  },
});
if (values.via !== undefined && values.via !== 'accounts' && values.via !== 'aggregator') throw new Error(`--via: expected accounts or aggregator, got ${JSON.stringify(values.via)}`);
/** The aggregator the sandbox runs in its management account. */
const SANDBOX_AGGREGATOR = 'organization-aggregator';
const ALL_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2', 'eu-central-1', 'ap-northeast-1'];
const regions = ALL_REGIONS.slice(0, Number(values.regions));
const BIN = fileURLToPath(new URL('../bin/evidence.js', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const MB = (n: number): string => `${(n / 1e6).toFixed(0)} MB`;

/** What one collector process measured. */
interface Figures {
  startedAt: number;
  endedAt: number;
  accounts: number;
  evaluations: number;
  kept: number;
  spooledBytes: number;
  spooledLines: number;
  scopeSeconds: number;
  busySeconds: number;
  cpuSeconds: number;
  failed: number;
  peakRss: number;
  atPeak: NodeJS.MemoryUsage;
  atEnd: NodeJS.MemoryUsage;
}

async function loadChecks(): Promise<CheckDef[]> {
  const catalog = await loadCatalog();
  // One id, several separated by commas, or "all" for every built-in framework.
  return checksOf(catalog, selectFrameworks(catalog, values.framework!.split(',')));
}

/** Collects the organization (or one shard of it) as a run does and measures this process. */
async function collect(url: string, checks: CheckDef[], shard?: ShardSpec): Promise<Figures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-collect-'));
  const base = new AwsClients({ endpoint: url, credentials: { accessKeyId: 'AKIASANDBOXDEMO00001', secretAccessKey: 'x' }, maxAttempts: 3 });
  try {
    const startedAt = Date.now();
    const t0 = performance.now();
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    // Where the peak is: sampled, since maxRSS alone cannot tell heap from native memory.
    let atPeak = process.memoryUsage();
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      if (m.rss > atPeak.rss) atPeak = m;
    }, 200);
    const scope = await resolveScope(base, regions[0]!, { accounts: 'organization', include: [], exclude: [], includeManagement: true, role: { name: 'EvidenceCollectorReadOnly', durationSeconds: 3600 } }, 'bench', shard);
    const scopeSeconds = (performance.now() - t0) / 1000;
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
      accountsInFlight: Number(values['accounts-in-flight']),
      log: silentLogger(),
      now: () => new Date(),
      evaluator,
      ...(values.via ? { configurationItems: true } : {}),
      ...(values.via === 'aggregator' ? { configAggregator: { name: SANDBOX_AGGREGATOR, account: scope.caller.account, clients: base } } : {}),
    });
    const kept = builder.build().reduce((n, c) => n + c.targets.reduce((m, t) => m + t.results.length, 0), 0);
    const spooled = await resourceLog.finish();
    await resourceLog.discard();
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpu0);
    return {
      startedAt,
      endedAt: Date.now(),
      accounts: scope.accounts.length,
      evaluations,
      kept,
      spooledBytes: spooled.size,
      spooledLines: spooled.lines,
      scopeSeconds,
      // Its JavaScript runs on one thread: the time that thread was busy is a floor for the wall
      // time whatever the quotas allow.
      busySeconds: performance.eventLoopUtilization(elu0).active / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      failed: out.coverage.collections.filter((c) => c.status === 'failed').length,
      peakRss: process.resourceUsage().maxRSS * 1024,
      atPeak,
      atEnd: process.memoryUsage(),
    };
  } finally {
    base.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs one shard in its own process and reads the figures it prints. */
function collectInChild(url: string, shard: string): Promise<Figures> {
  const args = ['--import', 'tsx', SELF, '--attach', url, '--shard', shard, '--regions', values.regions!, '--framework', values.framework!, '--concurrency', values.concurrency!, '--accounts-in-flight', values['accounts-in-flight']!, ...(values.via ? ['--via', values.via] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let figures: Figures | undefined;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('{')) figures = JSON.parse(line) as Figures;
    });
    child.once('exit', (code) => (code === 0 && figures ? resolve(figures) : reject(new Error(`shard ${shard} exited with ${code}`))));
  });
}

if (values.attach) {
  const figures = await collect(values.attach, await loadChecks(), values.shard ? parseShard(values.shard) : undefined);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.exit(0);
}

// BENCH_SANDBOX_NODE_ARGS passes Node flags to the sandbox (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
const sandboxNodeArgs = process.env.BENCH_SANDBOX_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
const child = spawn(process.execPath, [...sandboxNodeArgs, BIN, 'sandbox', '--port', '0', '--accounts', values.accounts!, '--regions', regions.join(','), '--resources', values.resources!, '--latency-ms', values.latency!, ...(values['deployed-rules'] ? ['--deployed-rules', values['deployed-rules']] : [])], {
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

try {
  const checks = await loadChecks();
  const processes = Number(values.processes);
  await fetch(`${url}/_sandbox/reset`, { method: 'POST' });
  const parts = processes > 1 ? await Promise.all(Array.from({ length: processes }, (_, i) => collectInChild(url, `${i + 1}/${processes}`))) : [await collect(url, checks)];
  const wall = (Math.max(...parts.map((p) => p.endedAt)) - Math.min(...parts.map((p) => p.startedAt))) / 1000;
  const sum = (f: (p: Figures) => number): number => parts.reduce((n, p) => n + f(p), 0);
  // The minimum for what this framework plans, not for every dataset the sandbox can serve.
  const plan = planDatasets(checks);
  const via = values.via ? `&items=${plan.configRules.join(',')}${values.via === 'aggregator' ? '&aggregator=1' : ''}` : '';
  const stats = (await (await fetch(`${url}/_sandbox/stats?datasets=${plan.datasets.join(',')}&rules=${plan.configRules.join(',')}${via}`)).json()) as { requests: Record<string, number>; throttled: number; minimumCalls: number; quotaLowerBoundSeconds: number };
  const made = Object.values(stats.requests).reduce((a, b) => a + b, 0);
  const busy = Math.max(...parts.map((p) => p.busySeconds));
  // The sandbox's own peak (Linux): it must serve a whole organization from pages it generates.
  const sandboxPeak = (() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? `${(Number(m[1]) / 1024).toFixed(0)} MB` : 'unknown';
    } catch {
      return 'unknown';
    }
  })();
  const peak = parts.reduce((a, b) => (b.peakRss > a.peakRss ? b : a));
  const lines = [
    `organization        ${sum((p) => p.accounts)} accounts × ${regions.length} regions, ${values.resources} resources per account-region, ${values.latency} ms per call, concurrency ${values.concurrency}, ${values['accounts-in-flight']} accounts in flight${processes > 1 ? ` per process, ${processes} processes (one shard each)` : ''}`,
    `framework           ${values.framework} (${plan.datasets.length} datasets, ${plan.configRules.length} Config rules)${values.via ? `; configuration items via ${values.via}` : ''}${values['deployed-rules'] ? `; deployed rules: ${values['deployed-rules']}` : ''}`,
    ...(values.via ? [`item calls          ${['config.SelectResourceConfig', 'config.DescribeConfigurationRecorders', 'config.SelectAggregateResourceConfig', 'config.DescribeConfigurationAggregatorSourcesStatus'].filter((op) => stats.requests[op]).map((op) => `${op} ${stats.requests[op]}`).join(', ') || 'none'}`] : []),
    `resource evaluations ${sum((p) => p.evaluations)} (${sum((p) => p.kept)} needing attention kept in memory; resources.ndjson ${(sum((p) => p.spooledBytes) / 1e6).toFixed(1)} MB, ${sum((p) => p.spooledLines)} lines)`,
    `wall time           ${wall.toFixed(2)} s (scope: ${Math.max(...parts.map((p) => p.scopeSeconds)).toFixed(2)} s)`,
    `quota lower bound   ${stats.quotaLowerBoundSeconds.toFixed(2)} s (busiest account-region-operation ÷ its quota)`,
    `wall ÷ bound        ${(wall / stats.quotaLowerBoundSeconds).toFixed(2)}   (target ≤ 1.3)`,
    `main thread busy    ${busy.toFixed(2)} s${processes > 1 ? ' (busiest process)' : ''} (${((1000 * sum((p) => p.busySeconds)) / Math.max(1, made)).toFixed(2)} ms per call; process CPU ${sum((p) => p.cpuSeconds).toFixed(1)} s on ${os.availableParallelism()} cores)`,
    `wall ÷ max(bound, busy) ${(wall / Math.max(stats.quotaLowerBoundSeconds, busy)).toFixed(2)}   (how close the run comes to what limits it here: the quotas or the collector's own work)`,
    `calls ÷ minimum     ${made} ÷ ${stats.minimumCalls} = ${(made / stats.minimumCalls).toFixed(3)}   (target ≤ 1.02)`,
    `calls per second    ${(made / wall).toFixed(0)}`,
    `throttled ÷ calls   ${stats.throttled} ÷ ${made} = ${((100 * stats.throttled) / made).toFixed(2)} %   (target ≤ 1 %)`,
    `failed collections  ${sum((p) => p.failed)}`,
    `sandbox peak RSS    ${sandboxPeak}`,
    `peak RSS            ${MB(peak.peakRss)} (collector process${processes > 1 ? ' with the largest peak' : ''}; largest sample ${MB(peak.atPeak.rss)}: heap ${MB(peak.atPeak.heapUsed)} used of ${MB(peak.atPeak.heapTotal)}, external ${MB(peak.atPeak.external)}; at the end: heap ${MB(peak.atEnd.heapUsed)} used of ${MB(peak.atEnd.heapTotal)}, external ${MB(peak.atEnd.external)})`,
  ];
  console.log(lines.join('\n'));
} finally {
  child.kill('SIGTERM');
}
