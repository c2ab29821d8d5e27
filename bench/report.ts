// Report rendering benchmark: a framework of 1,000 controls over 200,000 resource results (a
// large organization), rendered to HTML and PDF (the target: both within 10 s wall and 400 MB peak
// RSS per process), then to CSV and JSON. Prints the time, CPU and peak RSS after each step; the PDF
// renders in its own child process, as in a run, whose CPU and peak RSS the child reports.
//
//   npm run bench:report                      # node bench/report.ts (Node's type stripping)
//   node bench/report.ts --controls 1000 --results 200000 --out /tmp/bench --keep
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Framework } from '../src/catalog/schema.ts';
import type { ResourceCompliance } from '../src/domain/model.ts';
import type { CheckResult, CheckTargetResult, ControlResult, EvidenceRef, RunResults } from '../src/domain/results.ts';
import type { AcceptanceContext } from '../src/evaluate/acceptance.ts';
import type * as Evaluate from '../src/evaluate/index.ts';
import type * as Report from '../src/report/index.ts';
import { build } from '../scripts/build.ts';

// The product's compiled modules (dist/, built first when a source is newer), as a run loads them:
// through a TypeScript loader the same modules took about 80 MB more memory.
await build({ check: false, ifStale: true });
const dist = (file: string): string => new URL(`../dist/${file}`, import.meta.url).href;
const { countStatuses, evaluateControl, applyAcceptance } = (await import(dist('evaluate/index.js'))) as typeof Evaluate;
const { buildViewModel, renderHtml, renderPdfIsolated, writeCsv, writeJson } = (await import(dist('report/index.js'))) as typeof Report;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const CONTROLS = Number(arg('controls', '1000'));
const RESULTS = Number(arg('results', '200000'));
const OUT = arg('out', path.join(os.tmpdir(), `bench-report-${process.pid}`));
const KEEP = process.argv.includes('--keep');

const ACCOUNTS = ['111122223333', '444455556666'];
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const RUN_ID = '20261031T020000Z-bench1';

