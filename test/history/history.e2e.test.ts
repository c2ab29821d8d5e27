// Compliance over time, end to end: real runs against the sandbox on simulated days 0, 1 and 2
// (day 2 twice: first with an account denied, then clean), with an exception and an attestation
// that lapse on day 2. Diff, trend and as-of are checked against the sandbox's truth and the
// stored runs; a tampered manifest is refused.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox, type SandboxTruth } from '../../src/sandbox/index.ts';
import { OrgModel, simulatedNow } from '../../src/sandbox/org.ts';
import { ITEM_RULES, ITEM_TYPES, isRecorded, itemKinds, itemVerdict } from '../../src/sandbox/services/config-items.ts';
import { loadCatalog, type Catalog } from '../../src/catalog/load.ts';
import { FileStore } from '../../src/store/file.ts';
import { generateKeyFile } from '../../src/sign/signer.ts';
import type { RunOutcome } from '../../src/run/run.ts';
import { loadAcceptance, type AcceptanceInput } from '../../src/evaluate/acceptance.ts';
import { keys, readManifest } from '../../src/store/manifest.ts';
import { CONTROL_STATUSES } from '../../src/domain/model.ts';
import type { RunResults } from '../../src/domain/results.ts';
import { diffRuns } from '../../src/history/diff.ts';
import { computeTrend, trendSeries } from '../../src/history/trend.ts';
import { trendSvg } from '../../src/history/svg.ts';
import { parseAsOf, runAsOf, AsOfError } from '../../src/history/asof.ts';
import { HistorySourceError, KeyRing, readCheckTargets, readTrustedResults, verifiedManifest, type CheckTarget } from '../../src/history/load.ts';
import type { RunDiff } from '../../src/history/types.ts';
import { checkDiffAgainstTruth } from '../../src/sandbox/truth-check.ts';
import { NO_QUOTAS, UNPACED, runOnSandbox, tempDir } from '../helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));
const FRAMEWORKS = ['aws-baseline', 'soc2'];
const FW = 'aws-baseline';
const SANDBOX = { port: 0, seed: 5, accounts: 1, resources: 120, faults: NO_QUOTAS };

let sandbox: RunningSandbox;
let dir: string;
let cleanup: () => Promise<void>;
let store: FileStore;
let catalog: Catalog;
let acceptance: AcceptanceInput;
let picked: { excepted: string; attested: string };
const runs: Record<'d0' | 'd1' | 'd2fault' | 'd2', RunOutcome> = {} as never;
let denied: string;

async function runOn(day: number, hour: number, opts: { acceptance?: AcceptanceInput; deny?: string } = {}): Promise<RunOutcome> {
  sandbox.setDay(day);
  sandbox.setFaults(opts.deny ? { ...NO_QUOTAS, deny: [{ accounts: [opts.deny] }] } : NO_QUOTAS);
  const base = simulatedNow(day) + (hour - 6) * 3_600_000;
  // The clock starts at the run's first reading, so the run starts at exactly `base`.
  let t0: number | undefined;
  return runOnSandbox(sandbox, {
    store,
    catalog,
    dir,
    clients: { now: () => new Date(simulatedNow(day)) },
    frameworks: FRAMEWORKS.map((id) => catalog.byId.get(id)!),
    formats: ['json'],
    now: () => new Date(base + (Date.now() - (t0 ??= Date.now()))),
    acceptance: opts.acceptance,
    rateLimits: UNPACED,
  });
}

