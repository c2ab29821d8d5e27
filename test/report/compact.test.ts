// The compact report: targets of a check with one status and reason are one group, failing
// resources come first up to the cap with their total, the detail levels and NIST baselines
// choose what is shown, and names stand beside ids. Every control and every target's status stay.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { controlsIn } from '../../src/catalog/coverage.ts';
import type { Framework } from '../../src/catalog/schema.ts';
import type { CheckResult, CheckTargetResult, RunResults } from '../../src/domain/results.ts';
import type { ResourceResult } from '../../src/domain/model.ts';
import { BaselineNotApplicableError, buildViewModel } from '../../src/report/view-model.ts';
import { renderHtml } from '../../src/report/html.ts';
import { CSV_COLUMNS, renderCsv } from '../../src/report/csv.ts';
import { renderPdfBuffer } from '../../src/report/pdf.ts';
import { COLLAPSE_RUN } from '../../src/report/pdf/sections/controls.ts';
import { parseReportBaseline } from '../../src/cli/report-options.ts';
import type { ReportDetail, ReportViewModel } from '../../src/report/types.ts';
import { itExternal } from '../external.ts';

const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const NAMES: Record<string, string> = { '111111111111': 'payments-prod', '222222222222': 'payments-dev', '333333333333': 'data-lake' };
const NOT_DEPLOYED = (sid: string): string => `Config rule ${sid} is not deployed and no configuration recorder exists in the region`;
const CAP = 25;
const FAILING_PER_TARGET = 40;

const zero = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 };

/** One check's 8 targets: config rules not deployed anywhere; api checks failing in the first three, passing elsewhere. */
function checkResult(id: string): CheckResult {
  const targets: CheckTargetResult[] = [];
  for (const account of ACCOUNTS) {
    for (const region of REGIONS) {
      const key = `evidence/${account}/${region}/${id.replace(/[^a-z0-9-]/gi, '_')}.json`;
      if (id.startsWith('config:')) {
        targets.push({ account, region, status: 'NO_EVIDENCE', reason: NOT_DEPLOYED(id.slice(7)), counts: zero, results: [], evidenceKeys: [key] });
        continue;
      }
      const failing = targets.length < 3;
      const results: ResourceResult[] = failing
        ? Array.from({ length: FAILING_PER_TARGET }, (_, i) => ({
            resourceType: 'AWS::EC2::SecurityGroup',
            resourceId: `sg-${account.slice(0, 4)}${region.slice(0, 2)}${String(i).padStart(4, '0')}`,
            compliance: 'NON_COMPLIANT' as const,
            annotation: 'allows 0.0.0.0/0 on port 22',
            resourceName: `web-tier-${i}`,
            tags: { owner: 'team-web', env: 'prod' },
          }))
        : [];
      targets.push({
        account,
        region,
        status: failing ? 'FAIL' : 'PASS',
        ...(failing ? { reason: `${FAILING_PER_TARGET} of ${FAILING_PER_TARGET + 2} resources are non-compliant` } : {}),
        counts: failing ? { ...zero, COMPLIANT: 2, NON_COMPLIANT: FAILING_PER_TARGET } : { ...zero, COMPLIANT: 5 },
        results,
        evidenceKeys: [key],
      });
    }
  }
  return { id, kind: id.startsWith('config:') ? 'config-rule' : 'api', title: `Check ${id}`, scope: 'region', targets };
}

