// The monthly review pack end to end: real runs against the sandbox across November 2026 (one in
// October before it, one in December after it; one with an account denied; one whose stored
// results are altered afterwards), an exception that lapses mid-month and one that stays open.
// The pack's summary is checked against `evidence trend`, `evidence diff` and the sandbox truth;
// the pack verifies with the tool and with the README's OpenSSL script, and both fail, naming the
// file, once a byte inside is changed, a file is removed or a file is added.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZipArchive } from 'archiver';
import yauzl from 'yauzl';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox, type SandboxTruth } from '../../src/sandbox/index.ts';
import { simulatedNow } from '../../src/sandbox/org.ts';
import { loadCatalog, type Catalog } from '../../src/catalog/load.ts';
import { FileStore } from '../../src/store/file.ts';
import { generateKeyFile, type LocalSigner } from '../../src/sign/signer.ts';
import type { ReportFormat, RunOutcome } from '../../src/run/run.ts';
import { loadAcceptance, type AcceptanceInput } from '../../src/evaluate/acceptance.ts';
import { readManifest } from '../../src/store/manifest.ts';
import type { RunResults } from '../../src/domain/results.ts';
import { computeTrend } from '../../src/history/trend.ts';
import { diffRuns } from '../../src/history/diff.ts';
import { writePack, type PackOutcome } from '../../src/run/pack.ts';
import type { PackMetadata } from '../../src/history/pack-metadata.ts';
import { parseMonth, PackInputError } from '../../src/history/pack-month.ts';
import { verifyPack } from '../../src/history/pack-verify.ts';
import { SCRIPT_END, SCRIPT_START } from '../../src/history/pack-readme.ts';
import { fingerprintOf } from '../../src/sign/signer.ts';
import { formatPassRate } from '../../src/report/html.ts';
import { KmsSigner } from '../../src/sign/kms.ts';
import { makeKmsKey, startMoto } from '../store/moto.ts';
import { NO_QUOTAS, UNPACED, runOnSandbox, tempDir } from '../helpers.ts';
import { describeExternal, itExternal } from '../external.ts';

const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));
const FRAMEWORKS = ['aws-baseline', 'soc2'];
const FW = 'aws-baseline';
const MONTH = parseMonth('2026-11');

let sandbox: RunningSandbox;
let dir: string;
let cleanup: () => Promise<void>;
let store: FileStore;
let catalog: Catalog;
let signer: LocalSigner;
let pem: string;
let denied: string;
let picked: { mid: string; long: string };
let pack: PackOutcome;
let meta: PackMetadata;
const runs: Record<'oct' | 'n02' | 'n09' | 'n16fault' | 'n23tampered' | 'n30' | 'dec', RunOutcome> = {} as never;

/** A run on sandbox day `day`, started at `at` (UTC) as far as the run's ids and times go. */
async function runOn(day: number, at: string, opts: { acceptance?: AcceptanceInput; deny?: string; formats?: ReportFormat[] } = {}): Promise<RunOutcome> {
  sandbox.setDay(day);
  sandbox.setFaults(opts.deny ? { ...NO_QUOTAS, deny: [{ accounts: [opts.deny] }] } : NO_QUOTAS);
  const base = Date.parse(at);
  // The clock starts at the run's first reading, so the run starts at exactly `base`.
  let t0: number | undefined;
  return runOnSandbox(sandbox, {
    store,
    catalog,
    dir,
    signer,
    clients: { now: () => new Date(simulatedNow(day)) },
    frameworks: FRAMEWORKS.map((id) => catalog.byId.get(id)!),
    formats: opts.formats ?? ['html'],
    now: () => new Date(base + (Date.now() - (t0 ??= Date.now()))),
    acceptance: opts.acceptance,
    rateLimits: UNPACED,
  });
}

