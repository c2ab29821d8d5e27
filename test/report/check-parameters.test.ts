// A check a control sets parameters for shows them next to it: in the view model (JSON), the
// HTML, the PDF, and in the CSV through its id; a check without parameters renders as before.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildViewModel } from '../../src/report/view-model.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderCsv } from '../../src/report/csv.ts';
import { renderPdfBuffer } from '../../src/report/pdf.ts';
import type { Framework } from '../../src/catalog/schema.ts';
import type { CheckResult, RunResults } from '../../src/domain/results.ts';
import { parseCsv } from '../fixtures/csv-parse.ts';
import { tempDir } from '../helpers.ts';

const none = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 };
const PLAIN = 'config:IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS';
const RULE = 'config:IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS';
const VARIANT = `${RULE}(blockedActionsPatterns=kms:Decrypt,kms:ReEncryptFrom)`;

const check = (id: string, parameters?: Record<string, string>): CheckResult => ({
  id,
  kind: 'config-rule',
  title: `rule of ${id}`,
  scope: 'account',
  ...(parameters ? { parameters } : {}),
  targets: [
    {
      account: '111',
      region: 'global',
      status: 'FAIL',
      counts: { ...none, NON_COMPLIANT: 1 },
      results: [{ resourceType: 'AWS::IAM::Policy', resourceId: 'p1', compliance: 'NON_COMPLIANT' }],
      evidenceKeys: [],
      source: 'configuration-item',
    },
  ],
});

const framework: Framework = {
  id: 'fw',
  name: 'Parameters',
  version: '1',
  controls: [
    {
      id: 'K',
      title: 'keys',
      checks: [VARIANT, PLAIN],
      pairs: [
        { check: RULE, parameters: { blockedActionsPatterns: 'kms:Decrypt,kms:ReEncryptFrom' }, source: 'pack', rationale: 'Policies do not allow decrypting.' },
        { check: PLAIN, source: 'pack', rationale: 'Inline policies too.' },
      ],
      manual: false,
    },
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
  frameworks: [{ id: 'fw', name: 'Parameters', version: '1', controls: [{ id: 'K', status: 'FAIL', reason: 'failed' }], byStatus: { PASS: 0, FAIL: 1, MANUAL: 0, ATTESTED: 0, EXCEPTION: 0, NO_EVIDENCE: 0, ERROR: 0 } }],
  checks: [check(VARIANT, { blockedActionsPatterns: 'kms:Decrypt,kms:ReEncryptFrom' }), check(PLAIN)],
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
  detail: 'full',
});

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('params-report-')));
afterAll(() => cleanup?.());

describe('check parameters in the reports', () => {
  it('the view model carries them with the check and its mapping', () => {
    const [variant, plain] = vm.controls[0]!.checks;
    expect(variant).toMatchObject({ id: VARIANT, parameters: { blockedActionsPatterns: 'kms:Decrypt,kms:ReEncryptFrom' }, mappingRationale: 'Policies do not allow decrypting.' });
    expect(plain).toMatchObject({ id: PLAIN, mappingRationale: 'Inline policies too.' });
    expect(plain).not.toHaveProperty('parameters');
  });

  it('the HTML shows them under the check, and a check without them renders as before', () => {
    const html = renderHtml(vm);
    const para = '\n<p class="check-meta parameters"><span class="label">Parameters:</span> <code><bdi>blockedActionsPatterns=kms:Decrypt,kms:ReEncryptFrom</bdi></code></p>';
    expect(html.split(para).length - 1).toBe(1);
    const bare = structuredClone(vm);
    delete bare.controls[0]!.checks[0]!.parameters;
    expect(renderHtml(bare)).toBe(html.replace(para, ''));
  });

  it('the CSV names them in the check id', async () => {
    const [header, ...rows] = parseCsv(await renderCsv(vm, results));
    const ids = new Set(rows.map((r) => r[header!.indexOf('check_id')]));
    expect(ids).toEqual(new Set([VARIANT, PLAIN]));
  });

  it('the PDF shows them under the check', async () => {
    const file = path.join(dir, 'r.pdf');
    writeFileSync(file, await renderPdfBuffer(vm));
    const text = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Parameters: blockedActionsPatterns=kms:Decrypt,kms:ReEncryptFrom');
    expect(text.split('Parameters:').length - 1).toBe(1);
  });
});
