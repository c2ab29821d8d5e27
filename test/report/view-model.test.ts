import { describe, expect, it } from 'vitest';
import { buildViewModel, serviceOf } from '../../src/report/view-model.ts';
import { diffRuns } from '../../src/report/changes.ts';
import { renderHtml } from '../../src/report/html.ts';
import type { Framework } from '../../src/catalog/schema.ts';
import type { RunResults } from '../../src/domain/results.ts';

const framework: Framework = {
  id: 'fw',
  name: 'Test framework',
  version: '1',
  controls: [
    {
      id: 'B',
      title: 'second in results, first in catalog',
      checks: ['chk'],
      pairs: [{ check: 'chk', source: 'this project: the check reads the setting B names', rationale: 'Evidence for "B": the check reads the setting B requires.' }],
      manual: false,
    },
    { id: 'A', title: 'manual', checks: [], manual: true, guidance: 'attest it' },
    { id: 'C', title: 'missing from results', checks: ['gone'], manual: false },
  ],
};

const counts = { COMPLIANT: 1, NON_COMPLIANT: 3, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 };
const results: RunResults = {
  schema: 'run-results/v1',
  runId: 'r1',
  startedAt: '2026-11-01T00:00:00.000Z',
  finishedAt: '2026-11-01T00:05:00.000Z',
  status: 'partial',
  toolVersion: '1.2.3',
  scope: { accounts: ['111'], regions: ['us-east-1'] },
  frameworks: [
    {
      id: 'fw',
      name: 'Test framework',
      version: '1',
      controls: [
        { id: 'A', status: 'MANUAL', reason: 'manual' },
        { id: 'B', status: 'FAIL', reason: 'failed' },
      ],
      byStatus: { PASS: 0, FAIL: 1, MANUAL: 1, ATTESTED: 0, EXCEPTION: 0, NO_EVIDENCE: 0, ERROR: 0 },
    },
  ],
  checks: [
    {
      id: 'chk',
      kind: 'api',
      title: 'A check',
      scope: 'region',
      targets: [
        {
          account: '111',
          region: 'us-east-1',
          status: 'FAIL',
          reason: '3 of 4',
          counts,
          results: [
            { resourceType: 'T', resourceId: 'ok', compliance: 'COMPLIANT' },
            { resourceType: 'T', resourceId: 'x1', compliance: 'NON_COMPLIANT', annotation: 'bad' },
            { resourceType: 'T', resourceId: 'x2', compliance: 'NON_COMPLIANT' },
            { resourceType: 'T', resourceId: 'x3', compliance: 'NON_COMPLIANT' },
          ],
          evidenceKeys: ['evidence/111/us-east-1/d.json'],
        },
      ],
    },
  ],
  coverage: {
    collections: [{ account: '111', region: 'us-east-1', collector: 'd', status: 'failed', calls: 1, failedCalls: 1, reason: 'access denied', operation: 'Op' }],
    rulesNotDeployed: [],
    calls: { calls: 1, byOutcome: { ok: 0, retried: 0, throttled: 0, denied: 1, failed: 0, not_found: 0 } },
  },
  evidence: [
    { key: 'evidence/111/us-east-1/d.json', versionId: 'v1', sha256: 'a'.repeat(64), size: 10, collectedAt: '2026-11-01T00:01:00.000Z', reused: false },
    { key: 'evidence/111/us-east-1/unrelated.json', versionId: 'v1', sha256: 'b'.repeat(64), size: 10, collectedAt: '2026-11-01T00:01:00.000Z', reused: false },
  ],
};

const vm = buildViewModel({
  results,
  framework,
  manifest: { key: 'runs/r1/manifest.json', sha256: 'c'.repeat(64), signatureKey: 'runs/r1/manifest.json.sig' },
  signer: { algorithm: 'Ed25519', keyId: 'ed25519:abc', publicKeyFingerprint: 'f'.repeat(64), publicKeyFile: 'public-key.pem' },
  store: 'file:///s',
  previousRunId: null,
  failingResourceCap: 2,
});

