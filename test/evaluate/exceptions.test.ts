import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExceptions, namesCheck, type ExceptionDef } from '../../src/evaluate/exceptions.ts';
import type { Framework } from '../../src/catalog/schema.ts';
import type { CheckResult } from '../../src/domain/results.ts';
import { applyAcceptance, type AcceptanceContext, type SourcedException } from '../../src/evaluate/acceptance.ts';
import { evaluateControl } from '../../src/evaluate/rollup.ts';
import { AcceptanceFileError } from '../../src/evaluate/yaml-source.ts';
import { CATALOG, checkResults, FRAMEWORK, OTHER } from '../fixtures/acceptance.ts';
import { tempDir } from '../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('exceptions-')));
afterAll(() => cleanup?.());

async function write(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, text);
  return file;
}

async function loadError(name: string, text: string): Promise<string> {
  const file = await write(name, text);
  try {
    await loadExceptions(file, CATALOG, name);
  } catch (err) {
    expect(err).toBeInstanceOf(AcceptanceFileError);
    return (err as Error).message;
  }
  throw new Error(`${name} loaded without error`);
}

const VALID = `# accepted risks
exceptions:
  - id: RISK-1
    control: A
    reason: Encryption arrives with the Q1 migration.
    approver: Dana Whitfield (CISO)
    expires: 2026-12-31
  - id: RISK-2
    check: c1
    framework: fw
    resources:
      - bucket-a
      - { id: bucket-c, account: 222222222222, region: eu-west-1, type: "AWS::S3::Bucket" }
    reason: Legacy buckets.
    approver: Sam
    expires: "2027-01-31"
`;

describe('loading an exceptions file', () => {
  it('reads every field, with the line of each entry', async () => {
    const loaded = await loadExceptions(await write('valid.yaml', VALID), CATALOG);
    expect(loaded.name).toBe('valid.yaml');
    expect(loaded.bytes.toString()).toBe(VALID);
    expect(loaded.exceptions).toEqual([
      { id: 'RISK-1', control: 'A', reason: 'Encryption arrives with the Q1 migration.', approver: 'Dana Whitfield (CISO)', expires: '2026-12-31', line: 3 },
      {
        id: 'RISK-2',
        check: 'c1',
        framework: 'fw',
        // An unquoted account id is read as a number by YAML; it comes back as 12 digits.
        resources: [{ id: 'bucket-a' }, { id: 'bucket-c', account: '222222222222', region: 'eu-west-1', type: 'AWS::S3::Bucket' }],
        reason: 'Legacy buckets.',
        approver: 'Sam',
        expires: '2027-01-31',
        line: 8,
      },
    ]);
  });

  it('names file, line and field for schema errors', async () => {
    const msg = await loadError(
      'bad.yaml',
      `exceptions:
  - id: RISK-1
    control: A
    reason: r
    approver: a
    expires: 31/12/2026
  - id: RISK-2
    control: A
    check: c1
    reason: r
    approver: a
    expires: 2026-12-31
    owner: someone
`,
    );
    expect(msg).toMatch(/^bad\.yaml:6:14: exceptions\.0\.expires: a date written YYYY-MM-DD$/m);
    expect(msg).toMatch(/^bad\.yaml:7:5: exceptions\.1: Unrecognized key.*\(owner\)$/m);
    expect(msg).toMatch(/^bad\.yaml:\d+:\d+: exceptions\.1\.(control|check): name exactly one of control or check$/m);
  });

  it('names file, line and column of invalid YAML', async () => {
    expect(await loadError('broken.yaml', 'exceptions:\n  - id: [unclosed\n')).toMatch(/^broken\.yaml:\d+:\d+: invalid YAML/);
  });

  it('rejects a wrong control, a manual control, an unused check, an unknown framework and duplicate ids, each at its line', async () => {
    const entry = (id: string, what: string): string => `  - id: ${id}\n    ${what}\n    reason: r\n    approver: a\n    expires: 2026-12-31\n`;
    const msg = await loadError(
      'wrong.yaml',
      `exceptions:\n${entry('X1', 'control: NOPE')}${entry('X2', 'control: M')}${entry('X3', 'check: c9')}${entry('X4', 'framework: nope\n    control: A')}${entry('X1', 'control: B')}`,
    );
    expect(msg).toContain('wrong.yaml:3:14: exceptions.0.control: no control "NOPE" in any framework');
    expect(msg).toContain('wrong.yaml:8:14: exceptions.1.control: M is a manual control');
    expect(msg).toContain('wrong.yaml:13:12: exceptions.2.check: no control uses check "c9"');
    expect(msg).toMatch(/wrong\.yaml:18:16: exceptions\.3\.framework: unknown framework "nope"/);
    expect(msg).toContain('wrong.yaml:23:9: exceptions.4.id: duplicate exception id "X1" (first on line 2)');
  });

  it('reports an unreadable file by name', async () => {
    await expect(loadExceptions(path.join(dir, 'missing.yaml'), CATALOG, 'missing.yaml')).rejects.toThrow(/^missing\.yaml: cannot read/);
  });
});