/** FAIL controls of FW whose targets are all judged (an exception makes them EXCEPTION). */
function purelyFailing(r: RunResults): string[] {
  const checks = new Map(r.checks.map((c) => [c.id, c]));
  const status = new Map(r.frameworks.find((f) => f.id === FW)!.controls.map((c) => [c.id, c.status]));
  return catalog.byId
    .get(FW)!
    .controls.filter((c) => status.get(c.id) === 'FAIL')
    .filter((c) => {
      const targets = c.checks.flatMap((id) => checks.get(id)?.targets ?? []);
      return targets.length > 0 && targets.every((t) => t.status === 'FAIL' || t.status === 'PASS');
    })
    .map((c) => c.id);
}

function evidence(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' }, timeout: 180_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Every file of a zip, read with yauzl. */
async function unzip(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  const out = new Map<string, Buffer>();
  try {
    for await (const e of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const c of await zip.openReadStreamPromise(e)) chunks.push(c as Buffer);
      out.set(e.fileName, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return out;
}

async function writeZip(file: string, files: Map<string, Buffer>): Promise<void> {
  const archive = new ZipArchive();
  const done = fs.open(file, 'w').then(async (h) => {
    const out = h.createWriteStream();
    archive.pipe(out);
    await new Promise<void>((resolve, reject) => {
      out.on('close', resolve);
      archive.on('error', reject);
    });
  });
  for (const [name, bytes] of files) archive.append(bytes, { name });
  await archive.finalize();
  await done;
}

async function extract(files: Map<string, Buffer>, to: string): Promise<void> {
  for (const [name, bytes] of files) {
    await fs.mkdir(path.dirname(path.join(to, name)), { recursive: true });
    await fs.writeFile(path.join(to, name), bytes);
  }
}

/** Runs the README's OpenSSL script in an unpacked pack. */
function offlineCheck(folder: string, readme: string): { code: number; stdout: string } {
  const script = readme.slice(readme.indexOf(SCRIPT_START) + '```sh\n'.length, readme.indexOf(SCRIPT_END));
  const r = spawnSync('sh', ['-c', script], { cwd: folder, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout + r.stderr };
}

/** Rewrites the pack with `change` applied to its files, and keeps the original zip signature beside it. */
async function tampered(name: string, change: (files: Map<string, Buffer>) => void): Promise<{ zip: string; files: Map<string, Buffer> }> {
  const files = await unzip(pack.zip);
  change(files);
  const zip = path.join(dir, `${name}.zip`);
  await writeZip(zip, files);
  await fs.copyFile(pack.signature, `${zip}.sig`);
  return { zip, files };
}

type Verdicts = Map<string, string>;

/** Region-scoped Config rule verdicts per (check, account, region), from the truth. */
function truthTargets(truth: SandboxTruth, checks: Set<string>): Map<string, Verdicts> {
  const out = new Map<string, Verdicts>();
  for (const account of truth.accounts) {
    for (const region of truth.regions) {
      for (const rule of truth.configRules[account]![region]!) {
        const check = `config:${rule.SourceIdentifier}`;
        if (!checks.has(check)) continue;
        const m = out.get(`${check}|${account}|${region}`) ?? new Map<string, string>();
        for (const r of rule.results) m.set(`${r.resourceType}|${r.resourceId}`, r.compliance);
        out.set(`${check}|${account}|${region}`, m);
      }
    }
  }
  return out;
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('pack-e2e-'));
  sandbox = await startSandbox({ port: 0, seed: 7, accounts: 1, resources: 60, faults: NO_QUOTAS });
  denied = sandbox.memberAccounts[0]!;
  store = new FileStore(path.join(dir, 'store'));
  signer = await generateKeyFile(path.join(dir, 'signing.key'));
  pem = signer.publicKeyPem();
  await fs.writeFile(path.join(dir, 'signer.pem'), pem);
  catalog = await loadCatalog();
  runs.oct = await runOn(0, '2026-10-31T06:00:00Z');
  const failing = purelyFailing(runs.oct.results);
  picked = { mid: failing[0]!, long: failing[1]! };
  await fs.writeFile(
    path.join(dir, 'exceptions.yaml'),
    `exceptions:
  - id: RISK-MID
    control: ${picked.mid}
    reason: Accepted until the fix ships.
    approver: Dana Whitfield (CISO)
    expires: 2026-11-10
  - id: RISK-LONG
    control: ${picked.long}
    reason: Compensating control until the migration.
    approver: Dana Whitfield (CISO)
    expires: 2026-12-31
`,
  );
  const acceptance = await loadAcceptance({ exceptions: path.join(dir, 'exceptions.yaml') }, catalog);
  runs.n02 = await runOn(1, '2026-11-02T06:00:00Z', { acceptance });
  runs.n09 = await runOn(8, '2026-11-09T06:00:00Z', { acceptance });
  runs.n16fault = await runOn(15, '2026-11-16T06:00:00Z', { acceptance, deny: denied });
  runs.n23tampered = await runOn(22, '2026-11-23T06:00:00Z', { acceptance });
  runs.n30 = await runOn(29, '2026-11-30T06:00:00Z', { acceptance, formats: ['html', 'pdf'] });
  runs.dec = await runOn(30, '2026-12-01T06:00:00Z', { acceptance });

  // Someone edits the stored results of the 23rd after the fact (its manifest still verifies).
  const { manifest } = await readManifest(store, runs.n23tampered.runId);
  const file = path.join(dir, 'store', ...manifest.results.key.split('/'), `~${manifest.results.versionId}`);
  await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace('"FAIL"', '"PASS"'));

  pack = await writePack({
    store,
    signer,
    month: MONTH,
    outDir: path.join(dir, 'packs'),
    publicKeyPem: pem,
    catalog,
    formats: ['html'],
    failingResourceCap: 5,
    organization: 'Acme Corp',
    now: () => new Date('2026-12-02T08:00:00Z'),
  });
  meta = JSON.parse((await unzip(pack.zip)).get('pack.json')!.toString('utf8')) as PackMetadata;
}, 600_000);

afterAll(async () => {
  await sandbox?.close();
  await cleanup?.();
});

describe('evidence pack: what goes in', () => {
  it('includes the month\'s verified runs, excludes the altered one with the reason, and leaves October and December out', () => {
    expect(runs.n16fault.status).toBe('partial');
    expect(pack.included).toEqual([runs.n02.runId, runs.n09.runId, runs.n16fault.runId, runs.n30.runId]);
    expect(pack.excluded).toEqual([{ runId: runs.n23tampered.runId, status: 'complete', reason: expect.stringMatching(/^failed verification: changed-object: runs\/\S+\/results\.json version \S+ has sha256 [0-9a-f]{64}, manifest of run \S+ says [0-9a-f]{64}$/) }]);
    expect(pack.reportsRunId).toBe(runs.n30.runId);
    expect(meta.chainAnchor).toMatchObject({ runId: runs.oct.runId });
    expect(path.basename(pack.zip)).toBe('evidence-pack-2026-11.zip');
  });

  it('holds exactly the documented files', async () => {
    const names = [...(await unzip(pack.zip)).keys()].sort();
    const keyFile = `keys/${signer.keyId.replace(':', '-')}.pem`;
    const want = [
      'README.md',
      'SHA256SUMS',
      'SHA256SUMS.sig',
      'evidence-index.csv',
      keyFile,
      'pack.json',
      ...FRAMEWORKS.flatMap((f) => [`reports/${f}.html`, `reports/${f}.html.sig`, `reports/${f}.pdf`, `reports/${f}.pdf.sig`]),
      ...pack.included.flatMap((r) => [`runs/${r}/manifest.json`, `runs/${r}/manifest.json.sig`, `runs/${r}/results.json`]),
      'summary.pdf',
    ].sort();
    expect(names).toEqual(want);
    expect(meta.reports).toMatchObject({ runId: runs.n30.runId, source: 'store' });
  });

  it('indexes every evidence object the included manifests pin, once per version, with the runs that pin it', async () => {
    const csv = (await unzip(pack.zip)).get('evidence-index.csv')!.toString('utf8').trim().split('\r\n');
    expect(csv[0]).toBe('key,version_id,sha256,size,collected_at,run_ids');
    const rows = csv.slice(1).map((l) => l.split(','));
    const want = new Map<string, string[]>();
    for (const r of pack.included) {
      for (const o of (await readManifest(store, r)).manifest.objects) want.set(`${o.key}|${o.versionId}|${o.sha256}`, [...(want.get(`${o.key}|${o.versionId}|${o.sha256}`) ?? []), r]);
    }
    expect(new Map(rows.map((x) => [`${x[0]}|${x[1]}|${x[2]}`, x[5]!.split(' ')]))).toEqual(want);
    // unchanged evidence is pinned by several runs: one row, several run ids
    expect(rows.some((x) => x[5]!.split(' ').length === pack.included.length)).toBe(true);
  });
});

describe('evidence pack: the summary', () => {
  it('has each framework\'s trend as `evidence trend` has it, without the excluded run\'s day', async () => {
    const trend = await computeTrend(store, { since: '2026-11-01', until: new Date('2026-11-30T23:59:59.999Z'), publicKeyPem: pem });
    for (const fw of FRAMEWORKS) {
      const theirs = trend.frameworks.find((f) => f.id === fw)!.points.filter((p) => p.runId !== runs.n23tampered.runId);
      const ours = pack.summary.frameworks.find((f) => f.id === fw)!.trend;
      expect(ours.map((d) => ({ day: d.day, runId: d.runId, partial: d.partial, byStatus: d.byStatus, passRate: d.passRate }))).toEqual(
        theirs.map((p) => ({ day: p.day, runId: p.runId, partial: p.partial, byStatus: p.byStatus, passRate: p.passRate })),
      );
      expect(ours.map((d) => d.day)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-30']);
    }
  });

  it('has the controls that changed between the first and last complete run as `evidence diff` reads them', async () => {
    const d = await diffRuns(store, runs.n02.runId, runs.n30.runId, { catalog, publicKeyPem: pem });
    for (const fw of pack.summary.frameworks) {
      expect(fw.changes!.controls.map(({ title: _t, ...c }) => c)).toEqual(d.frameworks.find((f) => f.id === fw.id)!.changes);
      expect(fw.changes).toMatchObject({ fromRunId: runs.n02.runId, toRunId: runs.n30.runId });
    }
    const base = pack.summary.frameworks.find((f) => f.id === FW)!.changes!;
    expect(base.controls.length).toBeGreaterThan(0);
    expect(base.controls).toEqual(expect.arrayContaining([expect.objectContaining({ control: picked.mid, from: 'EXCEPTION', kind: 'regression', to: 'FAIL' })]));
    expect(base.expiredExceptions).toEqual([expect.objectContaining({ id: 'RISK-MID', expires: '2026-11-10' })]);
  });

  it('counts the resources that changed per Config rule exactly as the sandbox truth has them between day 1 and day 29', () => {
    const base = pack.summary.frameworks.find((f) => f.id === FW)!.changes!;
    const regional = new Set(runs.n30.results.checks.filter((c) => c.kind === 'config-rule' && c.scope === 'region').map((c) => c.id));
    const usedByFw = new Set(catalog.byId.get(FW)!.controls.flatMap((c) => c.checks));
    const a = truthTargets(sandbox.truth(1), regional);
    const b = truthTargets(sandbox.truth(29), regional);
    const want = new Map<string, { nc: number; c: number }>();
    for (const [k, after] of b) {
      const check = k.split('|')[0]!;
      if (!usedByFw.has(check)) continue;
      for (const [res, to] of after) {
        const from = a.get(k)?.get(res);
        if (from === undefined || from === to) continue;
        const w = want.get(check) ?? { nc: 0, c: 0 };
        if (to === 'NON_COMPLIANT') w.nc += 1;
        else if (from === 'NON_COMPLIANT' && to === 'COMPLIANT') w.c += 1;
        want.set(check, w);
      }
    }
    const got = new Map(base.checks.filter((c) => regional.has(c.check)).map((c) => [c.check, { nc: c.becameNonCompliant, c: c.becameCompliant }]));
    for (const [k, v] of want) if (v.nc + v.c === 0) want.delete(k);
    expect([...want.values()].some((v) => v.nc > 0)).toBe(true);
    expect(got).toEqual(want);
  });

  it('lists the open exception with its expiry and the one that lapsed this month, and the denied account\'s failed collections', () => {
    const ex = pack.summary.exceptions.filter((e) => e.framework === FW);
    expect(ex).toEqual([
      expect.objectContaining({ id: 'RISK-MID', control: picked.mid, state: 'expired', expires: '2026-11-10', expiredDuringMonth: true }),
      expect.objectContaining({ id: 'RISK-LONG', control: picked.long, state: 'active', expires: '2026-12-31', daysLeft: 31, expiredDuringMonth: false }),
    ]);
    const failed = pack.summary.coverage.failedCollections;
    expect(failed.length).toBe(runs.n16fault.results.coverage.collections.filter((c) => c.status === 'failed').length);
    expect(failed.every((c) => c.runId === runs.n16fault.runId && c.account === denied)).toBe(true);
  });

  itExternal('says all of it in summary.pdf (pdftotext)', async () => {
    const pdf = path.join(dir, 'summary.pdf');
    await fs.writeFile(pdf, (await unzip(pack.zip)).get('summary.pdf')!);
    const r = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    if (r.error) throw new Error(`pdftotext is required (apt-get install poppler-utils): ${r.error.message}`);
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Monthly review pack');
    expect(text).toContain('November 2026 · Acme Corp');
    for (const fw of pack.summary.frameworks) {
      for (const d of fw.trend) expect(text).toContain(`${d.day} ${d.runId}`);
      for (const d of fw.trend) expect(text).toContain(formatPassRate(d.passRate));
      for (const c of fw.changes!.controls.slice(0, 60)) expect(text).toContain(c.control);
    }
    expect(text).toContain(`${runs.n23tampered.runId} complete EXCLUDED`);
    expect(text).toContain('changed-object');
    expect(text).toMatch(/RISK-LONG .*open, 31 day\(s\) left/);
    expect(text).toContain('expired this month');
    expect(text).toContain(denied);
    // Every rule not deployed is named (grouped by where it is missing; names may wrap mid-word).
    const dense = r.stdout.replace(/\s+/g, '');
    const missing = pack.summary.coverage.rulesNotDeployed;
    expect(missing.length).toBeGreaterThan(0);
    for (const m of missing) expect(dense).toContain(m.sourceIdentifier);
  });
});

describe('evidence pack: verification', () => {
  it('verifies with the tool (pinned key), including the zip\'s own signature', async () => {
    const v = await verifyPack(pack.zip, { publicKeyPem: pem });
    expect(v.problems).toEqual([]);
    expect(v).toMatchObject({ ok: true, month: '2026-11', runs: 4, reports: 4, keySource: 'pinned', zipSignature: 'verified' });
  });

  itExternal('verifies with OpenSSL alone: the README\'s script, and the zip\'s signature', async () => {
    const files = await unzip(pack.zip);
    const folder = path.join(dir, 'unpacked');
    await extract(files, folder);
    const readme = files.get('README.md')!.toString('utf8');
    const r = offlineCheck(folder, readme);
    expect(r.stdout).toContain('PACK VERIFIED');
    expect(r.code).toBe(0);
    const sig = JSON.parse(await fs.readFile(pack.signature, 'utf8')) as { signature: string };
    await fs.writeFile(path.join(dir, 'zip.sig.bin'), Buffer.from(sig.signature, 'base64'));
    const z = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', path.join(dir, 'signer.pem'), '-rawin', '-in', pack.zip, '-sigfile', path.join(dir, 'zip.sig.bin')], { encoding: 'utf8' });
    expect(z.stdout).toContain('Signature Verified Successfully');
  });

  it('fails verification, naming the file, when one byte inside is changed', async () => {
    const name = `reports/${FW}.html`;
    const t = await tampered('changed', (files) => {
      const b = Buffer.from(files.get(name)!);
      b[100] = b[100]! ^ 1;
      files.set(name, b);
    });
    const v = await verifyPack(t.zip, { publicKeyPem: pem });
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'changed-file', file: name }),
        expect.objectContaining({ kind: 'bad-signature', file: name }),
        expect.objectContaining({ kind: 'bad-signature', file: 'changed.zip' }),
      ]),
    );
  });

  itExternal('fails the README\'s OpenSSL script as well, naming the changed file', async () => {
    const name = `reports/${FW}.html`;
    const files = await unzip(path.join(dir, 'changed.zip'));
    const folder = path.join(dir, 'unpacked-changed');
    await extract(files, folder);
    const r = offlineCheck(folder, files.get('README.md')!.toString('utf8'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`PACK VERIFICATION FAILED: changed file: ${name}`);
  });

  itExternal('fails both ways on a missing file and on an extra file', async () => {
    const missing = await tampered('missing', (files) => files.delete('evidence-index.csv'));
    expect((await verifyPack(missing.zip, { publicKeyPem: pem })).problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'missing-file', file: 'evidence-index.csv', message: 'evidence-index.csv is listed in SHA256SUMS but missing from the pack' })]),
    );
    await extract(missing.files, path.join(dir, 'unpacked-missing'));
    const m = offlineCheck(path.join(dir, 'unpacked-missing'), missing.files.get('README.md')!.toString('utf8'));
    expect([m.code, m.stdout]).toEqual([1, expect.stringContaining('missing file: evidence-index.csv')]);

    const extra = await tampered('extra', (files) => files.set('notes.txt', Buffer.from('added later\n')));
    const v = await verifyPack(extra.zip, { publicKeyPem: pem });
    expect(v.problems).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'extra-file', file: 'notes.txt' })]));
    await extract(extra.files, path.join(dir, 'unpacked-extra'));
    const e = offlineCheck(path.join(dir, 'unpacked-extra'), extra.files.get('README.md')!.toString('utf8'));
    expect([e.code, e.stdout]).toEqual([1, expect.stringContaining('file not listed in SHA256SUMS: notes.txt')]);
  });

  it('refuses a pack signed by another key than the pinned one', async () => {
    const other = await generateKeyFile(path.join(dir, 'other.key'));
    const v = await verifyPack(pack.zip, { publicKeyPem: other.publicKeyPem() });
    expect(v.ok).toBe(false);
    expect(v.problems[0]).toMatchObject({ kind: 'unknown-key', file: 'pack.json' });
  });
});