/** A control of FW that fails on day 0 with only FAIL targets (so an exception makes it EXCEPTION). */
function purelyFailing(r: RunResults): string {
  const fw = catalog.byId.get(FW)!;
  const checks = new Map(r.checks.map((c) => [c.id, c]));
  const status = new Map(r.frameworks.find((f) => f.id === FW)!.controls.map((c) => [c.id, c.status]));
  for (const c of fw.controls) {
    if (status.get(c.id) !== 'FAIL') continue;
    const targets = c.checks.flatMap((id) => checks.get(id)?.targets ?? []);
    if (targets.length > 0 && targets.every((t) => t.status === 'FAIL' || t.status === 'PASS')) return c.id;
  }
  throw new Error('no purely failing control on day 0');
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('history-e2e-'));
  sandbox = await startSandbox(SANDBOX);
  denied = sandbox.memberAccounts[0]!;
  store = new FileStore(path.join(dir, 'store'));
  await generateKeyFile(path.join(dir, 'signing.key'));
  catalog = await loadCatalog();
  runs.d0 = await runOn(0, 6);
  picked = { excepted: purelyFailing(runs.d0.results), attested: catalog.byId.get(FW)!.controls.find((c) => c.manual)!.id };
  // Both lapse after 2026-11-02 (day 1): in date on day 1, expired on day 2.
  await fs.writeFile(
    path.join(dir, 'exceptions.yaml'),
    `exceptions:\n  - id: RISK-SOON\n    control: ${picked.excepted}\n    reason: Accepted until the fix ships.\n    approver: Dana Whitfield (CISO)\n    expires: 2026-11-02\n`,
  );
  const att = path.join(dir, 'attestations');
  await fs.mkdir(att, { recursive: true });
  await fs.writeFile(
    path.join(att, 'a.yaml'),
    `framework: ${FW}\ncontrol: ${picked.attested}\nstatement: Reviewed.\nattester: Sam Lee\ndate: 2026-10-01\nvalidUntil: 2026-11-02\n`,
  );
  acceptance = await loadAcceptance({ exceptions: path.join(dir, 'exceptions.yaml'), attestations: att }, catalog);
  runs.d1 = await runOn(1, 6, { acceptance });
  runs.d2fault = await runOn(2, 6, { acceptance, deny: denied });
  runs.d2 = await runOn(2, 7, { acceptance });
}, 300_000);

afterAll(async () => {
  await sandbox?.close();
  await cleanup?.();
});

type Verdicts = Map<string, string>;

/** Region-scoped Config rules per (check, account, region): resource → compliance, from the truth (deployed rules only when withItems is false). */
function truthTargets(truth: SandboxTruth, regional: Set<string>, withItems = true): Map<string, Verdicts> {
  const out = new Map<string, Verdicts>();
  for (const account of truth.accounts) {
    for (const region of truth.regions) {
      for (const rule of truth.configRules[account]![region]!) {
        const check = `config:${rule.SourceIdentifier}`;
        if (!regional.has(check)) continue;
        const k = `${check}|${account}|${region}`;
        const m = out.get(k) ?? new Map<string, string>();
        for (const r of rule.results) m.set(`${r.resourceType}|${r.resourceId}`, r.compliance);
        out.set(k, m);
      }
    }
  }
  // Rules the sandbox does not deploy are judged from recorded configuration items, which carry
  // the sandbox's verdict as itemVerdict reads it.
  if (!withItems) return out;
  const org = new OrgModel({ seed: SANDBOX.seed, regions: truth.regions, accounts: SANDBOX.accounts, resources: SANDBOX.resources });
  for (const sid of Object.keys(ITEM_RULES)) {
    const check = `config:${sid}`;
    if (!regional.has(check)) continue;
    for (const account of truth.accounts) {
      for (const region of truth.regions) {
        if (truth.configRules[account]![region]!.some((r) => r.SourceIdentifier === sid)) continue;
        const kinds = itemKinds(sid).map((kind) => ({ kind, type: Object.keys(ITEM_TYPES).find((t) => ITEM_TYPES[t] === kind)! })).filter(({ type }) => isRecorded(org, account, region, type));
        if (kinds.length === 0) continue;
        const m = new Map<string, string>();
        for (const { kind, type } of kinds) {
          for (let i = 0; i < org.count(kind, account, region); i += 1) {
            const res = org.resource(kind, account, region, i);
            m.set(`${type}|${res.id}`, itemVerdict(org, sid, account, region, res, truth.day));
          }
        }
        out.set(`${check}|${account}|${region}`, m);
      }
    }
  }
  return out;
}