const AS_OF = '2026-11-01';
const source = { file: 'exceptions.yaml', key: 'exceptions/abc/exceptions.yaml', line: 1 };
const exc = (e: Omit<ExceptionDef, 'line' | 'reason' | 'approver'> & Partial<ExceptionDef>): SourcedException => ({ reason: 'accepted', approver: 'CISO', line: 1, source, ...e });
const ctx = (...exceptions: SourcedException[]): AcceptanceContext => ({ exceptions, attestations: [], asOfDate: AS_OF });

function judge(controlId: string, context: AcceptanceContext, fw = FRAMEWORK) {
  const checks = checkResults();
  const control = fw.controls.find((c) => c.id === controlId)!;
  return applyAcceptance(fw, control, evaluateControl(control, checks), checks, context);
}

describe('applying exceptions', () => {
  it('turns FAIL into EXCEPTION with its details when an unexpired exception covers every failing resource', () => {
    const r = judge('A', ctx(exc({ id: 'RISK-1', control: 'A', expires: '2026-12-31' })));
    expect(r.status).toBe('EXCEPTION');
    expect(r.evaluatedStatus).toBe('FAIL');
    expect(r.reason).toContain('RISK-1 (approved by CISO, expires 2026-12-31): accepted');
    expect(r.exceptions).toEqual([expect.objectContaining({ id: 'RISK-1', state: 'active', failingResources: 3, coveredResources: 3, source })]);
  });

  it('is valid through its expiry date, and a FAIL again the day after, listed as expired', () => {
    expect(judge('A', ctx(exc({ id: 'R', control: 'A', expires: AS_OF }))).status).toBe('EXCEPTION');
    const r = judge('A', ctx(exc({ id: 'R', control: 'A', expires: '2026-10-31' })));
    expect(r.status).toBe('FAIL');
    expect(r.evaluatedStatus).toBeUndefined();
    expect(r.reason).toContain('exception R expired on 2026-10-31');
    expect(r.exceptions).toEqual([expect.objectContaining({ id: 'R', state: 'expired' })]);
  });

  it('does nothing to another control, or to the same control id in another framework', () => {
    const wrong = ctx(exc({ id: 'R', control: 'B', expires: '2026-12-31' }));
    const a = judge('A', wrong);
    expect(a.status).toBe('FAIL');
    expect(a.exceptions).toBeUndefined();
    expect(judge('B', wrong).status).toBe('EXCEPTION');
    const scoped = ctx(exc({ id: 'R', framework: 'fw', control: 'A', expires: '2026-12-31' }));
    expect(judge('A', scoped, OTHER).status).toBe('FAIL');
    expect(judge('A', scoped).status).toBe('EXCEPTION');
  });

  it('stays FAIL when its resources cover only some failing resources, and says how many', () => {
    const r = judge('A', ctx(exc({ id: 'R', control: 'A', expires: '2026-12-31', resources: [{ id: 'bucket-a' }, { id: 'bucket-b' }] })));
    expect(r.status).toBe('FAIL');
    expect(r.reason).toContain('c1 in 222222222222/eu-west-1');
    expect(r.reason).not.toContain('111111111111/us-east-1');
    expect(r.reason).toContain('exception R cover(s) 2 of 3 failing resources, not all');
    expect(r.exceptions?.[0]).toMatchObject({ state: 'active', failingResources: 3, coveredResources: 2 });
  });

  it('matches resources by id narrowed by account, region and type', () => {
    const covered = (sel: object) => judge('A', ctx(exc({ id: 'R', control: 'A', expires: '2026-12-31', resources: [{ id: 'bucket-a' }, { id: 'bucket-b' }, { id: 'bucket-c', ...sel }] }))).status;
    expect(covered({ account: '222222222222', region: 'eu-west-1', type: 'AWS::S3::Bucket' })).toBe('EXCEPTION');
    expect(covered({ account: '111111111111' })).toBe('FAIL');
    expect(covered({ region: 'us-east-1' })).toBe('FAIL');
    expect(covered({ type: 'AWS::EC2::Volume' })).toBe('FAIL');
  });

  it('adds up several exceptions: together they may cover every failing resource', () => {
    const r = judge('A', ctx(exc({ id: 'R1', control: 'A', expires: '2026-12-31', resources: [{ id: 'bucket-a' }, { id: 'bucket-b' }] }), exc({ id: 'R2', check: 'c1', expires: '2026-12-31', resources: [{ id: 'bucket-c' }] })));
    expect(r.status).toBe('EXCEPTION');
    expect(r.reason).toContain('R1');
    expect(r.reason).toContain('R2');
  });

  it('applies a check exception to every control using that check', () => {
    const context = ctx(exc({ id: 'R', check: 'c1', expires: '2026-12-31' }));
    expect(judge('A', context).status).toBe('EXCEPTION');
    expect(judge('B', context).status).toBe('EXCEPTION');
    expect(judge('P', context).exceptions).toBeUndefined();
  });

  it('never hides ERROR or NO_EVIDENCE', () => {
    const e = judge('E', ctx(exc({ id: 'R', control: 'E', expires: '2026-12-31' })));
    expect(e.status).toBe('ERROR');
    expect(e.reason).toContain('AccessDenied');
    expect(e.reason).toContain('covered by exception R');
    expect(e.evaluatedStatus).toBe('FAIL');
    const n = judge('N', ctx(exc({ id: 'R', control: 'N', expires: '2026-12-31' })));
    expect(n.status).toBe('NO_EVIDENCE');
  });

  it('leaves a passing control PASS, listing an exception naming it as covering nothing', () => {
    const r = judge('P', ctx(exc({ id: 'R', control: 'P', expires: '2026-12-31' })));
    expect(r.status).toBe('PASS');
    expect(r.exceptions).toEqual([expect.objectContaining({ state: 'active', failingResources: 0, coveredResources: 0 })]);
  });
});