/** Results of a run over `fw`: a control with an api check fails, one with only Config rules has no evidence. */
function runResults(fw: Framework): RunResults {
  const checkIds = [...new Set(fw.controls.flatMap((c) => c.checks))];
  const checks = checkIds.map(checkResult);
  const collections = ACCOUNTS.flatMap((account) =>
    REGIONS.flatMap((region) => ['ec2-security-groups', 'iam-users', 's3-buckets', 'cloudtrail-trails', 'config-rules', 'kms-keys', 'rds-instances', 'config-items'].map((collector) => ({ account, region, collector, status: 'collected' as const, calls: 3, failedCalls: 0 }))),
  );
  return {
    schema: 'run-results/v1',
    runId: '20261201T020000Z-abc123',
    startedAt: '2026-12-01T02:00:00.000Z',
    finishedAt: '2026-12-01T02:04:00.000Z',
    status: 'complete',
    toolVersion: '0.0.0-test',
    scope: { accounts: ACCOUNTS, regions: REGIONS, accountNames: NAMES },
    frameworks: [
      {
        id: fw.id,
        name: fw.name,
        version: fw.version,
        controls: fw.controls.map((c) =>
          c.checks.length === 0
            ? { id: c.id, status: 'MANUAL' as const, reason: 'a person must attest this control' }
            : c.checks.some((k) => !k.startsWith('config:'))
              ? { id: c.id, status: 'FAIL' as const, reason: 'non-compliant resources in 3 account-regions' }
              : { id: c.id, status: 'NO_EVIDENCE' as const, reason: 'the Config rules it needs are not deployed' },
        ),
        byStatus: { PASS: 0, FAIL: 0, MANUAL: 0, ATTESTED: 0, EXCEPTION: 0, NO_EVIDENCE: 0, ERROR: 0 },
      },
    ],
    checks,
    coverage: { collections, rulesNotDeployed: [], calls: { calls: collections.length * 3, byOutcome: { ok: collections.length * 3, retried: 0, throttled: 0, denied: 0, failed: 0, not_found: 0 } } },
    evidence: checks.flatMap((c) => c.targets.flatMap((t) => t.evidenceKeys)).map((key, i) => ({ key, versionId: `v${i}`, sha256: 'a'.repeat(64), size: 100, collectedAt: '2026-12-01T02:01:00.000Z', reused: false })),
    resources: { key: 'runs/20261201T020000Z-abc123/resources.ndjson', versionId: 'v1', sha256: 'b'.repeat(64), size: 1000, lines: 10 },
  };
}

function viewModel(fw: Framework, detail: ReportDetail = 'full', baseline: 'low' | null = null): ReportViewModel {
  return buildViewModel({
    results: runResults(fw),
    framework: fw,
    manifest: { key: 'runs/r/manifest.json', sha256: 'c'.repeat(64), signatureKey: 'runs/r/manifest.json.sig' },
    signer: { algorithm: 'Ed25519', keyId: 'ed25519:abc', publicKeyFingerprint: 'f'.repeat(64), publicKeyFile: 'public-key.pem' },
    store: 'file:///store',
    previousRunId: null,
    failingResourceCap: CAP,
    detail,
    baseline,
  });
}

const FW: Framework = {
  id: 'fw',
  name: 'Small framework',
  version: '1',
  controls: [
    { id: 'NET-1', title: 'No open SSH', checks: ['restricted-ssh', 'config:ENCRYPTED_VOLUMES'], manual: false },
    { id: 'LOG-1', title: 'Volumes encrypted', checks: ['config:ENCRYPTED_VOLUMES'], manual: false },
    { id: 'GOV-1', title: 'Contacts', checks: [], manual: true, guidance: 'attest the contacts' },
  ],
};

const count = (hay: string, needle: string): number => hay.split(needle).length - 1;