/** What changed per resource between two days, by the truth alone. */
function truthChanges(a: SandboxTruth, b: SandboxTruth, regional: Set<string>): string[] {
  const ta = truthTargets(a, regional);
  const tb = truthTargets(b, regional);
  const out: string[] = [];
  for (const k of new Set([...ta.keys(), ...tb.keys()])) {
    const x = ta.get(k) ?? new Map<string, string>();
    const y = tb.get(k) ?? new Map<string, string>();
    for (const [res, to] of y) {
      const from = x.get(res);
      if (from === undefined) out.push(`${k}|${res}|added`);
      else if (from !== to) out.push(`${k}|${res}|${to === 'NON_COMPLIANT' ? 'became-non-compliant' : from === 'NON_COMPLIANT' && to === 'COMPLIANT' ? 'became-compliant' : 'changed'}`);
    }
    for (const res of x.keys()) if (!y.has(res)) out.push(`${k}|${res}|removed`);
  }
  return out.sort();
}

function diffChanges(d: RunDiff, regional: Set<string>): string[] {
  return d.checks
    .filter((c) => regional.has(c.check))
    .flatMap((c) => c.targets.flatMap((t) => t.resources.map((r) => `${c.check}|${t.account}|${t.region}|${r.resourceType}|${r.resourceId}|${r.kind}`)))
    .sort();
}

const regionalConfigChecks = (r: RunResults): Set<string> => new Set(r.checks.filter((c) => c.kind === 'config-rule' && c.scope === 'region').map((c) => c.id));

