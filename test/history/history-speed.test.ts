// Trend from the per-run summaries and diff with results.json read in part must answer exactly as
// the full reads did. Runs are generated (seeded) and sealed by the product's finalizeRun: two
// frameworks, 40 checks × 6 account-regions, resources flipped, added and removed between runs,
// targets errored or dropped, an exception that lapses.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/file.ts';
import { keys, makeRunId, readManifest, type RunStatement } from '../../src/store/manifest.ts';
import { ResourceLog, trimTarget } from '../../src/store/resources.ts';
import { encodeEnvelope, generateKeyFile, loadKeyFile, type Signer } from '../../src/sign/signer.ts';
import { findOrphans, verifyStore } from '../../src/sign/verify-run.ts';
import { finalizeRun } from '../../src/run/finalize.ts';
import type { Catalog } from '../../src/catalog/load.ts';
import { CONTROL_STATUSES, type ControlStatus, type ResourceResult } from '../../src/domain/model.ts';
import type { CheckResult, CheckTargetResult, ControlResult, RunResults } from '../../src/domain/results.ts';
import { diffRuns } from '../../src/history/diff.ts';
import { computeTrend } from '../../src/history/trend.ts';
import { summaryKey } from '../../src/history/summary.ts';
import { diffRunsBefore } from './diff-reference.ts';
import { tempDir } from '../helpers.ts';

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const REGIONS = ['eu-west-1', 'us-east-1'];
const CHECKS = Array.from({ length: 40 }, (_, i) => `config:RULE_${String(i).padStart(2, '0')}`);
const FRAMEWORKS = ['fw-a', 'fw-b'];
const controlChecks = (fw: string, c: number): string[] => [CHECKS[(c * 3 + (fw === 'fw-a' ? 0 : 1)) % CHECKS.length]!, CHECKS[(c * 7 + 2) % CHECKS.length]!];

/** A small seeded generator (mulberry32): the same runs every time. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const catalog = {
  frameworks: [],
  checks: new Map(),
  byId: new Map(FRAMEWORKS.map((fw) => [fw, { id: fw, controls: Array.from({ length: 25 }, (_, c) => ({ id: `C-${c + 1}`, checks: controlChecks(fw, c) })) }])),
  usedBy: new Map(CHECKS.map((ch) => [ch, FRAMEWORKS.flatMap((fw) => Array.from({ length: 25 }, (_, c) => c).filter((c) => controlChecks(fw, c).includes(ch)).map((c) => `${fw}/C-${c + 1}`))])),
} as unknown as Catalog;

function targetOf(account: string, region: string, results: ResourceResult[], rnd: () => number): CheckTargetResult {
  const counts = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 };
  for (const r of results) counts[r.compliance] += 1;
  if (rnd() < 0.04) return { account, region, status: 'ERROR', reason: 'AccessDenied on DescribeConfigRules', counts, results: [], evidenceKeys: [] };
  if (results.length === 0) return { account, region, status: 'NO_EVIDENCE', reason: 'rule not deployed', counts, results, evidenceKeys: [] };
  return { account, region, status: counts.NON_COMPLIANT > 0 ? 'FAIL' : 'PASS', counts, results, evidenceKeys: [] };
}

/** Day 0 from the seed; later days flip, add and drop resources of the day before. */
function generate(day: number, before: Map<string, ResourceResult[]> | null): Map<string, ResourceResult[]> {
  const rnd = random(1000 + day);
  const out = new Map<string, ResourceResult[]>();
  for (const check of CHECKS) {
    for (const account of ACCOUNTS) {
      for (const region of REGIONS) {
        const k = `${check}|${account}|${region}`;
        if (before && rnd() < 0.02) continue; // target out of scope that day
        let list = before?.get(k) ?? Array.from({ length: Math.floor(rnd() * 12) }, (_, i) => ({ resourceType: i % 3 ? 'AWS::EC2::SecurityGroup' : 'AWS::S3::Bucket', resourceId: `res-${account.slice(0, 3)}-${region}-${i}`, compliance: rnd() < 0.3 ? 'NON_COMPLIANT' : 'COMPLIANT' }) as ResourceResult);
        if (before) {
          list = list.filter(() => rnd() > 0.03).map((r) => (rnd() < 0.1 ? { ...r, compliance: r.compliance === 'COMPLIANT' ? 'NON_COMPLIANT' : rnd() < 0.5 ? 'COMPLIANT' : 'INSUFFICIENT_DATA' } : r));
          if (rnd() < 0.2) list = [...list, { resourceType: 'AWS::IAM::Role', resourceId: `new-${day}-${list.length}`, compliance: 'NON_COMPLIANT' }];
        }
        out.set(k, list);
      }
    }
  }
  return out;
}