describe('evidence pack: with the raw evidence (--with-evidence)', () => {
  let full: PackOutcome;
  let files: Map<string, Buffer>;
  let carried: NonNullable<PackMetadata['evidence']>;
  beforeAll(async () => {
    full = await writePack({
      store,
      signer,
      month: MONTH,
      outDir: path.join(dir, 'packs-evidence'),
      publicKeyPem: pem,
      catalog,
      formats: ['html'],
      failingResourceCap: 5,
      withEvidence: true,
      now: () => new Date('2026-12-02T08:00:00Z'),
    });
    files = await unzip(full.zip);
    carried = (JSON.parse(files.get('pack.json')!.toString('utf8')) as PackMetadata).evidence!;
  }, 600_000);

  it('carries every object the index lists, at the pinned digest, and verifies', async () => {
    const index = files.get('evidence-index.csv')!.toString('utf8').trim().split('\r\n').slice(1).map((l) => l.split(','));
    expect(carried).toHaveLength(index.length);
    expect(carried.map((e) => `${e.key}|${e.versionId}|${e.sha256}`).sort()).toEqual(index.map((x) => `${x[0]}|${x[1]}|${x[2]}`).sort());
    for (const e of carried) expect(createHash('sha256').update(files.get(e.file)!).digest('hex'), e.file).toBe(e.sha256);
    expect([...files.keys()].filter((f) => f.startsWith('evidence/'))).toHaveLength(carried.length);
    const v = await verifyPack(full.zip, { publicKeyPem: pem });
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
  });

  it('names a changed evidence entry against the digest the manifests pin, even with SHA256SUMS rewritten to match', async () => {
    const target = carried.find((e) => e.key.endsWith('.json') && e.size > 10)!;
    const changed = new Map(files);
    const b = Buffer.from(changed.get(target.file)!);
    b[5] = b[5]! ^ 1;
    changed.set(target.file, b);
    const digest = createHash('sha256').update(b).digest('hex');
    changed.set('SHA256SUMS', Buffer.from(changed.get('SHA256SUMS')!.toString('utf8').replace(`${target.sha256}  ${target.file}`, `${digest}  ${target.file}`)));
    const zip = path.join(dir, 'evidence-changed.zip');
    await writeZip(zip, changed);
    const v = await verifyPack(zip, { publicKeyPem: pem });
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'changed-file', file: target.file, message: expect.stringContaining(`the manifests pin ${target.key} version ${target.versionId} at ${target.sha256}`) }),
        expect.objectContaining({ kind: 'bad-signature', file: 'SHA256SUMS' }),
      ]),
    );
  });

  it('refuses an evidence entry pack.json does not list', async () => {
    const extra = new Map(files);
    extra.set('evidence/planted.json', Buffer.from('{}'));
    const zip = path.join(dir, 'evidence-extra.zip');
    await writeZip(zip, extra);
    const v = await verifyPack(zip, { publicKeyPem: pem });
    expect(v.problems).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'extra-file', file: 'evidence/planted.json', message: expect.stringContaining("not listed in pack.json's evidence") })]));
  });

  itExternal('ends summary.pdf with the reviewer sign-off page', async () => {
    const pdf = path.join(dir, 'summary-signoff.pdf');
    await fs.writeFile(pdf, files.get('summary.pdf')!);
    const r = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    if (r.error) throw new Error(`pdftotext is required (apt-get install poppler-utils): ${r.error.message}`);
    const last = r.stdout.split('\f').filter((p) => p.trim()).at(-1)!.replace(/\s+/g, ' ');
    expect(last).toContain('Reviewer sign-off');
    for (const field of ['Reviewer name', 'Role', 'Date of review', 'Decision', 'Accepted', 'Accepted with findings', 'Rejected', 'Signature']) expect(last).toContain(field);
    expect(last).toContain('November 2026');
  });
});