/** Deterministic pseudo-random numbers (mulberry32), so every run renders the same report. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthesize(): { framework: Framework; results: RunResults } {
  const rand = rng(42);
  const manualEvery = 10;
  const checkCount = Math.max(1, Math.round(CONTROLS * 0.6));
  const checks: CheckResult[] = [];
  const evidence: EvidenceRef[] = [];
  const perCheck = Math.floor(RESULTS / checkCount);
  let made = 0;
  for (let i = 0; i < checkCount; i++) {
    const id = i % 2 === 0 ? `config:SYNTHETIC_RULE_${String(i).padStart(4, '0')}` : `synthetic-check-${String(i).padStart(4, '0')}`;
    const targets: CheckTargetResult[] = [];
    const n = i === checkCount - 1 ? RESULTS - made : perCheck;
    made += n;
    const pairs = ACCOUNTS.flatMap((account) => REGIONS.map((region) => ({ account, region })));
    // Every 97th check could not be collected in one account-region (throttled past retries).
    const erred = i % 97 === 5 ? 1 : -1;
    const live = pairs.length - (erred >= 0 ? 1 : 0);
    let slot = 0;
    pairs.forEach(({ account, region }, k) => {
      const key = `evidence/${account}/${region}/${id.replace(':', '-')}.json`;
      if (k !== erred) evidence.push({ key, versionId: `v${String(i * 10 + k).padStart(8, '0')}`, sha256: (i * 7919 + k).toString(16).padStart(64, '0'), size: 1_000 + 180 * (n / live), collectedAt: '2026-10-31T02:03:00.000Z', reused: false });
      if (k === erred) {
        targets.push({ account, region, status: 'ERROR', reason: 'throttled past retries: ThrottlingException', counts: { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 }, results: [], evidenceKeys: [] });
        return;
      }
      const count = Math.floor(n / live) + (slot < n % live ? 1 : 0);
      slot += 1;
      const failRate = i % 3 === 0 ? 0 : 0.15;
      const results = Array.from({ length: count }, (_, r) => {
        const compliance: ResourceCompliance = rand() < failRate ? 'NON_COMPLIANT' : rand() < 0.05 ? 'NOT_APPLICABLE' : 'COMPLIANT';
        return {
          resourceType: 'AWS::S3::Bucket',
          resourceId: `arn:aws:s3:::acme-${region}-data-${String(i).padStart(4, '0')}-${String(r).padStart(5, '0')}`,
          compliance,
          ...(compliance === 'NON_COMPLIANT' ? { annotation: `Default encryption is not SSE-KMS; bucket policy allows s3:GetObject to principal * (finding ${r}).` } : {}),
        };
      });
      const counts = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 };
      for (const r of results) counts[r.compliance] += 1;
      const status = counts.NON_COMPLIANT > 0 ? 'FAIL' : results.length ? 'PASS' : 'NO_EVIDENCE';
      targets.push({ account, region, status, ...(status === 'FAIL' ? { reason: `${counts.NON_COMPLIANT} of ${results.length} resources non-compliant` } : {}), counts, results, evidenceKeys: [key] });
    });
    checks.push({ id, kind: id.startsWith('config:') ? 'config-rule' : 'api', title: `Synthetic check ${i}: resources are configured as the baseline requires`, scope: 'region', targets });
  }
  const framework: Framework = {
    id: 'bench',
    name: 'Benchmark framework',
    version: '1',
    description: 'A synthetic framework sized like a large catalog.',
    controls: Array.from({ length: CONTROLS }, (_, j) => {
      const id = `BENCH-${String(j + 1).padStart(4, '0')}`;
      if (j % manualEvery === manualEvery - 1) {
        return { id, title: `Manual control ${j + 1}: a reviewed process`, checks: [], manual: true, guidance: 'Attach the signed record of the latest review: who, when, scope, and the tickets raised.' };
      }
      const ids = [checks[j % checkCount]!.id];
      if (j % 3 === 0) ids.push(checks[(j + 1) % checkCount]!.id);
      return { id, title: `Control ${j + 1}: data at rest is encrypted and not public`, description: 'Synthetic control description of moderate length, as catalogs carry.', checks: [...new Set(ids)], manual: false };
    }),
  };
  const byId = new Map(checks.map((c) => [c.id, c]));
  const ctx: AcceptanceContext = {
    asOfDate: '2026-10-31',
    exceptions: [{ id: 'RISK-1', control: framework.controls[1]!.id, reason: 'Accepted until migration.', approver: 'CISO', expires: '2099-01-01', line: 2, source: { file: 'exceptions.yaml', key: 'exceptions/x/exceptions.yaml', line: 2 } }],
    attestations: [
      { framework: 'bench', control: framework.controls[9]!.id, statement: 'Reviewed.', attester: 'Security lead', date: '2026-10-01', validUntil: '2027-10-01', source: { file: 'a.yaml', key: 'attestations/x/a.yaml', line: 1 } },
    ],
  };
  const controls: ControlResult[] = framework.controls.map((c) => applyAcceptance(framework, c, evaluateControl(c, byId), byId, ctx));
  const collections = ACCOUNTS.flatMap((account) =>
    REGIONS.flatMap((region) =>
      Array.from({ length: 20 }, (_, k) => ({ account, region, collector: `service${k}-dataset`, status: 'collected' as const, calls: 12, failedCalls: 0 })),
    ),
  );
  return {
    framework,
    results: {
      schema: 'run-results/v1',
      runId: RUN_ID,
      startedAt: '2026-10-31T02:00:00.000Z',
      finishedAt: '2026-10-31T02:14:09.000Z',
      status: 'complete',
      toolVersion: 'bench',
      scope: { accounts: ACCOUNTS, regions: REGIONS },
      frameworks: [{ id: 'bench', name: framework.name, version: '1', controls, byStatus: countStatuses(controls) }],
      checks,
      coverage: { collections, rulesNotDeployed: [], calls: { calls: 1440, byOutcome: { ok: 1400, retried: 30, throttled: 10, denied: 0, failed: 0, not_found: 0 } } },
      evidence,
    },
  };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
/** CPU seconds (user + system) used so far: steadier than wall time on a busy machine. */
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const peak = (): number => process.resourceUsage().maxRSS * 1024;