describe('compact report: the view model', () => {
  const vm = viewModel(FW);
  const ssh = vm.controls[0]!.checks[0]!;
  const rule = vm.controls[0]!.checks[1]!;

  it('makes one group of targets that share status and reason, and puts the failing group first', () => {
    expect(rule.groups).toHaveLength(1);
    expect(rule.groups[0]).toMatchObject({ status: 'NO_EVIDENCE', size: 8, of: 8, reason: NOT_DEPLOYED('ENCRYPTED_VOLUMES') });
    expect(ssh.groups.map((g) => [g.status, g.size, g.of])).toEqual([
      ['FAIL', 3, 8],
      ['PASS', 5, 8],
    ]);
    // Every target is in exactly one group, with its account's name.
    for (const c of [ssh, rule]) {
      const grouped = c.groups.flatMap((g) => g.accounts.flatMap((a) => a.regions.map((r) => `${a.account}/${r}`))).sort();
      expect(grouped).toEqual(c.targets.map((t) => `${t.account}/${t.region}`).sort());
    }
    expect(ssh.groups[0]!.accounts[0]).toEqual({ account: '111111111111', accountName: 'payments-prod', regions: ['us-east-1', 'eu-west-1'] });
    expect(ssh.groups[0]!.counts.NON_COMPLIANT).toBe(3 * FAILING_PER_TARGET);
  });

  it('caps the failing resources and keeps the total, with names and tags', () => {
    expect(ssh.failingResources).toHaveLength(CAP);
    expect(ssh.failingResourcesOmitted).toBe(3 * FAILING_PER_TARGET - CAP);
    expect(ssh.failingResources[0]).toMatchObject({ accountName: 'payments-prod', resourceName: 'web-tier-0', tags: { owner: 'team-web', env: 'prod' } });
    expect(vm.run.resourcesKey).toBe('runs/20261201T020000Z-abc123/resources.ndjson');
  });
});

describe('compact report: HTML', () => {
  const vm = viewModel(FW);
  const html = renderHtml(vm);

  it('names every control, writes each grouped status once, and every listed failing resource with the total', () => {
    for (const c of vm.controls) expect(html).toContain(`<code>${c.id}</code>`);
    expect(html).toContain('NO_EVIDENCE in 8 of 8 account-regions');
    expect(html).toContain('FAIL in 3 of 8 account-regions');
    expect(html).toContain('PASS in 5 of 8 account-regions');
    // The not-deployed reason appears once, not once per target nor once per control: LOG-1
    // refers to the detail NET-1 shows, with the results in one line.
    expect(count(html, NOT_DEPLOYED('ENCRYPTED_VOLUMES'))).toBe(1);
    const log = html.slice(html.indexOf('<code>LOG-1</code>'));
    expect(log).toContain('<p class="results-line">Results: NO_EVIDENCE in 8 of 8 account-regions.</p>');
    expect(log).toMatch(/<a class="check-link" href="#(check-\d+)">The resources, reasons and evidence of this check are listed under <code>NET-1<\/code>\.<\/a>/);
    const anchor = /<a class="check-link" href="#(check-\d+)"/.exec(log)![1]!;
    expect(html).toMatch(new RegExp(`<div class="check" id="${anchor}">\\s*<h3>Check <code><bdi>config:ENCRYPTED_VOLUMES`));
    for (const f of vm.controls[0]!.checks[0]!.failingResources) expect(html).toContain(f.resourceId);
    expect(html).toContain(`${CAP} of ${3 * FAILING_PER_TARGET} listed`);
    expect(html).toContain(`(${3 * FAILING_PER_TARGET} in all)`);
    expect(html).toContain('runs/20261201T020000Z-abc123/resources.ndjson');
    // Failing resources come before the grouped statuses.
    const check = html.slice(html.indexOf('Check <code><bdi>restricted-ssh'));
    expect(check.indexOf('<table class="failing">')).toBeLessThan(check.indexOf('<table class="targets">'));
  });

  it('shows account names, resource names and tags beside the ids', () => {
    expect(html).toContain('111111111111 (<bdi>payments-prod</bdi>)');
    expect(html).toContain('<bdi>web-tier-0</bdi>');
    expect(html).toContain('env=prod, owner=team-web');
    expect(html).not.toContain('444444444444 (');
  });

  it('summary: every control with status and reason, no check detail, no evidence index; the cover says so', () => {
    const s = renderHtml(viewModel(FW, 'summary'));
    for (const c of vm.controls) {
      expect(s).toContain(`<code>${c.id}</code>`);
      expect(s).toContain(c.statusReason);
    }
    expect(s).not.toContain('<div class="check');
    expect(s).not.toContain('id="evidence"');
    expect(s).toContain('<section id="coverage"');
    expect(s).toContain('<section id="verification"');
    expect(s).toMatch(/<dt>Report detail<\/dt><dd>summary/);
  });

  it('failing: adds the checks of the failing controls only', () => {
    const f = viewModel(FW, 'failing');
    expect(f.controls.map((c) => [c.id, c.detailShown])).toEqual([
      ['NET-1', true],
      ['LOG-1', false],
      ['GOV-1', false],
    ]);
    const out = renderHtml(f);
    expect(count(out, '<div class="check"')).toBe(2);
    expect(out).toMatch(/<dt>Report detail<\/dt><dd>failing/);
  });
});

