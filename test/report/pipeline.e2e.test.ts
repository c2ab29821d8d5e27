// End to end against the sandbox: a baseline run, then a run with an exceptions file and an
// attestations folder (chosen from what the baseline found), checked in results.json, in the
// manifest, in the HTML report; then `evidence report` rebuilds signed reports from the stored
// run without AWS, identical to the pipeline's, with a PAdES-signed PDF, and refuses a run whose
// pinned results were altered.
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
import { verifyStore } from '../../src/sign/verify-run.ts';
import { readManifest } from '../../src/store/manifest.ts';
import { loadAcceptance, type AcceptanceInput } from '../../src/evaluate/acceptance.ts';
import type { ControlResult, RunResults } from '../../src/domain/results.ts';
import { makeTestPkcs12 } from '../fixtures/pkcs12.ts';
import { parseCsv } from '../fixtures/csv-parse.ts';
import { NO_QUOTAS, UNPACED, runOnSandbox, tempDir } from '../helpers.ts';
import { itExternal } from '../external.ts';

const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));
const FW = 'aws-baseline';

let sandbox: RunningSandbox;
let dir: string;
let cleanup: () => Promise<void>;
let store: FileStore;
let catalog: Catalog;
let baseline: RunOutcome;
let run: RunOutcome;
let picked: { excepted: string; partial: string; partialFirst: string; expired: string; attested: string; stillManual: string };
let docBytes: Buffer;

async function runOnce(acceptance?: AcceptanceInput): Promise<RunOutcome> {
  return runOnSandbox(sandbox, { store, catalog, dir, frameworks: [catalog.byId.get(FW)!], formats: ['html', 'json'], organization: 'Acme Corp', acceptance, rateLimits: UNPACED });
}

const controlsOf = (r: RunResults): Map<string, ControlResult> => new Map(r.frameworks.find((f) => f.id === FW)!.controls.map((c) => [c.id, c]));

/** A FAIL control whose checks fail and nothing else (no ERROR, no NO_EVIDENCE anywhere). */
function onlyFailing(r: RunResults, minFailing: number, except: string[] = []): { id: string; failing: string[] } {
  const fw = catalog.byId.get(FW)!;
  const checks = new Map(r.checks.map((c) => [c.id, c]));
  const controls = controlsOf(r);
  for (const c of fw.controls) {
    if (except.includes(c.id) || controls.get(c.id)?.status !== 'FAIL') continue;
    const targets = c.checks.flatMap((id) => checks.get(id)?.targets ?? []);
    if (targets.some((t) => t.status === 'ERROR' || t.status === 'NO_EVIDENCE')) continue;
    const failing = targets.flatMap((t) => t.results.filter((x) => x.compliance === 'NON_COMPLIANT').map((x) => x.resourceId));
    if (new Set(failing).size >= minFailing) return { id: c.id, failing };
  }
  throw new Error(`the sandbox run has no purely failing control with ${minFailing}+ failing resources`);
}