describe('report view model', () => {
  it('lists every control in catalog order, manual ones included', () => {
    expect(vm.controls.map((c) => [c.id, c.status])).toEqual([
      ['B', 'FAIL'],
      ['A', 'MANUAL'],
      ['C', 'ERROR'],
    ]);
    expect(vm.controls[1]).toMatchObject({ manual: true, guidance: 'attest it' });
  });

  it('carries the rationale and source of each check under its control, and shows them in the HTML', () => {
    expect(vm.controls[0]!.checks[0]).toMatchObject({ mappingRationale: 'Evidence for "B": the check reads the setting B requires.', mappingSource: 'this project: the check reads the setting B names' });
    expect(vm.controls[2]!.checks[0]!.mappingRationale).toBeUndefined();
    const html = renderHtml(vm);
    expect(html).toContain('Why this check:');
    expect(html).toContain('Evidence for &quot;B&quot;: the check reads the setting B requires.');
  });

  it('never shows a control without a result as anything but ERROR', () => {
    expect(vm.controls[2]!.statusReason).toMatch(/no result recorded/);
    expect(vm.controls[2]!.checks[0]).toMatchObject({ id: 'gone', status: 'ERROR' });
  });

  it('caps failing resources and counts the rest', () => {
    const chk = vm.controls[0]!.checks[0]!;
    expect(chk.failingResources.map((r) => r.resourceId)).toEqual(['x1', 'x2']);
    expect(chk.failingResourcesOmitted).toBe(1);
  });

  it('summarises statuses and the pass rate over judged controls', () => {
    expect(vm.summary.total).toBe(3);
    expect(vm.summary.byStatus).toMatchObject({ FAIL: 1, MANUAL: 1, ERROR: 1, PASS: 0 });
    expect(vm.summary.passRate).toBe(0);
  });

  it('indexes only the evidence behind this framework, and lists coverage gaps', () => {
    expect(vm.evidence.map((e) => e.key)).toEqual(['evidence/111/us-east-1/d.json']);
    expect(vm.coverage.failures).toEqual([{ account: '111', region: 'us-east-1', collector: 'd', operation: 'Op', reason: 'access denied' }]);
    expect(vm.coverage.controlsWithoutEvidence.map((c) => c.controlId)).toEqual(['A', 'C']);
    expect(vm.generatedAt).toBe(results.finishedAt);
  });
});