describe('compact report: CSV', () => {
  it('has the account name, resource name and tags beside the ids, and every failing resource', async () => {
    const vm = viewModel(FW);
    const rows = (await renderCsv(vm, runResults(FW))).trim().split('\r\n').map((l) => l.split(','));
    const col = (n: (typeof CSV_COLUMNS)[number]): number => CSV_COLUMNS.indexOf(n);
    const failing = rows.filter((r) => r[col('check_id')] === 'restricted-ssh' && r[col('compliance')] === 'NON_COMPLIANT');
    expect(failing).toHaveLength(3 * FAILING_PER_TARGET);
    expect(failing[0]![col('account_name')]).toBe('payments-prod');
    expect(failing[0]![col('resource_name')]).toBe('web-tier-0');
    expect(rows.find((r) => r[col('resource_id')] === failing[0]![col('resource_id')])).toBeDefined();
  });
});

describe('compact report: NIST SP 800-53 baselines', () => {
  let nist: Framework;
  let soc2: Framework;
  beforeAll(async () => {
    const catalog = await loadCatalog();
    nist = catalog.byId.get('nist-800-53-r5')!;
    soc2 = catalog.byId.get('soc2')!;
  });

  it('reports only the baseline\'s controls and says so on the cover', () => {
    const low = controlsIn(nist, 'low');
    const vm = viewModel(nist, 'summary', 'low');
    expect(vm.controls.map((c) => c.id)).toEqual(low.map((c) => c.id));
    expect(vm.controls.length).toBeLessThan(nist.controls.length);
    expect(vm.summary.total).toBe(low.length);
    expect(vm.framework.baseline).toEqual({ id: 'low', controls: low.length, of: nist.controls.length });
    expect(renderHtml(vm)).toContain(`<strong>Baseline low.</strong> This report covers the ${low.length} controls of the NIST SP 800-53B low baseline, of the ${nist.controls.length} controls`);
  });

  it('refuses a baseline for a framework without baselines', () => {
    expect(() => viewModel(soc2, 'full', 'low')).toThrow(BaselineNotApplicableError);
    expect(() => parseReportBaseline('low', [nist, soc2])).toThrow(/--baseline applies to NIST SP 800-53 reports only; soc2 has no baselines/);
    expect(() => parseReportBaseline('medium', [nist])).toThrow(/unknown baseline "medium"/);
    expect(parseReportBaseline('HIGH', [nist])).toBe('high');
  });

  itExternal('keeps the summary PDF of every NIST control within 60 pages, naming every control', async () => {
    const vm = viewModel(nist, 'summary');
    const text = pdfText(await renderPdfBuffer(vm), 'nist-summary');
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThan(5);
    expect(pages).toBeLessThanOrEqual(60);
    const flat = text.replace(/\s+/g, '');
    for (const c of vm.controls) expect(flat, c.id).toContain(c.id.replace(/\s+/g, ''));
    expect(text).toContain('Report detail');
    // Runs of COLLAPSE_RUN or more consecutive controls with one status and reason (the MANUAL
    // ones, mostly) share a row naming each of them in order, beneath its count and range.
    const runs: (typeof vm.controls)[] = [];
    for (const c of vm.controls) {
      const last = runs.at(-1)?.at(-1);
      if (last && last.status === c.status && last.statusReason === c.statusReason) runs.at(-1)!.push(c);
      else runs.push([c]);
    }
    const shared = runs.filter((r) => r.length >= COLLAPSE_RUN);
    expect(shared.flat().length).toBeGreaterThan(vm.controls.length / 2);
    const controlsSection = flat.slice(flat.indexOf(`All${vm.controls.length}controlsof`), flat.lastIndexOf('Coverage'));
    expect(shared.some((r) => r[0]!.status === 'MANUAL')).toBe(true);
    for (const r of shared) {
      expect(controlsSection).toContain(r.map((c) => c.id).join(','));
      expect(controlsSection).toContain(`${r.length}controls`);
      expect(controlsSection).toContain(`${r[0]!.id}to${r.at(-1)!.id}`);
    }
  }, 300_000);
});