describe('exceptions and checks with parameters', () => {
  const v1 = 'config:SOME_RULE(a=1)';
  const v2 = 'config:SOME_RULE(a=2; b=x; y)';
  const fw: Framework = { id: 'pfw', name: 'Parameters', version: '1', controls: [{ id: 'K', title: 'two variants of one rule', checks: [v1, v2], manual: false }] };
  const failing = (id: string, bucket: string): CheckResult => {
    const c = checkResults().get('c1')!;
    return { ...c, id, kind: 'config-rule', parameters: {}, targets: [{ ...c.targets[0]!, results: [{ resourceType: 'AWS::S3::Bucket', resourceId: bucket, compliance: 'NON_COMPLIANT' }] }] };
  };
  const checks = new Map([failing(v1, 'one'), failing(v2, 'two')].map((c) => [c.id, c]));
  const judgeK = (context: AcceptanceContext) => applyAcceptance(fw, fw.controls[0]!, evaluateControl(fw.controls[0]!, checks), checks, context);

  it('the plain rule names every variant; a full id only its own', () => {
    expect(namesCheck('config:SOME_RULE', v1)).toBe(true);
    expect(namesCheck('config:SOME_RULE', v2)).toBe(true);
    expect(namesCheck(v1, v1)).toBe(true);
    expect(namesCheck(v1, v2)).toBe(false);
    expect(namesCheck('config:SOME', v1)).toBe(false);
    expect(namesCheck('config:SOME_RULE', 'config:SOME_RULE_2')).toBe(false);
  });

  it('an exception naming the rule covers the failures of every variant; one naming a variant only its own', () => {
    expect(judgeK(ctx()).status).toBe('FAIL');
    const all = judgeK(ctx(exc({ id: 'R', check: 'config:SOME_RULE', expires: '2026-12-31' })));
    expect(all.status).toBe('EXCEPTION');
    expect(all.exceptions).toEqual([expect.objectContaining({ id: 'R', failingResources: 2, coveredResources: 2 })]);
    const one = judgeK(ctx(exc({ id: 'R', check: v1, expires: '2026-12-31' })));
    expect(one.status).toBe('FAIL');
    expect(one.exceptions).toEqual([expect.objectContaining({ id: 'R', failingResources: 1, coveredResources: 1 })]);
    expect(judgeK(ctx(exc({ id: 'R', check: v1, expires: '2026-12-31' }), exc({ id: 'S', check: v2, expires: '2026-12-31' }))).status).toBe('EXCEPTION');
  });

  it('loads an exception naming the plain rule or a variant, and refuses a variant no control uses', async () => {
    const catalog = { frameworks: [fw], byId: new Map([[fw.id, fw]]) };
    const entry = (check: string): string => `exceptions:\n  - id: R\n    check: "${check}"\n    reason: r\n    approver: a\n    expires: 2026-12-31\n`;
    for (const check of ['config:SOME_RULE', v1]) await expect(loadExceptions(await write(`ok-${check.length}.yaml`, entry(check)), catalog, 'x')).resolves.toBeDefined();
    await expect(loadExceptions(await write('bad.yaml', entry('config:SOME_RULE(a=3)')), catalog, 'x')).rejects.toThrow(/no control uses check "config:SOME_RULE\(a=3\)"/);
  });
});