async function main(): Promise<void> {
  await fs.mkdir(OUT, { recursive: true });
  const t0 = performance.now();
  const { framework, results } = synthesize();
  const total = results.checks.reduce((n, c) => n + c.targets.reduce((m, t) => m + t.results.length, 0), 0);
  const tData = performance.now();
  console.log(`data       ${framework.controls.length} controls, ${results.checks.length} checks, ${total} resource results, ${results.evidence.length} evidence objects: ${((tData - t0) / 1000).toFixed(2)} s, peak RSS ${mb(peak())}`);

  const start = performance.now();
  const cpuStart = cpu();
  const vm = buildViewModel({
    results,
    framework,
    manifest: { key: `runs/${RUN_ID}/manifest.json`, sha256: '0'.repeat(64), signatureKey: `runs/${RUN_ID}/manifest.json.sig` },
    signer: { algorithm: 'Ed25519', keyId: 'ed25519:0000000000000000', publicKeyFingerprint: '0'.repeat(64), publicKeyFile: 'public-key.pem' },
    store: 'file:///bench',
    previousRunId: null,
    failingResourceCap: 25,
  });
  const tVm = performance.now();
  console.log(`view model ${((tVm - start) / 1000).toFixed(2)} s`);
  const htmlFile = path.join(OUT, 'bench.html');
  await fs.writeFile(htmlFile, renderHtml(vm));
  const tHtml = performance.now();
  const cpuHtml = cpu();
  console.log(`html       ${((tHtml - tVm) / 1000).toFixed(2)} s, ${mb((await fs.stat(htmlFile)).size)}, peak RSS ${mb(peak())}`);
  const pdfFile = path.join(OUT, 'bench.pdf');
  const usage = await renderPdfIsolated(vm, pdfFile);
  if (!usage) throw new Error('the PDF rendered in-process: its child died');
  const tPdf = performance.now();
  const cpuPdf = cpu();
  console.log(`pdf        ${((tPdf - tHtml) / 1000).toFixed(2)} s (CPU ${(cpuPdf - cpuHtml).toFixed(2)} s here, ${(usage.cpuMs / 1000).toFixed(2)} s in the render child), ${mb((await fs.stat(pdfFile)).size)}, child peak RSS ${mb(usage.maxRssBytes)}`);
  const both = (tPdf - start) / 1000;
  const rssBoth = Math.max(peak(), usage.maxRssBytes);
  const ok = both <= 10 && rssBoth <= 400 * 1024 * 1024;
  console.log(
    `HTML + PDF ${both.toFixed(2)} s wall, ${(cpuPdf - cpuStart + usage.cpuMs / 1000).toFixed(2)} s CPU (view model included), peak RSS ${mb(peak())} here (synthetic data included), ${mb(usage.maxRssBytes)} in the child  [target: ≤ 10 s, ≤ 400 MB a process] ${ok ? 'OK' : 'OVER TARGET'}`,
  );

  const csvFile = path.join(OUT, 'bench.csv');
  await writeCsv(vm, results, csvFile);
  const tCsv = performance.now();
  console.log(`csv        ${((tCsv - tPdf) / 1000).toFixed(2)} s, ${mb((await fs.stat(csvFile)).size)}, peak RSS ${mb(peak())}`);
  const jsonFile = path.join(OUT, 'bench.json');
  await writeJson(vm, jsonFile);
  const tJson = performance.now();
  console.log(`json       ${((tJson - tCsv) / 1000).toFixed(2)} s, ${mb((await fs.stat(jsonFile)).size)}, peak RSS ${mb(peak())}`);
  if (KEEP) console.log(`files in ${OUT}`);
  else await fs.rm(OUT, { recursive: true, force: true });
}

await main();
