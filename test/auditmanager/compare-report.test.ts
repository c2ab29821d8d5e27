// The Audit Manager comparison as part of a run, end to end against the sandbox: with compare on,
// the run collects the assessments (and nothing else more), and its JSON and HTML reports, and
// `evidence report` from the stored run, show the table compareWithAuditManager gives for the
// stored dataset; with it off, Audit Manager is not called and no table appears. A push's ledger
// is not an orphan to `verify --orphans`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetAssessmentCommand, ListAssessmentsCommand } from '@aws-sdk/client-auditmanager';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { simulatedNow } from '../../src/sandbox/org.ts';
import { AwsClients } from '../../src/collect/clients.ts';
import { loadCatalog, type Catalog } from '../../src/catalog/load.ts';
import { FileStore } from '../../src/store/file.ts';
import { generateKeyFile } from '../../src/sign/signer.ts';
import type { RunOutcome } from '../../src/run/run.ts';
import { readManifest } from '../../src/store/manifest.ts';
import { compareWithAuditManager } from '../../src/auditmanager/compare.ts';
import { AUDIT_MANAGER_DATASET, loadCompareMapping, readRunAssessments } from '../../src/auditmanager/run-compare.ts';
import { pushRun } from '../../src/auditmanager/push.ts';
import { ledgerKey } from '../../src/auditmanager/ledger.ts';
import { findOrphans } from '../../src/sign/verify-run.ts';
import { buildPolicy } from '../../src/run/policy.ts';
import { collectorFor } from '../../src/collect/collectors/index.ts';
import { REPORT_VIEW_SCHEMA_FILE } from '../../src/report/json.ts';
import type { AuditManagerAssessment } from '../../src/domain/datasets.ts';
import type { ReportViewModel } from '../../src/report/types.ts';
import { NO_QUOTAS, UNPACED, runOnSandbox, tempDir } from '../helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));
const FW = 'soc2';
const AM_ACTIONS = collectorFor(AUDIT_MANAGER_DATASET).permissions;

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as new (opts: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null } };
const schema = JSON.parse(await fs.readFile(fileURLToPath(new URL(`../../${REPORT_VIEW_SCHEMA_FILE}`, import.meta.url)), 'utf8')) as object;
const validate = new Ajv({ allErrors: true }).compile(schema);

let sb: RunningSandbox;
let dir: string;
let cleanup: () => Promise<void>;
let store: FileStore;
let catalog: Catalog;
let clients: AwsClients;
let keyFile: string;

const amCalls = async (): Promise<number> => {
  const stats = (await (await fetch(`${sb.url}/_sandbox/stats`)).json()) as { requests: Record<string, number> };
  return Object.entries(stats.requests).filter(([op]) => op.startsWith('auditmanager.')).reduce((n, [, v]) => n + v, 0);
};

const run = (compare: boolean, reportsOut: string): Promise<RunOutcome> =>
  runOnSandbox(sb, { store, catalog, dir, clients, frameworks: [catalog.byId.get(FW)!], reportsOut, formats: ['json', 'html'], extraDatasets: compare ? [AUDIT_MANAGER_DATASET] : undefined, rateLimits: UNPACED });

const readJson = async <T>(file: string): Promise<T> => JSON.parse(await fs.readFile(file, 'utf8')) as T;

/** The CLI as a child process; asynchronous, since the sandbox answers from this process. */
const cli = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('evidence-am-compare-'));
  sb = await startSandbox({ port: 0, seed: 23, accounts: 1, resources: 40, faults: NO_QUOTAS });
  store = new FileStore(path.join(dir, 'store'));
  catalog = await loadCatalog([], undefined, { cache: null });
  keyFile = path.join(dir, 'signing.key');
  await generateKeyFile(keyFile);
  clients = new AwsClients({ endpoint: sb.url, credentials: sb.credentials, maxAttempts: 3, now: () => new Date(simulatedNow(0)) });
}, 60_000);

afterAll(async () => {
  clients?.destroy();
  await sb?.close();
  await cleanup?.();
});