async function seal(store: FileStore, signer: Signer, day: number, resources: Map<string, ResourceResult[]>, legacy = false): Promise<RunResults> {
  const started = new Date(Date.UTC(2026, 10, 1 + day, 2, 0, 0));
  const runId = makeRunId(started, `0000${day}`.slice(-6));
  const rnd = random(7 + day);
  const log = await ResourceLog.create();
  const checks: CheckResult[] = CHECKS.map((id) => ({ id, kind: 'config-rule', title: id, scope: 'region', targets: [] }));
  for (const c of checks) {
    for (const account of ACCOUNTS) {
      for (const region of REGIONS) {
        const list = resources.get(`${c.id}|${account}|${region}`);
        if (!list) continue;
        const t = targetOf(account, region, list, rnd);
        if (!legacy) log.write(c.id, t);
        c.targets.push(legacy ? t : trimTarget(t));
      }
    }
  }
  const frameworks = FRAMEWORKS.map((fw) => {
    const controls: ControlResult[] = Array.from({ length: 25 }, (_, i) => {
      const status = CONTROL_STATUSES[Math.floor(rnd() * CONTROL_STATUSES.length)]!;
      const c: ControlResult = { id: `C-${i + 1}`, status, reason: `${status.toLowerCase()} on day ${day}` };
      if (i === 3) {
        c.exceptions = [{ id: 'RISK-1', control: c.id, reason: 'accepted', approver: 'CISO', expires: '2026-11-02', state: day < 2 ? 'active' : 'expired', failingResources: 1, coveredResources: 1, source: { file: 'exceptions.yaml', key: 'runs/exceptions.yaml', line: 1 } }];
      }
      return c;
    });
    const byStatus = Object.fromEntries(CONTROL_STATUSES.map((s) => [s, controls.filter((c) => c.status === s).length])) as Record<ControlStatus, number>;
    return { id: fw, name: fw.toUpperCase(), version: '1', controls, byStatus };
  });
  const results = {
    schema: 'run-results/v1',
    runId,
    startedAt: started.toISOString(),
    finishedAt: new Date(started.getTime() + 60_000).toISOString(),
    status: day === 3 ? 'partial' : 'complete',
    toolVersion: 'test',
    scope: { accounts: day === 3 ? ACCOUNTS.slice(0, 2) : ACCOUNTS, regions: REGIONS },
    frameworks,
    checks,
    coverage: { collections: [], rulesNotDeployed: [], calls: { calls: 0, byOutcome: { ok: 0, retried: 0 } } },
    evidence: [],
  } as unknown as RunResults;
  const spooled = legacy ? null : await log.finish();
  try {
    await finalizeRun({ store, signer, results, identity: 'test', toolVersion: 'test', configDigest: '0'.repeat(64), now: () => new Date(results.finishedAt), ...(spooled ? { resources: { open: () => log.openSorted(spooled), lines: spooled.lines } } : {}) });
  } finally {
    await log.discard();
  }
  return results;
}

let tmp: { dir: string; cleanup: () => Promise<void> };
let store: FileStore;
const runIds: string[] = [];

