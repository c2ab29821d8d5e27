// OSCAL assessment results and POA&M, OCSF compliance findings, from sandbox runs: every
// framework's documents validate against the official NIST OSCAL schemas and the OCSF class
// attributes; reading a document back finds every control and status of the run; evidence links
// name stored objects whose bytes hash to the sha256 given; exceptions become deviation-approved
// risks and POA&M milestones; the files are signed and kept in the store like the other formats.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { loadCatalog, type Catalog } from '../../src/catalog/load.ts';
import { FileStore } from '../../src/store/file.ts';
import { generateKeyFile, parseEnvelope, verifyEnvelope } from '../../src/sign/signer.ts';
import type { RunOutcome } from '../../src/run/run.ts';
import { loadAcceptance } from '../../src/evaluate/acceptance.ts';
import type { ControlResult, RunResults } from '../../src/domain/results.ts';
import { oscalControlId } from '../../src/report/oscal-common.ts';
import { parseReportFormats, REPORT_EXTENSIONS } from '../../src/run/reports.ts';
import { ocsfProblems, validateAssessmentPlan, validateAssessmentResults, validatePoam } from '../fixtures/oscal-validate.ts';
import { NO_QUOTAS, UNPACED, runOnSandbox, tempDir, withFullResults } from '../helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));
const FORMATS = ['oscal-ar', 'oscal-poam', 'ocsf'] as const;
const BASELINE = 'aws-baseline';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let sandbox: RunningSandbox;
let dir: string;
let cleanup: () => Promise<void>;
let store: FileStore;
let catalog: Catalog;
let all: RunOutcome;
let accepted: RunOutcome;
let picked: { excepted: string; attested: string };

const reportDir = (o: RunOutcome): string => path.join(dir, 'reports', o.results.runId);
const file = (o: RunOutcome, fw: string, format: (typeof FORMATS)[number]): string => path.join(reportDir(o), `${fw}.${REPORT_EXTENSIONS[format]}`);
const readJson = async (p: string): Promise<Json> => JSON.parse(await fs.readFile(p, 'utf8')) as Json;
const readLines = async (p: string): Promise<Json[]> =>
  (await fs.readFile(p, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Json);
const controlsOf = (r: RunResults, fw: string): ControlResult[] => r.frameworks.find((f) => f.id === fw)!.controls;
const propOf = (o: { props?: { name: string; value: string }[] }, name: string): string | undefined => o.props?.find((p) => p.name === name)?.value;

/** What the run told its progress display about the reports: written, total, file. */
const progress: [number, number, string][] = [];

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('oscal-'));
  sandbox = await startSandbox({ port: 0, seed: 11, accounts: 1, faults: NO_QUOTAS });
  store = new FileStore(path.join(dir, 'store'));
  await generateKeyFile(path.join(dir, 'signing.key'));
  catalog = await loadCatalog();
  all = await runOnSandbox(sandbox, { store, catalog, dir, formats: [...FORMATS], organization: 'Acme Corp', rateLimits: UNPACED, onReport: (n, total, f) => progress.push([n, total, f]) });

  // A second run of the baseline with an exception on a failing control and an attestation.
  const fw = catalog.byId.get(BASELINE)!;
  const controls = new Map(controlsOf(all.results, BASELINE).map((c) => [c.id, c]));
  const excepted = fw.controls.find((c) => controls.get(c.id)?.status === 'FAIL')!.id;
  const attested = fw.controls.find((c) => c.manual)!.id;
  picked = { excepted, attested };
  await fs.writeFile(
    path.join(dir, 'exceptions.yaml'),
    `exceptions:\n  - id: RISK-ALL\n    control: ${excepted}\n    reason: Compensating control until the migration completes.\n    approver: Dana Whitfield (CISO)\n    expires: 2099-12-31\n`,
  );
  const att = path.join(dir, 'attestations');
  await fs.mkdir(att, { recursive: true });
  await fs.writeFile(path.join(att, 'minutes.pdf'), '%PDF-1.4\n% review minutes\n');
  await fs.writeFile(
    path.join(att, 'a.yaml'),
    `framework: ${BASELINE}\ncontrol: ${attested}\nstatement: Reviewed.\nattester: Sam Lee\ndate: 2020-01-01\nvalidUntil: 2099-01-01\ndocument: minutes.pdf\n`,
  );
  const acceptance = await loadAcceptance({ exceptions: path.join(dir, 'exceptions.yaml'), attestations: att }, catalog);
  accepted = await runOnSandbox(sandbox, { store, catalog, dir, frameworks: [fw], formats: [...FORMATS], acceptance, rateLimits: UNPACED });
}, 300_000);

afterAll(async () => {
  await sandbox?.close();
  await cleanup?.();
});

