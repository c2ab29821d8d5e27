import { describe, expect, it } from 'vitest';
import { buildViewModel } from '../../src/report/view-model.ts';
import type { Framework } from '../../src/catalog/schema.ts';
import type { RunResults } from '../../src/run/results.ts';

const framework: Framework = {
  id: 'fw',
  name: 'Test framework',
  version: '1',
  controls: [
    { id: 'B', title: 'second in results, first in catalog', checks: ['chk'], manual: false },
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