function evidence(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 180_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('report-e2e-'));
  sandbox = await startSandbox({ port: 0, seed: 11, accounts: 1, faults: NO_QUOTAS });
  store = new FileStore(path.join(dir, 'store'));
  await generateKeyFile(path.join(dir, 'signing.key'));
  catalog = await loadCatalog();
  baseline = await runOnce();

  const manual = catalog.byId.get(FW)!.controls.filter((c) => c.manual).map((c) => c.id);
  const excepted = onlyFailing(baseline.results, 1);
  const partial = onlyFailing(baseline.results, 2, [excepted.id]);
  const expired = onlyFailing(baseline.results, 1, [excepted.id, partial.id]);
  picked = { excepted: excepted.id, partial: partial.id, partialFirst: partial.failing[0]!, expired: expired.id, attested: manual[0]!, stillManual: manual[1]! };

  await fs.writeFile(
    path.join(dir, 'exceptions.yaml'),
    `exceptions:
  - id: RISK-ALL
    control: ${picked.excepted}
    reason: Compensating control in place until the migration completes.
    approver: Dana Whitfield (CISO)
    expires: 2099-12-31
  - id: RISK-PART
    control: ${picked.partial}
    resources: [${JSON.stringify(picked.partialFirst)}]
    reason: Only one resource is accepted.
    approver: Dana Whitfield (CISO)
    expires: 2099-12-31
  - id: RISK-OLD
    control: ${picked.expired}
    reason: Accepted last year.
    approver: Dana Whitfield (CISO)
    expires: 2020-12-31
`,
  );
  const att = path.join(dir, 'attestations');
  await fs.mkdir(att, { recursive: true });
  docBytes = Buffer.from('%PDF-1.4\n% signed minutes of the review\n');
  await fs.writeFile(path.join(att, 'review minutes.pdf'), docBytes);
  await fs.writeFile(
    path.join(att, 'attested.yaml'),
    `framework: ${FW}\ncontrol: ${picked.attested}\nstatement: The review was done and its findings ticketed.\nattester: Sam Lee, Security Lead\ndate: 2020-01-01\nvalidUntil: 2099-01-01\ndocument: review minutes.pdf\n`,
  );
  await fs.writeFile(
    path.join(att, 'expired.yaml'),
    `attestations:\n  - framework: ${FW}\n    control: ${picked.stillManual}\n    statement: Done once.\n    attester: Sam Lee\n    date: 2019-01-01\n    validUntil: 2019-12-31\n`,
  );
  run = await runOnce(await loadAcceptance({ exceptions: path.join(dir, 'exceptions.yaml'), attestations: att }, catalog));
}, 240_000);

afterAll(async () => {
  await sandbox?.close();
  await cleanup?.();
});

describe('a run with exceptions and attestations', () => {
  it('reads EXCEPTION, FAIL (partly covered), FAIL (expired), ATTESTED and MANUAL in results.json', () => {
    const controls = controlsOf(run.results);
    expect(controls.get(picked.excepted)).toMatchObject({ status: 'EXCEPTION', evaluatedStatus: 'FAIL', exceptions: [{ id: 'RISK-ALL', state: 'active', source: { file: 'exceptions.yaml', line: 2 } }] });
    const partial = controls.get(picked.partial)!;
    expect(partial.status).toBe('FAIL');
    expect(partial.exceptions?.[0]).toMatchObject({ id: 'RISK-PART', state: 'active' });
    expect(partial.exceptions![0]!.coveredResources).toBeLessThan(partial.exceptions![0]!.failingResources);
    expect(controls.get(picked.expired)).toMatchObject({ status: 'FAIL', exceptions: [{ id: 'RISK-OLD', state: 'expired' }] });
    expect(controls.get(picked.expired)!.reason).toContain('RISK-OLD expired on 2020-12-31');
    expect(controls.get(picked.attested)).toMatchObject({ status: 'ATTESTED', evaluatedStatus: 'MANUAL', attestations: [{ state: 'valid', attester: 'Sam Lee, Security Lead' }] });
    expect(controls.get(picked.stillManual)).toMatchObject({ status: 'MANUAL', attestations: [{ state: 'expired' }] });
    expect(run.results.frameworks[0]!.byStatus.EXCEPTION).toBe(1);
    expect(run.results.frameworks[0]!.byStatus.ATTESTED).toBe(1);
  });

  it('stores the attached document at attestations/<sha256>/<filename> and pins it, with the YAML files, in the signed manifest', async () => {
    const sha = createHash('sha256').update(docBytes).digest('hex');
    const key = `attestations/${sha}/review_minutes.pdf`;
    const att = controlsOf(run.results).get(picked.attested)!.attestations![0]!;
    expect(att.document).toMatchObject({ name: 'review minutes.pdf', key, sha256: sha, size: docBytes.length });
    expect(Buffer.from(await store.get(key, att.document!.versionId)).equals(docBytes)).toBe(true);
    const { manifest } = await readManifest(store, run.runId);
    const pinned = manifest.objects.map((o) => o.key);
    expect(pinned).toContain(key);
    expect(pinned.some((k) => /^exceptions\/[0-9a-f]{64}\/exceptions\.yaml$/.test(k))).toBe(true);
    expect(pinned.filter((k) => /^attestations\/[0-9a-f]{64}\/(attested|expired)\.yaml$/.test(k))).toHaveLength(2);
    const v = await verifyStore(store, run.runId, { all: true });
    expect(v.runs.flatMap((r) => r.problems)).toEqual([]);
  });

  it('shows EXCEPTION and ATTESTED in the HTML report, with the details, the document and the change since the baseline', async () => {
    const html = await fs.readFile(path.join(dir, 'reports', run.runId, `${FW}.html`), 'utf8');
    const row = (id: string): string => {
      const at = html.indexOf(`<th scope="row" class="cid"><code>${id}</code></th>`);
      expect(at, id).toBeGreaterThan(0);
      return html.slice(html.lastIndexOf('<tbody class="control"', at), html.indexOf('</tbody>', at));
    };
    expect(row(picked.excepted)).toMatch(/^<tbody class="control" data-status="EXCEPTION">/);
    expect(row(picked.excepted)).toContain('RISK-ALL');
    expect(row(picked.excepted)).toContain('evidence alone: FAIL');
    expect(row(picked.attested)).toMatch(/^<tbody class="control" data-status="ATTESTED">/);
    expect(row(picked.attested)).toContain('Sam Lee, Security Lead');
    expect(row(picked.attested)).toContain('review minutes.pdf');
    expect(row(picked.expired)).toMatch(/data-status="FAIL"[\s\S]*<strong>expired<\/strong>/);
    expect(html).toContain('Organization</dt><dd><bdi>Acme Corp</bdi>');
    const summary = html.slice(html.indexOf('<section id="summary"'), html.indexOf('<section id="controls"'));
    expect(summary).toContain(`Compared with run <code>${baseline.runId}</code>`);
    expect(summary).toMatch(new RegExp(`<code>${picked.excepted.replace(/\./g, '\\.')}</code>[\\s\\S]*?s-fail[\\s\\S]*?s-exception`));
    expect(html).toMatch(/<td>attestation<\/td>/);
  });
});