describe('OSCAL documents of every framework', () => {
  it('validate against the NIST OSCAL 1.1.1 assessment-results, POA&M and (embedded) assessment-plan schemas', async () => {
    expect(catalog.frameworks.map((f) => f.id).sort()).toEqual(['aws-baseline', 'hipaa-security', 'iso27001-2022', 'nist-800-53-r5', 'pci-dss-4.0', 'soc2']);
    for (const o of [all, accepted]) {
      for (const fw of o.results.frameworks) {
        const ar = await readJson(file(o, fw.id, 'oscal-ar'));
        expect(validateAssessmentResults(ar), `${fw.id} assessment results`).toEqual([]);
        expect(validatePoam(await readJson(file(o, fw.id, 'oscal-poam'))), `${fw.id} POA&M`).toEqual([]);
        const href = ar['assessment-results']['import-ap'].href as string;
        const plan = (ar['assessment-results']['back-matter'].resources as Json[]).find((r) => `#${r.uuid}` === href)!;
        const ap = JSON.parse(Buffer.from(plan.base64.value as string, 'base64').toString('utf8')) as Json;
        expect(validateAssessmentPlan(ap), `${fw.id} assessment plan`).toEqual([]);
      }
    }
  });

  it('the schemas reject a document with a status outside OSCAL\'s vocabulary or a missing field', async () => {
    const ar = await readJson(file(all, BASELINE, 'oscal-ar'));
    const bad = structuredClone(ar);
    bad['assessment-results'].results[0].findings[0].target.status.state = 'PASS';
    expect(validateAssessmentResults(bad).length).toBeGreaterThan(0);
    const missing = structuredClone(ar);
    delete missing['assessment-results']['import-ap'];
    expect(validateAssessmentResults(missing).length).toBeGreaterThan(0);
  });

  it('read back, name every control of the run with its status, and review every control of the framework', async () => {
    const expected = { PASS: 'satisfied', ATTESTED: 'satisfied', FAIL: 'not-satisfied', EXCEPTION: 'not-satisfied', MANUAL: 'not-satisfied', NO_EVIDENCE: 'not-satisfied', ERROR: 'not-satisfied' };
    for (const o of [all, accepted]) {
      for (const fw of o.results.frameworks) {
        const result = (await readJson(file(o, fw.id, 'oscal-ar')))['assessment-results'].results[0] as Json;
        const findings = new Map((result.findings as Json[]).map((f) => [propOf(f.target, 'label'), f]));
        expect(findings.size).toBe(fw.controls.length);
        for (const c of fw.controls) {
          const f = findings.get(c.id)!;
          expect(f, c.id).toBeDefined();
          expect(propOf(f, 'control-status')).toBe(c.status);
          expect(f.target.status.state).toBe(expected[c.status]);
          expect(f.target['target-id']).toBe(oscalControlId(fw.id, c.id));
          expect(Boolean(f['related-risks'])).toBe(c.status === 'FAIL' || c.status === 'EXCEPTION');
          if (c.status === 'FAIL') expect(f['related-observations'].length, c.id).toBeGreaterThan(0);
        }
        const reviewed = (result['reviewed-controls']['control-selections'][0]['include-controls'] as Json[]).map((x) => x['control-id'] as string);
        expect(reviewed).toEqual(catalog.byId.get(fw.id)!.controls.map((c) => oscalControlId(fw.id, c.id)));
        expect(new Set(reviewed).size).toBe(reviewed.length);
      }
    }
  });

  it('write NIST SP 800-53 control ids as NIST\'s OSCAL catalog does, and keep other frameworks\' ids', async () => {
    expect(oscalControlId('nist-800-53-r5', 'AC-2(1)')).toBe('ac-2.1');
    expect(oscalControlId('nist-800-53-r5', 'SI-4(22)')).toBe('si-4.22');
    expect(oscalControlId('soc2', 'CC6.1')).toBe('CC6.1');
    expect(oscalControlId('pci-dss-4.0', '8.1.1')).toBe('pci-dss-4.0_8.1.1');
    expect(oscalControlId('hipaa-security', '164.308(a)(1)(ii)(A)')).toBe('hipaa-security_164.308.a.1.ii.A');
    const result = (await readJson(file(all, 'nist-800-53-r5', 'oscal-ar')))['assessment-results'].results[0] as Json;
    const ids = (result.findings as Json[]).map((f) => f.target['target-id'] as string);
    expect(ids).toContain('ac-2.1');
    expect(ids).toContain('ac-2');
    for (const id of ids) expect(id).toMatch(/^[a-z]{2}-\d+(\.\d+)*$/);
  });

  it('link each observation to stored evidence whose key, version id and sha256 are the stored object\'s', async () => {
    const byKey = new Map(all.results.evidence.map((e) => [e.key, e]));
    const doc = (await readJson(file(all, BASELINE, 'oscal-ar')))['assessment-results'] as Json;
    const resources = new Map((doc['back-matter'].resources as Json[]).map((r) => [`#${r.uuid}`, r]));
    let linked = 0;
    for (const obs of doc.results[0].observations as Json[]) {
      for (const ev of (obs['relevant-evidence'] ?? []) as Json[]) {
        const res = resources.get(ev.href as string)!;
        const key = propOf(ev, 'evidence-key')!;
        const stored = byKey.get(key)!;
        expect(stored, key).toBeDefined();
        expect([propOf(res, 'evidence-key'), propOf(res, 'version-id'), propOf(res, 'sha256')]).toEqual([key, stored.versionId, stored.sha256]);
        expect(res.rlinks[0].hashes[0]).toEqual({ algorithm: 'SHA-256', value: stored.sha256 });
        linked++;
      }
    }
    expect(linked).toBeGreaterThan(0);
    // The bytes behind every back-matter evidence resource hash to the sha256 it names.
    for (const r of (doc['back-matter'].resources as Json[]).filter((x) => propOf(x, 'evidence-key'))) {
      const bytes = await store.get(propOf(r, 'evidence-key')!, propOf(r, 'version-id')!);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(propOf(r, 'sha256'));
    }
  });
});