describe('diff', () => {
  it('finds exactly the resource changes the sandbox truth has between day 0 and day 1', async () => {
    const d = await diffRuns(store, runs.d0.runId, runs.d1.runId, { catalog });
    const regional = regionalConfigChecks(runs.d1.results);
    const want = truthChanges(sandbox.truth(0), sandbox.truth(1), regional);
    expect(want.filter((w) => w.endsWith('became-non-compliant')).length).toBeGreaterThan(0);
    expect(want.filter((w) => w.endsWith('became-compliant')).length).toBeGreaterThan(0);
    expect(diffChanges(d, regional)).toEqual(want);
    // The demo's sandbox check: rules AWS Config evaluates compared, item-judged ones counted apart.
    const check = checkDiffAgainstTruth(d, sandbox.truth(0), sandbox.truth(1), regional);
    expect({ missing: check.missing, unexpected: check.unexpected }).toEqual({ missing: [], unexpected: [] });
    const deployed = new Set([0, 1].flatMap((day) => [...truthTargets(sandbox.truth(day), regional, false).keys()]));
    expect(check.fromItems).toBe(want.filter((w) => !deployed.has(w.split('|').slice(0, 3).join('|'))).length);
    expect(check.fromItems).toBeGreaterThan(0);
    expect(d.a.runId).toBe(runs.d0.runId);
    expect(d.b.keySource).toBe('store');
    expect(d.totals.becameNonCompliant).toBe(d.checks.reduce((n, c) => n + c.becameNonCompliant, 0));
    // every check with a change names the controls that use it
    for (const c of d.checks) expect(c.controls.length, c.check).toBeGreaterThan(0);
  });

  it('lists control status changes regressions first, each as the two runs have it', async () => {
    const d = await diffRuns(store, runs.d1.runId, runs.d2.runId, { catalog });
    for (const fw of d.frameworks) {
      const a = new Map(runs.d1.results.frameworks.find((f) => f.id === fw.id)!.controls.map((c) => [c.id, c.status]));
      const b = new Map(runs.d2.results.frameworks.find((f) => f.id === fw.id)!.controls.map((c) => [c.id, c.status]));
      const changed = [...b].filter(([id, s]) => a.get(id) !== s).map(([id]) => id).sort();
      expect(fw.changes.map((c) => c.control).sort()).toEqual(changed);
      for (const c of fw.changes) expect([c.from, c.to]).toEqual([a.get(c.control), b.get(c.control)]);
      const kinds = fw.changes.map((c) => c.kind);
      const firstOther = kinds.findIndex((k) => k !== 'regression');
      if (firstOther >= 0) expect(kinds.slice(firstOther)).not.toContain('regression');
    }
  });

  it('reports the exception and the attestation that lapsed between day 1 and day 2, and their controls as regressions', async () => {
    const d = await diffRuns(store, runs.d1.runId, runs.d2.runId, { framework: FW, catalog });
    expect(d.frameworks.map((f) => f.id)).toEqual([FW]);
    const fw = d.frameworks[0]!;
    expect(fw.expiredExceptions).toEqual([expect.objectContaining({ id: 'RISK-SOON', control: picked.excepted, expires: '2026-11-02', statusB: 'FAIL' })]);
    expect(fw.expiredAttestations).toEqual([expect.objectContaining({ control: picked.attested, validUntil: '2026-11-02', statusB: 'MANUAL' })]);
    expect(fw.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ control: picked.excepted, from: 'EXCEPTION', to: 'FAIL', kind: 'regression' }),
        expect.objectContaining({ control: picked.attested, from: 'ATTESTED', to: 'MANUAL', kind: 'regression' }),
      ]),
    );
    expect(fw.changes[0]!.kind).toBe('regression');
    // --framework keeps only that framework's checks
    const used = new Set(catalog.byId.get(FW)!.controls.flatMap((c) => c.checks));
    for (const c of d.checks) expect(used.has(c.check), c.check).toBe(true);
    expect(d.totals.expiredExceptions).toBe(1);
  });

  it('reads an injected fault as coverage lost, never as fixes or removed resources', async () => {
    const d = await diffRuns(store, runs.d1.runId, runs.d2fault.runId, { catalog });
    expect(runs.d2fault.status).toBe('partial');
    const deniedTargets = d.checks.flatMap((c) => c.targets).filter((t) => t.account === denied);
    expect(deniedTargets.length).toBeGreaterThan(0);
    for (const t of deniedTargets) {
      expect(t.statusB, `${t.check} ${t.region}`).toBe('ERROR');
      expect(t.resources, `${t.check} ${t.region}`).toEqual([]);
    }
    expect(deniedTargets.filter((t) => t.coverage === 'lost').length).toBe(d.totals.targetsCoverageLost);
    expect(d.totals.targetsCoverageLost).toBeGreaterThan(0);
    const all = d.frameworks.flatMap((f) => f.changes);
    const toBlind = all.filter((c) => c.to === 'ERROR' || c.to === 'NO_EVIDENCE');
    expect(toBlind.length).toBeGreaterThan(0);
    for (const c of toBlind) expect(c.kind, `${c.framework} ${c.control} ${c.from}→${c.to}`).toBe(c.from === 'ERROR' || c.from === 'NO_EVIDENCE' ? 'other' : 'coverage-loss');
    expect(all.filter((c) => c.kind === 'fix').every((c) => c.to === 'PASS')).toBe(true);
    // The clean run after it regains what the fault hid.
    const back = await diffRuns(store, 'previous', 'latest', { catalog });
    expect([back.a.runId, back.b.runId]).toEqual([runs.d2fault.runId, runs.d2.runId]);
    expect(back.totals.targetsCoverageRegained).toBe(d.totals.targetsCoverageLost);
  });

  it('reads resources.ndjson and the results.json fallback the same way', async () => {
    const ring = new KeyRing(store);
    const m = await verifiedManifest(store, runs.d1.runId, ring);
    const results = await readTrustedResults(store, m.manifest);
    const streamed: CheckTarget[] = [];
    for await (const t of readCheckTargets(store, m.manifest, results)) streamed.push(t);
    expect(streamed.length).toBe(results.resources!.lines);
    // An older run keeps full lists in results.json and has no resources.ndjson.
    const full: RunResults = {
      ...results,
      checks: results.checks.map((c) => ({ ...c, targets: c.targets.map((t) => ({ ...t, results: streamed.find((s) => s.check === c.id && s.account === t.account && s.region === t.region)!.results })) })),
    };
    const legacy = { ...m.manifest, objects: m.manifest.objects.filter((o) => o.key !== keys.resources(runs.d1.runId)) };
    const fallback: CheckTarget[] = [];
    for await (const t of readCheckTargets(store, legacy, full)) fallback.push(t);
    const shape = (x: typeof streamed): string[] => x.map((t) => `${t.check}|${t.account}|${t.region}|${t.status}|${t.results.length}`);
    expect(shape(fallback)).toEqual(shape(streamed));
  });
});