beforeAll(async () => {
  tmp = await tempDir('history-speed-');
  store = new FileStore(path.join(tmp.dir, 'store'));
  const signer = await generateKeyFile(path.join(tmp.dir, 'k.key'));
  let res: Map<string, ResourceResult[]> | null = null;
  // Days 0-1 sealed as older runs were (full lists in results.json, no resources.ndjson), days 2-4 as now.
  for (let day = 0; day < 5; day++) {
    res = generate(day, res);
    runIds.push((await seal(store, signer, day, res, day < 2)).runId);
  }
  // An older run has no summary: one written before summaries existed.
  await fs.rm(path.join(tmp.dir, 'store', ...summaryKey(runIds[1]!).split('/')), { recursive: true });
}, 120_000);
afterAll(async () => tmp?.cleanup());

describe('diff with results.json read in part', () => {
  it('equals the diff that parsed both results files whole, streamed or legacy, with and without a framework', async () => {
    const pairs: [number, number][] = [
      [2, 3], // both with resources.ndjson; B partial with an account out of scope
      [3, 4],
      [0, 1], // both legacy (targets from results.json)
      [1, 2], // legacy against streamed
      [4, 0],
    ];
    for (const [a, b] of pairs) {
      for (const framework of [undefined, 'fw-b']) {
        const opts = { catalog, ...(framework ? { framework } : {}) };
        const now = await diffRuns(store, runIds[a]!, runIds[b]!, opts);
        const before = await diffRunsBefore(store, runIds[a]!, runIds[b]!, opts);
        expect(now, `${a}→${b} ${framework ?? ''}`).toEqual(before);
        expect(JSON.stringify(now)).toBe(JSON.stringify(before));
      }
    }
    // The generated runs change enough to exercise every part of the output.
    const all = await Promise.all(pairs.map(([a, b]) => diffRuns(store, runIds[a]!, runIds[b]!, { catalog })));
    for (const total of ['becameNonCompliant', 'becameCompliant', 'added', 'removed', 'targetsCoverageLost', 'targetsCoverageRegained', 'regressions', 'fixes', 'expiredExceptions'] as const) {
      expect(Math.max(...all.map((d) => d.totals[total])), total).toBeGreaterThan(0);
    }
    expect(all.some((d) => d.checks.some((c) => c.targets.some((t) => t.statusA === null || t.statusB === null)))).toBe(true);
    expect(all.some((d) => d.scope.accountsRemoved.length > 0)).toBe(true);
  });
});