describe('evidence report (from the stored run)', () => {
  const common = () => ['--store', `file://${path.join(dir, 'store')}`, '--key', path.join(dir, 'signing.key'), '--config', path.join(dir, 'none.yaml')];
  beforeAll(() => fs.writeFile(path.join(dir, 'none.yaml'), 'organization: { name: Acme Corp }\n'));

  it('rebuilds the pipeline\'s reports byte for byte, without AWS, after verifying the manifest', async () => {
    const out = path.join(dir, 'audit-same');
    const r = evidence(['report', ...common(), '--run', run.runId, '--framework', FW, '--format', 'html,json', '--out', out, '--cap', '5', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({ status: 'ok', runId: run.runId, formats: ['html', 'json'], pades: false });
    for (const f of [`${FW}.html`, `${FW}.json`, 'manifest.json']) {
      expect((await fs.readFile(path.join(out, f))).equals(await fs.readFile(path.join(dir, 'reports', run.runId, f))), f).toBe(true);
    }
  });

  itExternal('writes every format, signed, with a PAdES-signed PDF that pdfsig reports valid', async () => {
    const p12 = makeTestPkcs12();
    await fs.writeFile(path.join(dir, 'signer.p12'), p12.p12);
    const out = path.join(dir, 'audit');
    const r = evidence(['report', ...common(), '--run', 'latest', '--format', 'html,pdf,csv,json', '--out', out, '--pkcs12', path.join(dir, 'signer.p12'), '--pkcs12-password-env', 'TEST_P12_PW'], {
      TEST_P12_PW: p12.password,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${FW}.pdf (+ .sig, PAdES signed)`);
    const pem = await fs.readFile(path.join(out, 'public-key.pem'), 'utf8');
    for (const ext of ['html', 'pdf', 'csv', 'json']) {
      const file = path.join(out, `${FW}.${ext}`);
      expect(verifyEnvelope(await fs.readFile(file), parseEnvelope(await fs.readFile(`${file}.sig`), ext), pem), ext).toEqual({ ok: true });
    }
    const sig = spawnSync('pdfsig', [path.join(out, `${FW}.pdf`)], { encoding: 'utf8' });
    if (sig.error) throw new Error(`pdfsig is required (apt-get install poppler-utils): ${sig.error.message}`);
    expect(sig.stdout).toContain('Signature is Valid.');
    const rows = parseCsv(await fs.readFile(path.join(out, `${FW}.csv`), 'utf8'));
    const status = (id: string) => [...new Set(rows.filter((x) => x[1] === id).map((x) => x[3]))];
    expect(status(picked.excepted)).toEqual(['EXCEPTION']);
    expect(status(picked.attested)).toEqual(['ATTESTED']);
    expect(rows.filter((x) => x[1] === picked.excepted && x[11] === 'NON_COMPLIANT').every((x) => x[13] === 'RISK-ALL')).toBe(true);
    // Every verdict, compliant ones included, comes from the stored resources.ndjson (results.json names only failures).
    const compliant = rows.find((x) => x[11] === 'COMPLIANT')!;
    expect(compliant).toBeDefined();
    const [controlId, checkId] = [compliant[1], compliant[4]];
    const counted = run.results.checks.find((c) => c.id === checkId)!.targets.reduce((n, t) => n + Object.values(t.counts).reduce((a, b) => a + b, 0), 0);
    expect(rows.filter((x) => x[1] === controlId && x[4] === checkId && x[11] !== '').length).toBe(counted);
    const json = JSON.parse(await fs.readFile(path.join(out, `${FW}.json`), 'utf8'));
    expect(json.signer.pdfCertificate.subject).toContain(p12.commonName);
    expect(json.summary.changes.previousRunId).toBe(baseline.runId);
  });

  it('refuses a run whose manifest was signed by another key than the one it trusts', async () => {
    const other = await generateKeyFile(path.join(dir, 'other.key'));
    await fs.writeFile(path.join(dir, 'other.pub.pem'), other.publicKeyPem());
    const r = evidence(['report', ...common().slice(0, 2), '--key', path.join(dir, 'other.key'), '--run', run.runId, '--format', 'html', '--out', path.join(dir, 'x1')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/was signed by key ed25519:[0-9a-f]+, not by the signing key .*--public-key/);
    const pinned = evidence(['report', ...common().slice(0, 2), '--key', path.join(dir, 'other.key'), '--public-key', path.join(dir, 'other.pub.pem'), '--run', run.runId, '--format', 'html', '--out', path.join(dir, 'x2')]);
    expect(pinned.code).toBe(1);
    expect(pinned.stderr).toMatch(/not by the trusted key/);
  });

  it('refuses a run whose pinned results file was altered', async () => {
    const { manifest } = await readManifest(store, run.runId);
    const file = path.join(dir, 'store', ...manifest.results.key.split('/'), `~${manifest.results.versionId}`);
    const original = await fs.readFile(file);
    await fs.writeFile(file, Buffer.from(original.toString().replace('"EXCEPTION"', '"PASS"')));
    try {
      const r = evidence(['report', ...common(), '--run', run.runId, '--format', 'html', '--out', path.join(dir, 'x3')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/results\.json version \S+ has sha256 [0-9a-f]{64}, but the manifest of run \S+ pins [0-9a-f]{64}/);
    } finally {
      await fs.writeFile(file, original);
    }
  });

  it('`evidence run` rejects a bad exceptions file before collecting anything, naming file, line and field', async () => {
    await fs.writeFile(path.join(dir, 'bad-exceptions.yaml'), `exceptions:\n  - id: X\n    control: NOPE\n    reason: r\n    approver: a\n    expires: 2026-12-31\n`);
    const r = evidence(['run', '--sandbox', ...common(), '--out', path.join(dir, 'x4'), '--exceptions', 'bad-exceptions.yaml', '--json']);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('bad-exceptions.yaml:3:14: exceptions.0.control: no control "NOPE" in any framework');
  });
});