describe('exceptions and attestations in OSCAL', () => {
  it('an excepted control is not-satisfied with a deviation-approved risk that names the exception and its expiry', async () => {
    const result = (await readJson(file(accepted, BASELINE, 'oscal-ar')))['assessment-results'].results[0] as Json;
    const finding = (result.findings as Json[]).find((f) => propOf(f.target, 'label') === picked.excepted)!;
    expect(propOf(finding, 'control-status')).toBe('EXCEPTION');
    expect(propOf(finding, 'evaluated-status')).toBe('FAIL');
    const risk = (result.risks as Json[]).find((r) => r.uuid === finding['related-risks'][0]['risk-uuid'])!;
    expect(risk).toMatchObject({ status: 'deviation-approved', deadline: '2099-12-31T23:59:59Z' });
    expect(propOf(risk, 'exception-id')).toBe('RISK-ALL');
    const attested = (result.findings as Json[]).find((f) => propOf(f.target, 'label') === picked.attested)!;
    expect(attested.target.status).toMatchObject({ state: 'satisfied', reason: 'other' });
  });

  it('the POA&M has an item per failing control and one per open exception, whose owner and expiry are the milestone', async () => {
    const poam = (await readJson(file(accepted, BASELINE, 'oscal-poam')))['plan-of-action-and-milestones'] as Json;
    const failing = controlsOf(accepted.results, BASELINE).filter((c) => c.status === 'FAIL').map((c) => c.id);
    const items = poam['poam-items'] as Json[];
    expect(items.filter((i) => propOf(i, 'item-kind') === 'failing-control').map((i) => propOf(i, 'control-id'))).toEqual(failing);
    const item = items.find((i) => propOf(i, 'exception-id') === 'RISK-ALL')!;
    expect(item.title).toContain('Dana Whitfield (CISO)');
    const risk = (poam.risks as Json[]).find((r) => r.uuid === item['related-risks'][0]['risk-uuid'])!;
    const milestone = risk.remediations[0].tasks[0] as Json;
    expect(milestone).toMatchObject({ type: 'milestone', timing: { 'on-date': { date: '2099-12-31T23:59:59Z' } } });
    const owner = (poam.metadata.parties as Json[]).find((p) => p.uuid === milestone['responsible-roles'][0]['party-uuids'][0])!;
    expect(owner).toMatchObject({ type: 'person', name: 'Dana Whitfield (CISO)' });
  });
});