describe('the run summary', () => {
  it('is pinned by the manifest, and verify re-hashes it', async () => {
    const { manifest } = await readManifest(store, runIds[4]!);
    const pin = manifest.objects.find((o) => o.key === summaryKey(runIds[4]!));
    expect(pin).toBeDefined();
    const summary = JSON.parse(Buffer.from(await store.get(pin!.key, pin!.versionId)).toString('utf8')) as { frameworks: { id: string; byStatus: unknown; passRate: number | null; controls: Record<string, string[]> }[] };
    expect(summary.frameworks.map((f) => [f.id, f.byStatus])).toEqual(manifest.frameworks.map((f) => [f.id, f.controls]));
    expect(Object.values(summary.frameworks[0]!.controls).flat().sort()).toHaveLength(25);
    expect((await verifyStore(store, runIds[4]!)).ok).toBe(true);
    // Same length, other bytes: verify names the summary.
    const file = path.join(tmp.dir, 'store', ...pin!.key.split('/'), `~${pin!.versionId}`);
    const copy = path.join(tmp.dir, 'summary.bak');
    await fs.copyFile(file, copy);
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, text.replace(/"passRate": 0\./, '"passRate": 1.'));
    try {
      const report = await verifyStore(store, runIds[4]!);
      expect(report.ok).toBe(false);
      expect(JSON.stringify(report)).toContain(summaryKey(runIds[4]!));
    } finally {
      await fs.copyFile(copy, file);
    }
  });

  it('gives trend the counts the manifests give, and a run without one is read from its manifest', async () => {
    const opts = { since: '2026-11-01', until: new Date('2026-11-05T23:59:59Z') };
    const t = await computeTrend(store, opts);
    expect(t.runsRead).toBe(5);
    expect(t.skipped).toEqual([]);
    // Without any summary the same trend comes from the manifests alone.
    const bare = path.join(tmp.dir, 'bare');
    await fs.cp(path.join(tmp.dir, 'store'), bare, { recursive: true });
    for (const id of runIds) await fs.rm(path.join(bare, ...summaryKey(id).split('/')), { recursive: true, force: true });
    // Runs read from their manifests recorded no framework names: the catalog's stand in (the
    // built-in one has no fw-a, so the id); the summaries carry the names the runs evaluated.
    const fromManifests = await computeTrend(new FileStore(bare), opts);
    const unnamed = (r: typeof t) => ({ ...r, frameworks: r.frameworks.map((f) => ({ ...f, name: '' })) });
    expect(unnamed(fromManifests)).toEqual(unnamed(t));
    expect(fromManifests.frameworks.map((f) => f.name)).toEqual(FRAMEWORKS);
    expect(t.frameworks.map((f) => f.name)).toEqual(FRAMEWORKS.map((f) => f.toUpperCase()));
    for (const fw of t.frameworks) {
      expect(fw.points.map((p) => p.runId)).toEqual(runIds);
      expect(fw.points[3]).toMatchObject({ partial: true, runStatus: 'partial' });
    }
  });

  it('is read at the version the manifest pins: an edited one is refused, a newer one ignored', async () => {
    const opts = { since: '2026-11-01', until: new Date('2026-11-05T23:59:59Z') };
    const original = await computeTrend(store, opts);
    const copyDir = path.join(tmp.dir, 'edited');
    await fs.cp(path.join(tmp.dir, 'store'), copyDir, { recursive: true });
    const copy = new FileStore(copyDir);
    // The pinned version edited in place.
    const { manifest } = await readManifest(copy, runIds[2]!);
    const pin = manifest.objects.find((o) => o.key === summaryKey(runIds[2]!))!;
    const file = path.join(copyDir, ...pin.key.split('/'), `~${pin.versionId}`);
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace(/"PASS": (\d+)/, (_, n: string) => `"PASS": ${Number(n) + 1}`));
    // Another run's summary stored as a newer version: not what the manifest pins, so not read.
    await copy.put(summaryKey(runIds[3]!), await copy.get(summaryKey(runIds[4]!)));
    const t = await computeTrend(copy, opts);
    expect(t.skipped.map((s) => [s.runId, s.status])).toEqual([[runIds[2], 'unverified']]);
    expect(t.skipped[0]!.reason).toMatch(/summary\.json version .* has sha256 .* but runs\/.*\/statement\.json of run .* pins/);
    expect(t.frameworks.map((f) => f.points.map((p) => p.runId))).toEqual(FRAMEWORKS.map(() => [runIds[0], runIds[1], runIds[3], runIds[4]]));
    expect(t.frameworks.map((f) => f.points.find((p) => p.runId === runIds[3])!.byStatus)).toEqual(original.frameworks.map((f) => f.points[3]!.byStatus));
    // An edited manifest is refused even though the summary is intact.
    const { bytes } = await readManifest(copy, runIds[4]!);
    await copy.put(keys.manifest(runIds[4]!), Buffer.from(Buffer.from(bytes).toString('utf8').replace('"status": "complete"', '"status": "partial"')));
    const t2 = await computeTrend(copy, { since: '2026-11-01', until: new Date('2026-11-05T23:59:59Z') });
    expect(t2.skipped.find((s) => s.runId === runIds[4])).toMatchObject({ status: 'unverified', reason: expect.stringMatching(/does not verify/) });
  });
});