describe('evidence pack (CLI)', () => {
  const common = (): string[] => ['--store', `file://${path.join(dir, 'store')}`, '--key', path.join(dir, 'signing.key'), '--config', path.join(dir, 'none.yaml')];
  beforeAll(() => fs.writeFile(path.join(dir, 'none.yaml'), 'organization: { name: Acme Corp }\nreports: { formats: [html] }\n'));

  it('writes the pack, prints its path first, and `evidence pack verify` accepts it', async () => {
    const out = path.join(dir, 'cli-packs');
    const r = evidence(['pack', ...common(), '--month', '2026-11', '--out', out, '--public-key', path.join(dir, 'signer.pem')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(path.join(out, 'evidence-pack-2026-11.zip'));
    expect(r.stdout).toContain(`${runs.n23tampered.runId} (complete): failed verification: changed-object`);
    const v = evidence(['pack', 'verify', path.join(out, 'evidence-pack-2026-11.zip'), '--public-key', path.join(dir, 'signer.pem')]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('zip signature: verified');
    expect(v.stdout).toContain(`signer key pinned by --public-key: sha256 ${fingerprintOf(pem)}`);
    expect(v.stdout.trim().split('\n').at(-1)).toBe('verified');
  });

  it('`pack verify` exits 1 naming the changed file; `pack` exits 1 for a month without a complete run or a bad month', async () => {
    const v = evidence(['pack', 'verify', path.join(dir, 'changed.zip'), '--json']);
    expect(v.code).toBe(1);
    expect(JSON.parse(v.stdout).problems).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'changed-file', file: `reports/${FW}.html` })]));
    const empty = evidence(['pack', ...common(), '--month', '2026-09', '--out', path.join(dir, 'x'), '--json']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('no complete, verified run in 2026-09');
    const bad = evidence(['pack', ...common(), '--month', '2026-13']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('--month must be a calendar month as YYYY-MM (e.g. 2026-11), got "2026-13"');
  });

  it('packs a month with a single complete run (nothing to compare) and refuses a month without one', async () => {
    await expect(writePack({ store, signer, month: parseMonth('2026-10'), outDir: path.join(dir, 'y'), catalog, formats: ['html'], failingResourceCap: 5 })).resolves.toMatchObject({ included: [runs.oct.runId] });
    const p = writePack({ store, signer, month: parseMonth('2027-01'), outDir: path.join(dir, 'y'), catalog, formats: ['html'], failingResourceCap: 5 });
    await expect(p).rejects.toThrow(PackInputError);
    await expect(p).rejects.toThrow('no complete, verified run in 2027-01 in file://');
  });
});

