import { describe, expect, it } from 'vitest';
import { evaluateControl, targetStatus, worst } from '../../src/evaluate/rollup.ts';
import { configRuleOutcome } from '../../src/evaluate/config-rule.ts';
import { evaluateChecks } from '../../src/evaluate/checks.ts';
import { resolveCheck } from '../../src/catalog/checks.ts';
import type { CheckResult } from '../../src/domain/results.ts';
import type { TargetEvidence } from '../../src/collect/engine.ts';

const res = (compliance: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE', id = 'r') => ({ resourceType: 'AWS::S3::Bucket', resourceId: id, compliance });

describe('status roll-up', () => {
  it('never turns ERROR or NO_EVIDENCE into PASS', () => {
    expect(worst(['PASS', 'ERROR'])).toBe('ERROR');
    expect(worst(['PASS', 'NO_EVIDENCE'])).toBe('NO_EVIDENCE');
    expect(worst(['ERROR', 'NO_EVIDENCE', 'PASS'])).toBe('ERROR');
    expect(worst(['FAIL', 'ERROR'])).toBe('FAIL');
    expect(worst([])).toBe('NO_EVIDENCE');
  });

  it('judges a target from its resources', () => {
    expect(targetStatus({ kind: 'evaluated', results: [res('COMPLIANT'), res('NON_COMPLIANT')] }).status).toBe('FAIL');
    expect(targetStatus({ kind: 'evaluated', results: [res('COMPLIANT'), res('NOT_APPLICABLE')] }).status).toBe('PASS');
    expect(targetStatus({ kind: 'evaluated', results: [] }).status).toBe('NO_EVIDENCE');
    expect(targetStatus({ kind: 'error', reason: 'AccessDenied' })).toEqual({ status: 'ERROR', reason: 'AccessDenied' });
  });

  const check = (id: string, statuses: ('PASS' | 'FAIL' | 'ERROR' | 'NO_EVIDENCE')[]): CheckResult => ({
    id,
    kind: 'api',
    title: id,
    scope: 'region',
    targets: statuses.map((status, i) => ({
      account: '1',
      region: `r${i}`,
      status,
      reason: `why ${status}`,
      counts: { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 },
      results: [],
      evidenceKeys: [],
    })),
  });
  const control = (checks: string[]) => ({ id: 'C', title: 'c', checks, manual: checks.length === 0, guidance: 'g' });

  it('rolls checks up into a control with a reason naming where', () => {
    const m = new Map([
      ['a', check('a', ['PASS', 'PASS'])],
      ['b', check('b', ['PASS', 'ERROR'])],
      ['c', check('c', ['FAIL', 'ERROR'])],
    ]);
    expect(evaluateControl(control(['a']), m).status).toBe('PASS');
    const e = evaluateControl(control(['a', 'b']), m);
    expect(e.status).toBe('ERROR');
    expect(e.reason).toContain('b in 1/r1 (why ERROR)');
    expect(evaluateControl(control(['a', 'b', 'c']), m).status).toBe('FAIL');
    expect(evaluateControl(control([]), m).status).toBe('MANUAL');
    expect(evaluateControl(control(['missing']), m).status).toBe('ERROR');
  });

  it("names the failing targets' resources in all, not one target's count as the check's", () => {
    const withReasons = (id: string, reasons: string[]): CheckResult => {
      const c = check(id, reasons.map(() => 'FAIL'));
      c.targets.forEach((t, i) => (t.reason = reasons[i]));
      return c;
    };
    const m = new Map([
      ['counted', withReasons('counted', ['4 of 8 resources non-compliant', '4 of 8 resources non-compliant', '10 of 16 resources non-compliant'])],
      ['mixed', withReasons('mixed', ['root has no MFA', 'password policy too weak'])],
      ['same', withReasons('same', ['root has no MFA', 'root has no MFA'])],
    ]);
    expect(evaluateControl(control(['counted']), m).reason).toBe('failed: counted in 1/r0, 1/r1, 1/r2 (18 of 32 resources non-compliant)');
    expect(evaluateControl(control(['mixed']), m).reason).toBe('failed: mixed in 1/r0, 1/r1 (1/r0: root has no MFA; other reasons elsewhere)');
    expect(evaluateControl(control(['same']), m).reason).toBe('failed: same in 1/r0, 1/r1 (root has no MFA)');
  });
});

describe('Config rule evidence', () => {
  const ev = (name: string, results: [string, string][]) => ({
    sourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED',
    rules: [
      {
        ConfigRuleName: name,
        evaluationResults: results.map(([id, c]) => ({
          EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: name, ResourceType: 'AWS::S3::Bucket', ResourceId: id } },
          ComplianceType: c as 'COMPLIANT',
        })),
      },
    ],
  });
  it('keeps the worst verdict when two deployed rules judge one resource', () => {
    const o = configRuleOutcome('S3_BUCKET_VERSIONING_ENABLED', [ev('a', [['b1', 'COMPLIANT']]), ev('b-conformance-pack-x', [['b1', 'NON_COMPLIANT'], ['b2', 'COMPLIANT']])]);
    expect(o).toMatchObject({ kind: 'evaluated', results: [{ resourceId: 'b1', compliance: 'NON_COMPLIANT' }, { resourceId: 'b2', compliance: 'COMPLIANT' }] });
  });
  it('reads a deployed rule without results as NO_EVIDENCE', () => {
    expect(configRuleOutcome('S3_BUCKET_VERSIONING_ENABLED', [ev('a', [])]).kind).toBe('no_evidence');
  });

  it('evaluates account-scoped rules once per account from any region that has them', () => {
    const iam = resolveCheck('config:IAM_USER_MFA_ENABLED')!;
    const te = (region: string, f: TargetEvidence['configRules'] extends Map<string, infer V> ? V : never): TargetEvidence => ({
      target: { account: '1', region },
      datasets: new Map(),
      configRules: new Map([['IAM_USER_MFA_ENABLED', f]]),
    });
    const found = { ok: true as const, key: 'k', data: { ...ev('iam-user-mfa', [['alice', 'NON_COMPLIANT']]), sourceIdentifier: 'IAM_USER_MFA_ENABLED' } };
    const [r] = evaluateChecks([iam], [te('us-east-1', found), te('eu-west-1', { ok: false, notDeployed: true, reason: 'x' })]);
    expect(r!.targets).toHaveLength(1);
    expect(r!.targets[0]).toMatchObject({ region: 'global', status: 'FAIL', evidenceKeys: ['k'] });
    const [none] = evaluateChecks([iam], [te('us-east-1', { ok: false, notDeployed: true, reason: 'x' })]);
    expect(none!.targets[0]!.status).toBe('NO_EVIDENCE');
    const [err] = evaluateChecks([iam], [te('us-east-1', { ok: false, reason: 'access denied' }), te('eu-west-1', { ok: false, notDeployed: true, reason: 'x' })]);
    expect(err!.targets[0]!.status).toBe('ERROR');
  });

  it('reads a regional rule not deployed in a region as NO_EVIDENCE there, and a failed listing as ERROR', () => {
    const s3 = resolveCheck('config:S3_BUCKET_VERSIONING_ENABLED')!;
    const [r] = evaluateChecks(
      [s3],
      [
        { target: { account: '1', region: 'a' }, datasets: new Map(), configRules: new Map([['S3_BUCKET_VERSIONING_ENABLED', { ok: false, notDeployed: true, reason: 'not deployed' }]]) },
        { target: { account: '1', region: 'b' }, datasets: new Map(), configRules: new Map([['S3_BUCKET_VERSIONING_ENABLED', { ok: false, reason: 'throttled' }]]) },
      ],
    );
    expect(r!.targets.map((t) => t.status)).toEqual(['NO_EVIDENCE', 'ERROR']);
  });
});