describe('a run with the Audit Manager comparison on', () => {
  let outcome: RunOutcome;
  let assessments: AuditManagerAssessment[];
  let json: ReportViewModel;
  let html: string;

  beforeAll(async () => {
    outcome = await run(true, path.join(dir, 'reports-on'));
    const reportDir = path.join(dir, 'reports-on', outcome.runId);
    json = await readJson<ReportViewModel>(path.join(reportDir, `${FW}.json`));
    html = await fs.readFile(path.join(reportDir, `${FW}.html`), 'utf8');
  }, 120_000);

  it('collects the assessments in every account-region and pins them in the manifest, as the sandbox holds them', async () => {
    const refs = outcome.results.evidence.filter((e) => e.key.endsWith(`/${AUDIT_MANAGER_DATASET}.json`));
    const expected = [sb.accountId, ...sb.memberAccounts].flatMap((a) => sb.regions.map((r) => `evidence/${a}/${r}/${AUDIT_MANAGER_DATASET}.json`)).sort();
    expect(refs.map((e) => e.key).sort()).toEqual(expected);
    const { manifest } = await readManifest(store, outcome.runId);
    for (const ref of refs) expect(manifest.objects).toContainEqual(expect.objectContaining({ key: ref.key, versionId: ref.versionId, sha256: ref.sha256 }));
    const collections = outcome.results.coverage.collections.filter((c) => c.collector === AUDIT_MANAGER_DATASET);
    expect(collections).toHaveLength(expected.length);
    expect(collections.every((c) => c.status === 'collected')).toBe(true);
    // read independently of the report code: every stored object's data is the sandbox's truth
    assessments = [];
    for (const ref of refs) {
      const [, account, region] = ref.key.split('/');
      const body = JSON.parse(Buffer.from(await store.get(ref.key, ref.versionId)).toString('utf8')) as { data: { assessments: AuditManagerAssessment[] } };
      expect(body.data).toEqual(sb.truth(0).datasets[account!]![region!]![AUDIT_MANAGER_DATASET]);
      assessments.push(...body.data.assessments);
    }
    expect(assessments.length).toBeGreaterThan(0);
    expect(await readRunAssessments(store, outcome.results)).toEqual(assessments);
  });

  it('refuses an assessments object whose stored bytes are not the ones the run pins', async () => {
    const ref = outcome.results.evidence.find((e) => e.key.endsWith(`/${AUDIT_MANAGER_DATASET}.json`))!;
    const pinned = 'f'.repeat(64);
    const forged = { ...outcome.results, evidence: outcome.results.evidence.map((e) => (e === ref ? { ...e, sha256: pinned } : e)) };
    await expect(readRunAssessments(store, forged)).rejects.toThrow(`${ref.key} version ${ref.versionId} has sha256 ${ref.sha256}, but run ${outcome.runId} pins ${pinned}`);
  });

  it('the JSON report\'s coverage holds the rows compareWithAuditManager gives for the stored dataset, valid against the schema', async () => {
    const want = compareWithAuditManager(outcome.results, catalog.byId.get(FW)!, assessments);
    expect(json.coverage.auditManager).toEqual(want);
    // the one assessment of SOC 2 in the sandbox: the active one, with its five controls
    const am = clients.auditmanager(sb.regions[0]!);
    const activeId = (await am.send(new ListAssessmentsCommand({ status: 'ACTIVE' }))).assessmentMetadata![0]!.id!;
    const a = (await am.send(new GetAssessmentCommand({ assessmentId: activeId }))).assessment!;
    expect(json.coverage.auditManager!.map((x) => x.assessmentId)).toEqual([activeId]);
    const rows = json.coverage.auditManager![0]!.rows;
    expect(rows.map((r) => r.control)).toEqual(['CC6.1', 'CC6.2', 'CC6.3', 'CC7.1', 'CC7.2']);
    const statuses = new Map(outcome.results.frameworks[0]!.controls.map((c) => [c.id, c.status]));
    for (const r of rows) {
      const theirs = a.framework!.controlSets!.find((s) => s.id === r.controlSet)!.controls!.find((c) => c.name === r.theirs)!;
      expect(r.evidence, r.control).toBe(theirs.evidenceCount);
      expect(r.status, r.control).toBe(statuses.get(r.control));
    }
    const counts = json.coverage.auditManager![0]!.counts;
    expect(counts.agree + counts.disagree + counts.gap + counts.notComparable).toBe(rows.length);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    // and the schema holds the new rows to their shape
    expect(validate({ ...json, coverage: { ...json.coverage, auditManager: [{ ...json.coverage.auditManager![0]!, extra: 1 }] } })).toBe(false);
    expect(validate({ ...json, coverage: { ...json.coverage, auditManager: [{ ...json.coverage.auditManager![0]!, rows: [{ ...rows[0]!, verdict: 'maybe' }] }] } })).toBe(false);
  });

  it('the HTML report shows the table, a row per matched control', () => {
    const cmp = json.coverage.auditManager![0]!;
    expect(html).toContain(`<h3>AWS Audit Manager: ${cmp.assessmentName}</h3>`);
    expect(html).toContain(`${cmp.counts.agree} control(s) agree, ${cmp.counts.disagree} disagree`);
    const table = html.slice(html.indexOf('<table class="auditmanager">'), html.indexOf('</table>', html.indexOf('<table class="auditmanager">')));
    expect(table.match(/<tr class="am-/g)).toHaveLength(cmp.rows.length);
    for (const r of cmp.rows) {
      expect(table).toContain(`<th scope="row"><code>${r.control}</code></th>`);
      expect(table).toContain(`<bdi>${r.theirs}</bdi></td><td class="num">${r.evidence}</td><td class="num">${r.latestComplianceCheckIssues} of ${r.latestComplianceChecks}</td>`);
    }
  });

  it('`evidence report` from the stored run shows the same comparison, with the config\'s mapping applied', async () => {
    const cwd = path.join(dir, 'cli-report');
    await fs.mkdir(cwd, { recursive: true });
    const plain = await cli(['report', '--store', store.url, '--run', outcome.runId, '--key', keyFile, '--format', 'json,html', '--out', path.join(cwd, 'plain')], cwd);
    expect(plain.stderr).toBe('');
    expect(plain.status).toBe(0);
    const again = await readJson<ReportViewModel>(path.join(cwd, 'plain', `${FW}.json`));
    expect(again.coverage.auditManager).toEqual(json.coverage.auditManager);
    expect(await fs.readFile(path.join(cwd, 'plain', `${FW}.html`), 'utf8')).toContain('<table class="auditmanager">');

    // A mapping names a pair the names do not: our CC7.3 stands for "CC7.2 Anomaly detection".
    await fs.writeFile(path.join(cwd, 'map.yaml'), 'framework: soc2\ncontrols:\n  - ours: CC7.3\n    theirs: CC7.2 Anomaly detection\n');
    await fs.writeFile(path.join(cwd, 'evidence.config.yaml'), 'auditManager:\n  mapping: map.yaml\n');
    const mapped = await cli(['report', '--store', store.url, '--run', outcome.runId, '--key', keyFile, '--format', 'json', '--out', path.join(cwd, 'mapped')], cwd);
    expect(mapped.stderr).toBe('');
    expect(mapped.status).toBe(0);
    const withMapping = await readJson<ReportViewModel>(path.join(cwd, 'mapped', `${FW}.json`));
    const mapping = await loadCompareMapping(path.join(cwd, 'map.yaml'), [catalog.byId.get(FW)!]);
    // the mapping is for the SOC 2 assessment; the account's CIS assessment matches no soc2 control either way
    const soc2 = assessments.filter((a) => a.id === json.coverage.auditManager![0]!.assessmentId);
    expect(withMapping.coverage.auditManager).toEqual(compareWithAuditManager(outcome.results, catalog.byId.get(FW)!, soc2, mapping.mapping));
    expect(withMapping.coverage.auditManager![0]!.rows.map((r) => `${r.control}=${r.theirs}`)).toEqual([
      'CC7.3=CC7.2 Anomaly detection',
      'CC6.1=CC6.1 Logical access security',
      'CC6.2=CC6.2 User registration',
      'CC6.3=CC6.3 Access removal',
      'CC7.1=CC7.1 Configuration monitoring',
    ]);

    // A mapping naming a control soc2 lacks is refused, naming the file and entry.
    await fs.writeFile(path.join(cwd, 'map.yaml'), 'framework: soc2\ncontrols:\n  - ours: CC99.9\n    theirs: CC7.2 Anomaly detection\n');
    const bad = await cli(['report', '--store', store.url, '--run', outcome.runId, '--key', keyFile, '--format', 'json', '--out', path.join(cwd, 'bad')], cwd);
    expect(bad.status).toBe(78);
    expect(bad.stderr).toContain(`${path.join(cwd, 'map.yaml')}: controls.0.ours: soc2 has no control "CC99.9"`);
  }, 60_000);
});

describe('a run without the comparison', () => {
  it('calls no Audit Manager operation, stores no assessments and shows no table', async () => {
    const before = await amCalls();
    const outcome = await run(false, path.join(dir, 'reports-off'));
    expect(await amCalls()).toBe(before);
    expect(outcome.results.evidence.some((e) => e.key.includes(AUDIT_MANAGER_DATASET))).toBe(false);
    expect(outcome.results.coverage.collections.some((c) => c.collector === AUDIT_MANAGER_DATASET)).toBe(false);
    const reportDir = path.join(dir, 'reports-off', outcome.runId);
    const vm = await readJson<ReportViewModel>(path.join(reportDir, `${FW}.json`));
    expect('auditManager' in vm.coverage).toBe(false);
    expect(validate(vm)).toBe(true);
    expect(await fs.readFile(path.join(reportDir, `${FW}.html`), 'utf8')).not.toContain('AWS Audit Manager');
  }, 120_000);
});

describe('evidence policy', () => {
  it('grants the collector\'s Audit Manager read actions only when the comparison is on', async () => {
    const checks = catalog.byId.get(FW)!.controls.flatMap((c) => c.checks).map((id) => catalog.checks.get(id)!);
    const off = buildPolicy(checks).Statement[0]!.Action;
    const on = buildPolicy(checks, { extraDatasets: [AUDIT_MANAGER_DATASET] }).Statement[0]!.Action;
    expect(AM_ACTIONS.some((a) => off.includes(a))).toBe(false);
    expect(on).toEqual([...new Set([...off, ...AM_ACTIONS])].sort());

    const cwd = path.join(dir, 'cli-policy');
    await fs.mkdir(cwd, { recursive: true });
    const actions = async (args: string[]): Promise<string[]> => {
      const r = await cli(['policy', '-f', FW, ...args], cwd);
      expect(r.stderr).toBe('');
      return (JSON.parse(r.stdout) as { Statement: { Action: string[] }[] }).Statement[0]!.Action;
    };
    expect(await actions([])).toEqual(off);
    expect(await actions(['--auditmanager-compare'])).toEqual(on);
    await fs.writeFile(path.join(cwd, 'evidence.config.yaml'), 'auditManager:\n  compare: true\n');
    expect(await actions([])).toEqual(on);
  }, 60_000);
});

describe('evidence run --auditmanager-compare', () => {
  it('collects the assessments and writes the comparison, with the config\'s mapping', async () => {
    const cwd = path.join(dir, 'cli-run');
    await fs.mkdir(cwd, { recursive: true });
    await fs.writeFile(path.join(cwd, 'map.yaml'), 'controls:\n  - ours: CC7.3\n    theirs: CC7.2 Anomaly detection\n');
    await fs.writeFile(path.join(cwd, 'evidence.config.yaml'), 'reports:\n  formats: [json]\nauditManager:\n  mapping: map.yaml\n');
    const r = await cli(['run', '--sandbox', '--seed', '23', '--sandbox-accounts', '1', '--resources', '20', '-f', FW, '--auditmanager-compare', '--store', `file://${path.join(cwd, 'store')}`, '--key', path.join(cwd, 'k.key'), '--create-key', '--out', path.join(cwd, 'reports'), '--json'], cwd);
    expect(r.stderr).toBe('');
    expect([0, 2]).toContain(r.status);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { runId: string; reports: string[] };
    const vm = await readJson<ReportViewModel>(out.reports.find((f) => f.endsWith(`${FW}.json`))!);
    const rows = vm.coverage.auditManager![0]!.rows;
    expect(rows[0]).toMatchObject({ control: 'CC7.3', theirs: 'CC7.2 Anomaly detection' });
    expect(rows.map((x) => x.control)).toEqual(['CC7.3', 'CC6.1', 'CC6.2', 'CC6.3', 'CC7.1']);
    expect(vm.coverage.collections.filter((c) => c.collector === AUDIT_MANAGER_DATASET).every((c) => c.status === 'collected')).toBe(true);
  }, 120_000);
});

describe('verify --orphans after a push', () => {
  it('does not list the push ledger, which is no run\'s object', async () => {
    const { runId } = await run(false, path.join(dir, 'reports-push'));
    const { manifest, sha256 } = await readManifest(store, runId);
    const results = JSON.parse(Buffer.from(await store.get(manifest.results.key, manifest.results.versionId)).toString('utf8')) as Parameters<typeof pushRun>[0]['results'];
    const am = clients.auditmanager(sb.regions[0]!);
    const assessmentId = (await am.send(new ListAssessmentsCommand({ status: 'ACTIVE' }))).assessmentMetadata![0]!.id!;
    const pushed = await pushRun({ client: am, store, assessmentId, results, manifestSha256: sha256, storeUrl: store.url, frameworks: [catalog.byId.get(FW)!], now: () => new Date(simulatedNow(0)) });
    expect(pushed.totals.imported).toBeGreaterThan(0);
    // the ledger is in the store (its versions are what the scan would have named)
    const ledgerVersions = (await store.listAllVersions('auditmanager/')).filter((v) => v.key === ledgerKey(assessmentId));
    expect(ledgerVersions.length).toBeGreaterThan(0);

    const report = await findOrphans(store);
    expect(report.orphans.filter((o) => o.key.startsWith('auditmanager/'))).toEqual([]);
    expect(report.orphans).toEqual([]);

    const cwd = path.join(dir, 'cli-verify');
    await fs.mkdir(cwd, { recursive: true });
    const v = await cli(['verify', '--store', store.url, '--orphans', '--json'], cwd);
    expect(v.stderr).toBe('');
    const out = JSON.parse(v.stdout.trim().split('\n').at(-1)!) as { orphans: { orphans: { key: string }[]; versionsScanned: number } };
    expect(out.orphans.orphans).toEqual([]);
    expect(out.orphans.versionsScanned).toBe(report.versionsScanned);
  }, 120_000);
});