describeExternal('evidence pack signed with AWS KMS (moto): ECDSA P-256', () => {
  it('verifies with the tool and with the README\'s OpenSSL commands for ECDSA, manifests still Ed25519', async () => {
    const moto = await startMoto();
    try {
      const kms = await KmsSigner.create(moto.kms, await makeKmsKey(moto.kms, 'sign'));
      const out = await writePack({ store, signer: kms, month: MONTH, outDir: path.join(dir, 'kms-packs'), publicKeyPem: pem, catalog, formats: ['html'], failingResourceCap: 5 });
      const v = await verifyPack(out.zip, { publicKeyPem: kms.publicKeyPem() });
      expect(v.problems).toEqual([]);
      expect(v.zipSignature).toBe('verified');
      const files = await unzip(out.zip);
      expect([...files.keys()].filter((n) => n.startsWith('keys/')).sort()).toEqual([`keys/${kms.keyId.replace(':', '-')}.pem`, `keys/${signer.keyId.replace(':', '-')}.pem`].sort());
      const readme = files.get('README.md')!.toString('utf8');
      expect(readme).toContain(`openssl dgst -sha256 -verify keys/${kms.keyId.replace(':', '-')}.pem -signature SHA256SUMS.sig SHA256SUMS`);
      await extract(files, path.join(dir, 'unpacked-kms'));
      const r = offlineCheck(path.join(dir, 'unpacked-kms'), readme);
      expect([r.code, r.stdout]).toEqual([0, expect.stringContaining('PACK VERIFIED')]);
      const sig = JSON.parse(await fs.readFile(out.signature, 'utf8')) as { signature: string; algorithm: string };
      expect(sig.algorithm).toBe('ECDSA_P256_SHA256');
      await fs.writeFile(path.join(dir, 'kms.pem'), kms.publicKeyPem());
      await fs.writeFile(path.join(dir, 'zip.sig.der'), Buffer.from(sig.signature, 'base64'));
      const z = spawnSync('openssl', ['dgst', '-sha256', '-verify', path.join(dir, 'kms.pem'), '-signature', path.join(dir, 'zip.sig.der'), out.zip], { encoding: 'utf8' });
      expect(z.stdout).toContain('Verified OK');
    } finally {
      await moto.stop();
    }
  }, 120_000);
});