describe('the run statement', () => {
  const opts = { since: '2026-11-01', until: new Date('2026-11-05T23:59:59Z') };
  const copyOf = async (name: string): Promise<{ dir: string; copy: FileStore }> => {
    const dir = path.join(tmp.dir, name);
    await fs.cp(path.join(tmp.dir, 'store'), dir, { recursive: true });
    return { dir, copy: new FileStore(dir) };
  };

  it('pins the manifest and the summary as stored, and without it trend reads the manifest to the same result', async () => {
    for (const id of runIds) {
      const st = JSON.parse(Buffer.from(await store.get(keys.statement(id))).toString('utf8')) as RunStatement;
      const { manifest, versionId, sha256 } = await readManifest(store, id);
      expect(st).toMatchObject({ schema: 'run-statement/v1', runId: id, manifest: { key: keys.manifest(id), versionId, sha256 } });
      const pin = manifest.objects.find((o) => o.key === summaryKey(id))!;
      expect(st.summary).toEqual({ key: pin.key, versionId: pin.versionId, sha256: pin.sha256 });
    }
    const t = await computeTrend(store, opts);
    const { dir, copy } = await copyOf('no-statements');
    for (const id of runIds) await fs.rm(path.join(dir, ...keys.statement(id).split('/')), { recursive: true });
    expect(await computeTrend(copy, opts)).toEqual(t);
    expect((await findOrphans(store)).orphans.filter((o) => o.key.includes('statement'))).toEqual([]);
  });

  it('edited, or copied from another run, is refused by trend and named by verify', async () => {
    const { dir, copy } = await copyOf('statement-edited');
    // Edited in place: its signature no longer matches.
    const file = path.join(dir, ...keys.statement(runIds[2]!).split('/'), '~v00000001');
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace('"signedAt": "', '"signedAt": "1'));
    // Run 4's statement and signature stored as run 3's: signed, but of another run.
    await copy.put(keys.statement(runIds[3]!), await copy.get(keys.statement(runIds[4]!)));
    await copy.put(keys.signature(keys.statement(runIds[3]!)), await copy.get(keys.signature(keys.statement(runIds[4]!))));
    const t = await computeTrend(copy, opts);
    expect(t.skipped.map((s) => [s.runId, s.status])).toEqual([
      [runIds[2], 'unverified'],
      [runIds[3], 'unverified'],
    ]);
    expect(t.skipped[0]!.reason).toMatch(/statement\.json: content sha256 .* differs from the signed/);
    expect(t.skipped[1]!.reason).toMatch(/is not a run-statement\/v1 of run .* pinning its manifest and summary/);
    expect(t.frameworks.map((f) => f.points.map((p) => p.runId))).toEqual(FRAMEWORKS.map(() => [runIds[0], runIds[1], runIds[4]]));
    const v = await verifyStore(copy, runIds[4]!);
    const problems = v.runs.flatMap((r) => r.problems).map((p) => [p.kind, p.key]);
    expect(problems).toEqual(
      expect.arrayContaining([
        ['bad-signature', keys.statement(runIds[2]!)],
        ['statement-mismatch', keys.statement(runIds[3]!)],
      ]),
    );
  });

  it('signed with the right key yet pinning another summary: trend refuses that summary, verify names the mismatch with the manifest', async () => {
    const { copy } = await copyOf('statement-resigned');
    const signer = await loadKeyFile(path.join(tmp.dir, 'k.key'));
    const id = runIds[2]!;
    const other = await copy.put(summaryKey(id), await copy.get(summaryKey(runIds[4]!)));
    const st = JSON.parse(Buffer.from(await copy.get(keys.statement(id))).toString('utf8')) as RunStatement;
    const forged = Buffer.from(JSON.stringify({ ...st, summary: { key: other.key, versionId: other.versionId, sha256: other.sha256 } }, null, 2) + '\n');
    await copy.put(keys.signature(keys.statement(id)), encodeEnvelope(await signer.sign(forged, 'statement.json')));
    await copy.put(keys.statement(id), forged);
    const t = await computeTrend(copy, opts);
    expect(t.skipped).toEqual([expect.objectContaining({ runId: id, status: 'unverified', reason: expect.stringMatching(/is not a run-summary\/v1 summary of that run/) })]);
    const v = await verifyStore(copy, runIds[4]!);
    const mismatch = v.runs.flatMap((r) => r.problems).filter((p) => p.kind === 'statement-mismatch');
    expect(mismatch).toEqual([expect.objectContaining({ key: keys.statement(id), message: expect.stringMatching(/but the manifest pins version v00000001/) })]);
  });
});