describe('report view model: accepted risks, attestations, coverage and changes', () => {
  const source = (key: string) => ({ file: key.split('/').at(-1)!, key, line: 3 });
  const withAcceptance: RunResults = {
    ...results,
    frameworks: [
      {
        ...results.frameworks[0]!,
        controls: [
          {
            id: 'A',
            status: 'ATTESTED',
            reason: 'attested',
            evaluatedStatus: 'MANUAL',
            attestations: [
              {
                framework: 'fw',
                control: 'A',
                statement: 'done',
                attester: 'Sam',
                date: '2026-10-01',
                validUntil: '2027-10-01',
                state: 'valid',
                document: { name: 'doc.pdf', key: 'attestations/d/doc.pdf', versionId: 'v00000001', sha256: 'd'.repeat(64), size: 3 },
                source: source('attestations/y/a.yaml'),
              },
            ],
          },
          {
            id: 'B',
            status: 'FAIL',
            reason: 'failed',
            exceptions: [
              { id: 'R1', control: 'B', resources: [{ id: 'x1' }], reason: 'r', approver: 'a', expires: '2027-01-01', state: 'active', failingResources: 3, coveredResources: 1, source: source('exceptions/e/exceptions.yaml') },
              { id: 'R0', check: 'chk', reason: 'r', approver: 'a', expires: '2020-01-01', state: 'expired', failingResources: 3, coveredResources: 3, source: source('exceptions/e/exceptions.yaml') },
            ],
          },
        ],
        byStatus: { PASS: 0, FAIL: 1, MANUAL: 0, ATTESTED: 1, EXCEPTION: 0, NO_EVIDENCE: 0, ERROR: 0 },
      },
    ],
    evidence: [
      ...results.evidence,
      { key: 'attestations/d/doc.pdf', versionId: 'v00000001', sha256: 'd'.repeat(64), size: 3, collectedAt: '2026-11-01T00:04:00.000Z', reused: false },
      { key: 'attestations/y/a.yaml', versionId: 'v00000001', sha256: 'e'.repeat(64), size: 3, collectedAt: '2026-11-01T00:04:00.000Z', reused: false },
      { key: 'exceptions/e/exceptions.yaml', versionId: 'v00000002', sha256: 'f'.repeat(64), size: 3, collectedAt: '2026-11-01T00:04:00.000Z', reused: true },
    ],
  };
  const base = {
    framework,
    manifest: { key: 'runs/r1/manifest.json', sha256: 'c'.repeat(64), signatureKey: 'runs/r1/manifest.json.sig' },
    signer: { algorithm: 'Ed25519', keyId: 'ed25519:abc', publicKeyFingerprint: 'f'.repeat(64), publicKeyFile: 'public-key.pem' },
    store: 'file:///s',
    previousRunId: null,
    failingResourceCap: 2,
  };
  const v = buildViewModel({ ...base, results: withAcceptance, organization: 'Acme Corp' });

  it('carries the exceptions and attestations of each control, and the status from the evidence alone', () => {
    expect(v.organization).toEqual({ name: 'Acme Corp' });
    const b = v.controls[0]!;
    expect(b.exceptions.map((e) => [e.id, e.state])).toEqual([
      ['R1', 'active'],
      ['R0', 'expired'],
    ]);
    const a = v.controls[1]!;
    expect(a).toMatchObject({ status: 'ATTESTED', evaluatedStatus: 'MANUAL' });
    expect(a.attestations[0]?.document?.key).toBe('attestations/d/doc.pdf');
    expect(v.controls[2]).toMatchObject({ exceptions: [], attestations: [] });
    expect(v.summary.exceptions).toEqual({ active: 1, expired: 1 });
    expect(v.summary.attestations).toEqual({ valid: 1, expired: 0, notYetValid: 0 });
  });

  it('marks the failing resources an active exception covers (an expired one covers nothing)', () => {
    const failing = v.controls[0]!.checks[0]!.failingResources;
    expect(failing.map((f) => [f.resourceId, f.exceptionIds])).toEqual([
      ['x1', ['R1']],
      ['x2', undefined],
    ]);
  });

  it('indexes the attestation documents and the exception and attestation files, with their kind', () => {
    expect(v.evidence.map((e) => [e.kind, e.key])).toEqual([
      ['aws', 'evidence/111/us-east-1/d.json'],
      ['attestation', 'attestations/d/doc.pdf'],
      ['attestation', 'attestations/y/a.yaml'],
      ['exceptions', 'exceptions/e/exceptions.yaml'],
    ]);
  });

  it('summarises coverage by service and AWS calls by outcome', () => {
    expect(v.coverage.services).toEqual([{ service: 'd', collected: 0, failed: 1, accounts: ['111'], regions: ['us-east-1'] }]);
    expect(v.coverage.calls).toEqual({ total: 1, ok: 0, retried: 0, throttled: 0, denied: 1, failed: 0, notFound: 0 });
    expect(serviceOf({ collector: 'config-rule/S3_BUCKET_VERSIONING_ENABLED' })).toBe('config');
    expect(serviceOf({ collector: 'config-recorders' })).toBe('config');
    expect(serviceOf({ collector: 'cloudtrail-trails' })).toBe('cloudtrail');
    expect(serviceOf({ collector: 'x', service: 'guardduty' })).toBe('guardduty');
    expect(serviceOf({ collector: 'configuration-items' })).toBe('config');
    expect(serviceOf({ collector: 'access-analyzer-analyzers' })).toBe('access-analyzer');
  });

  it('gives OpenSSL commands for the signature algorithm, and pdfsig when the PDF carries a PAdES signature', () => {
    const cmds = v.verification.commands.map((c) => c.command).join('\n');
    expect(cmds).toContain('openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in fw.pdf -sigfile sig.bin');
    expect(cmds).not.toContain('pdfsig');
    const cert = { subject: 'CN=x', issuer: 'CN=x', serialNumber: '01', notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2027-01-01T00:00:00.000Z', sha256: 'a'.repeat(64) };
    const ec = buildViewModel({ ...base, results, signer: { ...base.signer, algorithm: 'ECDSA_P256_SHA256' }, pdfCertificate: cert });
    const ecCmds = ec.verification.commands.map((c) => c.command).join('\n');
    expect(ecCmds).toContain('openssl dgst -sha256 -verify public-key.pem -signature sig.der fw.pdf');
    expect(ecCmds).toContain('pdfsig fw.pdf');
    expect(ec.verification.pades).toBe(true);
    expect(ec.signer.pdfCertificate).toEqual(cert);
  });

  it('diffs with the previous run: status changes in catalog order, new and resolved findings', () => {
    const previous: RunResults = {
      ...results,
      runId: 'r0',
      finishedAt: '2026-10-31T00:05:00.000Z',
      frameworks: [{ ...results.frameworks[0]!, controls: [{ id: 'B', status: 'PASS', reason: 'ok' }], byStatus: { PASS: 1, FAIL: 0, MANUAL: 0, ATTESTED: 0, EXCEPTION: 0, NO_EVIDENCE: 0, ERROR: 0 } }],
      checks: [
        {
          ...results.checks[0]!,
          targets: [{ ...results.checks[0]!.targets[0]!, results: [{ resourceType: 'T', resourceId: 'x1', compliance: 'NON_COMPLIANT' }, { resourceType: 'T', resourceId: 'gone', compliance: 'NON_COMPLIANT' }] }],
        },
      ],
    };
    const changes = diffRuns(previous, results, framework);
    expect(changes).toEqual({
      previousRunId: 'r0',
      previousFinishedAt: '2026-10-31T00:05:00.000Z',
      previousPassRate: 1,
      byStatusDelta: { PASS: -1, FAIL: 1, MANUAL: 1, ATTESTED: 0, EXCEPTION: 0, NO_EVIDENCE: 0, ERROR: 0 },
      changed: [
        { controlId: 'B', title: 'second in results, first in catalog', from: 'PASS', to: 'FAIL' },
        { controlId: 'A', title: 'manual', from: null, to: 'MANUAL' },
      ],
      newlyFailingResources: 2,
      resolvedResources: 1,
    });
    expect(diffRuns({ ...previous, frameworks: [] }, results, framework)).toBeNull();
    const withChanges = buildViewModel({ ...base, results, changes });
    expect(withChanges.summary.changes).toBe(changes);
  });
});