const work = mkdtempSync(path.join(tmpdir(), 'report-compact-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`pdftotext is required (apt-get install poppler-utils): ${r.error.message}`);
  return r.stdout;
}

describe('compact report: PDF', () => {
  itExternal('names every control, the grouped statuses, the listed failing resources with the total, and the names', async () => {
    const vm = viewModel(FW);
    const text = pdfText(await renderPdfBuffer(vm), 'small');
    const flat = text.replace(/\s+/g, ' ');
    for (const c of vm.controls) expect(flat).toContain(c.id);
    expect(flat).toContain('NO_EVIDENCE in 8 of 8 account-regions');
    expect(flat).toContain('FAIL in 3 of 8 account-regions');
    expect(flat).toContain('PASS in 5 of 8 account-regions');
    expect(flat).toContain(`${CAP} of ${3 * FAILING_PER_TARGET} listed`);
    expect(flat).toContain(`(${3 * FAILING_PER_TARGET} in all)`);
    const squashed = text.replace(/\s+/g, '');
    for (const f of vm.controls[0]!.checks[0]!.failingResources) expect(squashed).toContain(f.resourceId);
    expect(flat).toContain('payments-prod');
    expect(flat).toContain('web-tier-0');
    expect(flat).toContain('env=prod, owner=team-web');
  });

  itExternal('draws a check mapped to several controls in full once, and under the later ones its results and a link to that detail', async () => {
    const vm = viewModel(FW);
    const pdf = await renderPdfBuffer(vm);
    const flat = pdfText(pdf, 'shared-check').replace(/\s+/g, ' ');
    // config:ENCRYPTED_VOLUMES is mapped to NET-1 and LOG-1: one results table, under NET-1
    expect(count(flat, 'Results of config:ENCRYPTED_VOLUMES by account and region')).toBe(1);
    expect(count(flat, 'Check config:ENCRYPTED_VOLUMES (config-rule)')).toBe(2);
    const logSection = flat.slice(flat.lastIndexOf('LOG-1 Volumes encrypted'));
    expect(logSection).toMatch(/Results: NO_EVIDENCE in 8 of 8 account-regions\. The resources, reasons and evidence of this check are listed under NET-1 \(page \d+\)\./);
    // the reference is a link to a named destination at the detail
    expect(pdf.toString('latin1')).toMatch(/\/S \/GoTo\s*\/D \(k00001\)/);
  });

  itExternal('summary and failing detail are shorter than full, and the cover names the detail', async () => {
    const pages = async (d: ReportDetail): Promise<[number, string]> => {
      const t = pdfText(await renderPdfBuffer(viewModel(FW, d)), `small-${d}`);
      return [Number(/Page 1 of (\d+)/.exec(t)?.[1]), t];
    };
    const [full] = await pages('full');
    const [failing, ft] = await pages('failing');
    const [summary, st] = await pages('summary');
    expect(summary).toBeLessThan(full);
    expect(failing).toBeLessThanOrEqual(full);
    expect(st.replace(/\s+/g, ' ')).toContain('Report detail summary:');
    expect(ft.replace(/\s+/g, ' ')).toContain('Report detail failing:');
    expect(st).not.toContain('Evidence index');
  });
});