describe('OCSF compliance findings', () => {
  it('hold one record per non-compliant resource verdict and errored target of each framework, each valid for class 2003', async () => {
    const full = await withFullResults(store, all.results);
    const checks = new Map(full.checks.map((c) => [c.id, c]));
    for (const fw of catalog.frameworks) {
      const used = [...new Set(fw.controls.flatMap((c) => c.checks))];
      const expected = used.flatMap((id) =>
        (checks.get(id)?.targets ?? []).flatMap((t) => (t.status === 'ERROR' ? [`${id} ${t.account} ${t.account}`] : t.results.filter((r) => r.compliance === 'NON_COMPLIANT').map((r) => `${id} ${t.account} ${r.resourceId}`))),
      );
      const records = await readLines(file(all, fw.id, 'ocsf'));
      expect(records.map((r) => `${r.compliance.checks[0].uid} ${r.cloud.account.uid} ${r.resources[0].uid}`).sort(), fw.id).toEqual(expected.sort());
      expect(records.length, `${fw.id} has failing resources`).toBeGreaterThan(0);
      for (const r of records) expect(ocsfProblems(r), JSON.stringify(r).slice(0, 300)).toEqual([]);
      for (const r of records) expect(r.compliance.requirements.length).toBeGreaterThan(0);
    }
  });

  it('the attribute check catches a missing required attribute, a wrong type and an unknown attribute', async () => {
    const [r] = await readLines(file(all, BASELINE, 'ocsf'));
    const { finding_info: _f, ...noInfo } = r!;
    expect(ocsfProblems(noInfo)).toContain('record.finding_info: required');
    expect(ocsfProblems({ ...r, time: '2026-01-01' })).toContain('record.time: expected an integer');
    expect(ocsfProblems({ ...r, surprise: 1 })).toContain('record.surprise: not an attribute');
    expect(ocsfProblems({ ...r, compliance: { ...r!.compliance, status_id: 7 } })).toContain('record.compliance.status_id: 7 is not one of 1, 2, 3');
  });

  it('mark a failure covered by an active exception as suppressed and carry evidence key, version and sha256', async () => {
    const records = await readLines(file(accepted, BASELINE, 'ocsf'));
    const control = controlsOf(accepted.results, BASELINE).find((c) => c.id === picked.excepted)!;
    const covered = records.filter((r) => r.compliance.requirements.includes(control.id));
    expect(covered.length).toBeGreaterThan(0);
    for (const r of covered) expect(r).toMatchObject({ status_id: 3, status: 'Suppressed', resources: [{ data: { exception_ids: ['RISK-ALL'] } }] });
    const byKey = new Map(accepted.results.evidence.map((e) => [e.key, e]));
    for (const r of records) {
      for (const e of r.evidences as Json[]) expect(e.data).toMatchObject({ key: e.name, version_id: byKey.get(e.name)!.versionId, sha256: byKey.get(e.name)!.sha256 });
    }
  });
});

describe('signed and stored like the other formats', () => {
  it('the run counts its reports as each is written and signed, for the progress line, and lists them in the report order', () => {
    const total = all.results.frameworks.length * FORMATS.length;
    expect(progress[0]).toEqual([0, total, '']);
    expect(progress.slice(1).map(([n, t]) => [n, t])).toEqual(Array.from({ length: total }, (_, i) => [i + 1, total]));
    // in the order they were finished; the run's list keeps the report order
    expect(progress.slice(1).map(([, , f]) => f).sort()).toEqual([...all.reports].sort());
    expect(all.reports).toEqual(all.results.frameworks.flatMap((fw) => FORMATS.map((f) => file(all, fw.id, f))));
  });

  it('each file has a detached signature over its bytes and is kept under reports/<runId>/ in the store', async () => {
    const pem = await fs.readFile(path.join(reportDir(all), 'public-key.pem'), 'utf8');
    for (const fw of all.results.frameworks) {
      for (const format of FORMATS) {
        const p = file(all, fw.id, format);
        const bytes = await fs.readFile(p);
        const envelope = parseEnvelope(await fs.readFile(`${p}.sig`), p);
        expect(verifyEnvelope(bytes, envelope, pem), p).toEqual({ ok: true });
        const key = `reports/${all.results.runId}/${path.basename(p)}`;
        expect(Buffer.from(await store.get(key)).equals(bytes)).toBe(true);
      }
    }
  });

  it('`evidence report --format oscal-ar,oscal-poam,ocsf` rebuilds the same bytes from the stored run', async () => {
    const out = path.join(dir, 'rebuilt');
    await fs.writeFile(path.join(dir, 'config.yaml'), 'organization: { name: Acme Corp }\n');
    const args = ['report', '--config', path.join(dir, 'config.yaml'), '--store', `file://${path.join(dir, 'store')}`, '--key', path.join(dir, 'signing.key'), '--run', all.results.runId, '--framework', 'nist-800-53-r5', '--format', 'oscal-ar,oscal-poam,ocsf', '--out', out, '--cap', '5'];
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' }, timeout: 180_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const format of FORMATS) {
      const name = `nist-800-53-r5.${REPORT_EXTENSIONS[format]}`;
      expect((await fs.readFile(path.join(out, name))).equals(await fs.readFile(path.join(reportDir(all), name))), name).toBe(true);
    }
  });

  it('parses `run --formats` lists and names an unknown format', () => {
    expect(parseReportFormats('oscal-ar, ocsf,oscal-ar')).toEqual({ formats: ['oscal-ar', 'ocsf'], unknown: [] });
    expect(parseReportFormats('oscal,pdf').unknown).toEqual(['oscal']);
    expect(parseReportFormats('').unknown).toEqual(['']);
  });
});
