// A failing check tells the reader why it matters and how to fix it: the view model carries the
// check definition's rationale and remediation, the HTML shows them beside FAIL only, and the CSV
// puts them on the failing check's rows.
import { describe, expect, it } from 'vitest';
import { buildViewModel } from '../../src/report/view-model.ts';
import { renderHtml } from '../../src/report/html.ts';
import { CSV_COLUMNS, renderCsv } from '../../src/report/csv.ts';
import { iamRootMfa } from '../../src/checks/iam-root-mfa.ts';
import { s3BucketVersioning } from '../../src/checks/s3-bucket-versioning.ts';
import type { Framework } from '../../src/catalog/schema.ts';
import type { CheckResult, RunResults } from '../../src/domain/results.ts';
import { sampleViewModel } from '../fixtures/view-model.ts';
import { parseCsv } from '../fixtures/csv-parse.ts';

const none = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 };
const check = (id: string, kind: CheckResult['kind'], compliance: 'COMPLIANT' | 'NON_COMPLIANT'): CheckResult => ({
  id,
  kind,
  title: id,
  scope: 'account',
  targets: [
    {
      account: '111',
      region: 'global',
      status: compliance === 'COMPLIANT' ? 'PASS' : 'FAIL',
      counts: { ...none, [compliance]: 1 },
      results: [{ resourceType: 'AWS::::Account', resourceId: '111', compliance }],
      evidenceKeys: [],
    },
  ],
});

const framework: Framework = {
  id: 'fw',
  name: 'Guidance',
  version: '1',
  controls: [
    { id: 'ROOT', title: 'root', checks: ['iam-root-mfa', 'config:ROOT_ACCOUNT_MFA_ENABLED'], manual: false },
    { id: 'S3', title: 'versioning', checks: ['s3-bucket-versioning'], manual: false },
  ],
};

const results: RunResults = {
  schema: 'run-results/v1',
  runId: 'r1',
  startedAt: '2026-11-01T00:00:00.000Z',
  finishedAt: '2026-11-01T00:05:00.000Z',
  status: 'complete',
  toolVersion: '1.2.3',
  scope: { accounts: ['111'], regions: ['us-east-1'] },
  frameworks: [
    {
      id: 'fw',
      name: 'Guidance',
      version: '1',
      controls: [
        { id: 'ROOT', status: 'FAIL', reason: 'failed' },
        { id: 'S3', status: 'PASS', reason: 'passed' },
      ],
      byStatus: { PASS: 1, FAIL: 1, MANUAL: 0, ATTESTED: 0, EXCEPTION: 0, NO_EVIDENCE: 0, ERROR: 0 },
    },
  ],
  checks: [check('iam-root-mfa', 'api', 'NON_COMPLIANT'), check('config:ROOT_ACCOUNT_MFA_ENABLED', 'config-rule', 'NON_COMPLIANT'), check('s3-bucket-versioning', 'api', 'COMPLIANT')],
  coverage: { collections: [], rulesNotDeployed: [], calls: { calls: 0, byOutcome: { ok: 0, retried: 0, throttled: 0, denied: 0, failed: 0, not_found: 0 } } },
  evidence: [],
};

const vm = buildViewModel({
  results,
  framework,
  manifest: { key: 'runs/r1/manifest.json', sha256: 'c'.repeat(64), signatureKey: 'runs/r1/manifest.json.sig' },
  signer: { algorithm: 'Ed25519', keyId: 'ed25519:abc', publicKeyFingerprint: 'f'.repeat(64), publicKeyFile: 'public-key.pem' },
  store: 'file:///s',
  previousRunId: null,
});
const [rootMfa, rootRule] = vm.controls[0]!.checks;
const versioning = vm.controls[1]!.checks[0]!;

describe('check rationale and remediation in the report', () => {
  it('come from the check definition into the view model', () => {
    expect(rootMfa).toMatchObject({ status: 'FAIL', rationale: iamRootMfa.rationale, remediation: iamRootMfa.remediation });
    expect(versioning).toMatchObject({ status: 'PASS', rationale: s3BucketVersioning.rationale, remediation: s3BucketVersioning.remediation });
    // Config rules have no texts of their own: the fields are left out, not empty
    expect(rootRule!.status).toBe('FAIL');
    expect(rootRule).not.toHaveProperty('rationale');
    expect(rootRule).not.toHaveProperty('remediation');
  });

  it('are shown in the HTML beside a failing check and not beside a passing one', () => {
    const html = renderHtml(vm);
    expect(html.split('Why it matters:').length - 1).toBe(1);
    expect(html.split('How to fix:').length - 1).toBe(1);
    const block = html.slice(html.indexOf('<code><bdi>iam-root-mfa</bdi></code>'), html.indexOf('<table class="targets">', html.indexOf('<code><bdi>iam-root-mfa</bdi></code>')));
    expect(block).toContain('Why it matters:');
    expect(block).toContain('Multi-factor authentication (MFA) &gt; Assign MFA device');
    expect(html).not.toContain(s3BucketVersioning.rationale.slice(0, 40));
  });

  it('render command lines as code and escape everything else', () => {
    const sample = sampleViewModel();
    const c = sample.controls.flatMap((x) => x.checks).find((x) => x.status === 'FAIL')!;
    c.rationale = 'Matters <b>a lot</b>.';
    c.remediation = 'Run `aws s3api put-bucket-versioning --bucket "<x>"` then <img src=x onerror=alert(1)> wait.';
    const html = renderHtml(sample);
    expect(html).toContain('Matters &lt;b&gt;a lot&lt;/b&gt;.');
    expect(html).toContain('Run <code>aws s3api put-bucket-versioning --bucket &quot;&lt;x&gt;&quot;</code> then &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; wait.');
    expect(html).not.toContain('<img src=x');
  });

  it('fill the CSV rationale and remediation columns on a failing check\'s rows only', async () => {
    const [header, ...rows] = parseCsv(await renderCsv(vm, results));
    expect(header).toEqual([...CSV_COLUMNS]);
    const col = (name: (typeof CSV_COLUMNS)[number]) => header!.indexOf(name);
    const of = (id: string) => rows.filter((r) => r[col('check_id')] === id);
    expect(of('iam-root-mfa').map((r) => [r[col('rationale')], r[col('remediation')]])).toEqual([[iamRootMfa.rationale, iamRootMfa.remediation]]);
    expect(of('s3-bucket-versioning').map((r) => [r[col('rationale')], r[col('remediation')]])).toEqual([['', '']]);
    expect(of('config:ROOT_ACCOUNT_MFA_ENABLED').map((r) => [r[col('rationale')], r[col('remediation')]])).toEqual([['', '']]);
  });
});