describe('trend', () => {
  it('gives per framework and day the controls by status of the last complete run of the day', async () => {
    const t = await computeTrend(store, { since: '2026-11-01', until: new Date('2026-11-03T23:59:59Z') });
    expect(t.frameworks.map((f) => f.id)).toEqual([...FRAMEWORKS].sort());
    for (const fw of t.frameworks) {
      expect(fw.points.map((p) => p.day)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
      expect(fw.points.map((p) => p.runId)).toEqual([runs.d0.runId, runs.d1.runId, runs.d2.runId]);
      for (const p of fw.points) {
        const run = Object.values(runs).find((r) => r.runId === p.runId)!;
        const byStatus = run.results.frameworks.find((f) => f.id === fw.id)!.byStatus;
        expect(p.byStatus).toEqual(byStatus);
        const s = p.byStatus;
        expect(p.passRate).toBeCloseTo(s.PASS / (s.PASS + s.FAIL + s.EXCEPTION + s.NO_EVIDENCE + s.ERROR), 12);
        expect(p.total).toBe(CONTROL_STATUSES.reduce((n, k) => n + s[k], 0));
        expect(p.partial).toBe(false);
      }
    }
    expect(t.skipped).toEqual([expect.objectContaining({ runId: runs.d2fault.runId, status: 'superseded' })]);
    expect(t.runsRead).toBe(4);
  });

  it('counts a partial run when it is the only run of its day, marked partial', async () => {
    const t = await computeTrend(store, { since: '2026-11-03', until: new Date('2026-11-03T06:30:00Z'), framework: FW });
    expect(t.frameworks).toHaveLength(1);
    expect(t.frameworks[0]!.points).toEqual([expect.objectContaining({ runId: runs.d2fault.runId, partial: true, runStatus: 'partial' })]);
    expect(t.frameworks[0]!.points[0]!.byStatus.ERROR).toBeGreaterThan(0);
  });

  it('draws a self-contained SVG and exports the plain series', async () => {
    const t = await computeTrend(store, { since: '3d', until: new Date('2026-11-03T12:00:00Z') });
    const series = trendSeries(t, FW);
    expect(series.days).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(series.byStatus.PASS).toEqual(t.frameworks.find((f) => f.id === FW)!.points.map((p) => p.byStatus.PASS));
    const svg = trendSvg(t, FW);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toMatch(/<script|href=|url\(/);
    expect(svg.match(/<circle /g)?.length).toBe(3);
    expect(() => trendSeries(t, 'nope')).toThrow(/no framework nope/);
  });

  it('rejects a bad --since and an unknown framework with their value named', async () => {
    await expect(computeTrend(store, { since: 'last week' })).rejects.toThrow(/--since .*"last week"/);
    await expect(computeTrend(store, { since: '2026-02-30' })).rejects.toThrow(/--since/);
    await expect(computeTrend(store, { since: '2026-11-01', until: new Date('2026-11-04T00:00:00Z'), framework: 'nope' })).rejects.toThrow(/framework nope/);
  });
});

describe('as-of', () => {
  it('picks the last complete verified run finished by the end of the given day', async () => {
    expect((await runAsOf(store, parseAsOf('2026-11-02'))).runId).toBe(runs.d1.runId);
    expect((await runAsOf(store, parseAsOf('2026-11-03'))).runId).toBe(runs.d2.runId);
    expect((await runAsOf(store, parseAsOf('2026-11-01T12:00:00+02:00'))).runId).toBe(runs.d0.runId);
    // a run counts once it has finished: day 0's run started at 06:00:00 and took seconds
    await expect(runAsOf(store, parseAsOf('2026-11-01T06:00:00Z'))).rejects.toThrow(/finished at 2026-11-01T06:00:\d\d\.\d+Z, after 2026-11-01T06:00:00.000Z/);
  });

  it('passes over a partial run, saying why', async () => {
    const c = await runAsOf(store, parseAsOf('2026-11-03T06:30:00Z'));
    expect(c.runId).toBe(runs.d1.runId);
    expect(c.passedOver).toEqual([{ runId: runs.d2fault.runId, reason: expect.stringMatching(/^partial run/) }]);
  });

  it('says clearly when no run qualifies, and rejects a time without a zone', async () => {
    await expect(runAsOf(store, parseAsOf('2026-10-31'))).rejects.toThrow(AsOfError);
    await expect(runAsOf(store, parseAsOf('2026-10-31'))).rejects.toThrow(/no complete, verified run .* at or before 2026-10-31T23:59:59.999Z/);
    expect(() => parseAsOf('2026-10-31T10:00:00')).toThrow(/zone/);
    expect(() => parseAsOf('31/10/2026')).toThrow(/"31\/10\/2026"/);
  });
});

describe('a tampered run', () => {
  let copy: FileStore;
  beforeAll(async () => {
    await fs.cp(path.join(dir, 'store'), path.join(dir, 'tampered'), { recursive: true });
    copy = new FileStore(path.join(dir, 'tampered'));
    // A new version of day 1's manifest claiming one fewer failure: the signature no longer matches.
    const { bytes } = await readManifest(copy, runs.d1.runId);
    const edited = Buffer.from(bytes).toString('utf8').replace(/"FAIL": (\d+)/, (_, n: string) => `"FAIL": ${Number(n) - 1}`);
    expect(edited).not.toBe(Buffer.from(bytes).toString('utf8'));
    await copy.put(keys.manifest(runs.d1.runId), Buffer.from(edited));
  });

  it('is refused by diff, naming the run', async () => {
    await expect(diffRuns(copy, runs.d0.runId, runs.d1.runId, { catalog })).rejects.toThrow(HistorySourceError);
    await expect(diffRuns(copy, runs.d1.runId, runs.d2.runId, { catalog })).rejects.toThrow(new RegExp(`run ${runs.d1.runId} does not verify`));
    // the untouched runs still diff
    expect((await diffRuns(copy, runs.d0.runId, runs.d2.runId, { catalog })).b.runId).toBe(runs.d2.runId);
  });

  it('is left out of the trend and listed, and passed over by as-of', async () => {
    const t = await computeTrend(copy, { since: '2026-11-01', until: new Date('2026-11-03T23:59:59Z'), framework: FW });
    expect(t.frameworks[0]!.points.map((p) => p.day)).toEqual(['2026-11-01', '2026-11-03']);
    expect(t.skipped).toEqual(expect.arrayContaining([expect.objectContaining({ runId: runs.d1.runId, status: 'unverified' })]));
    const c = await runAsOf(copy, parseAsOf('2026-11-02'));
    expect(c.runId).toBe(runs.d0.runId);
    expect(c.passedOver[0]).toMatchObject({ runId: runs.d1.runId, reason: expect.stringMatching(/does not verify/) });
  });
});

function evidence(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' }, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('the CLI', () => {
  const storeUrl = (): string => `file://${path.join(dir, 'store')}`;

  it('diff prints JSON equal to the library result, and text with regressions and lapsed exceptions', async () => {
    const json = evidence(['diff', runs.d1.runId, runs.d2.runId, '--store', storeUrl(), '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(await diffRuns(store, runs.d1.runId, runs.d2.runId, { catalog }))));
    const text = evidence(['diff', runs.d1.runId, runs.d2.runId, '--store', storeUrl(), '--framework', FW, '--fail-on-regression']);
    expect(text.code, text.stderr).toBe(2);
    expect(text.stdout).toMatch(new RegExp(`REGRESSION +${picked.excepted.replace(/\./g, '\\.')} +EXCEPTION → FAIL`));
    expect(text.stdout).toContain('EXCEPTION EXPIRED');
    expect(text.stdout).toContain('ATTESTATION EXPIRED');
    expect(text.stdout).toContain('Both manifests verified with the public key kept in the store');
  });

  it('diff writes HTML and PDF files', async () => {
    const html = evidence(['diff', runs.d0.runId, runs.d1.runId, '--store', storeUrl(), '--format', 'html', '--out', 'out/diff.html']);
    expect(html.code, html.stderr).toBe(0);
    const page = await fs.readFile(path.join(dir, 'out/diff.html'), 'utf8');
    expect(page).toContain(runs.d0.runId);
    expect(page).not.toMatch(/<script|src=/);
    const first = (await diffRuns(store, runs.d0.runId, runs.d1.runId, { catalog })).checks[0]!;
    expect(page).toContain(first.check);
    const pdf = evidence(['diff', runs.d0.runId, runs.d1.runId, '--store', storeUrl(), '--format', 'pdf', '--out', 'out/diff.pdf']);
    expect(pdf.code, pdf.stderr).toBe(0);
    const text = spawnSync('pdftotext', [path.join(dir, 'out/diff.pdf'), '-'], { encoding: 'utf8' });
    if (text.status === null) return; // poppler-utils absent: the file was still written
    expect(text.stdout).toContain(first.check);
    expect(evidence(['diff', 'latest', 'previous', '--store', storeUrl(), '--format', 'pdf']).stderr).toContain('--format pdf needs --out FILE');
  });

  it('trend writes CSV, one row per framework and day', () => {
    const r = evidence(['trend', '--store', storeUrl(), '--since', '2026-11-01', '--until', '2026-11-03', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\r\n');
    expect(rows[0]).toMatch(/^framework,version,day,run_id,run_status,pass,fail,/);
    expect(rows.slice(1).map((x) => x.split(',').slice(0, 4).filter((_, i) => i !== 1).join(','))).toEqual(
      [...FRAMEWORKS].sort().flatMap((f) => [`${f},2026-11-01,${runs.d0.runId}`, `${f},2026-11-02,${runs.d1.runId}`, `${f},2026-11-03,${runs.d2.runId}`]),
    );
  });

  it('report --as-of builds the reports from the run of that day', async () => {
    const r = evidence(['report', '--store', storeUrl(), '--as-of', '2026-11-02', '--key', 'signing.key', '--framework', FW, '--format', 'json', '--out', 'asof']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`run ${runs.d1.runId}`);
    expect(r.stdout).toContain(`Reports for run ${runs.d1.runId}`);
    const none = evidence(['report', '--store', storeUrl(), '--as-of', '2026-10-31', '--key', 'signing.key', '--out', 'asof2']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no complete, verified run/);
  });

  it('diff refuses a tampered run with exit 1', () => {
    const r = evidence(['diff', runs.d0.runId, runs.d1.runId, '--store', `file://${path.join(dir, 'tampered')}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`run ${runs.d1.runId} does not verify`);
  });
});
