// OSCAL and OCSF writers on the fixture view models (every control status, hostile strings): the
// documents validate against the NIST schemas and the OCSF attributes, are byte-stable, map each
// status as documented, and a run with nothing open still gives a valid POA&M.
import { describe, expect, it } from 'vitest';
import { buildAssessmentResults } from '../../src/report/oscal-ar.ts';
import { buildPoam } from '../../src/report/oscal-poam.ts';
import { ocsfRecords } from '../../src/report/ocsf.ts';
import { jsonTextChunks, STATUS_MAP, toJsonText, uuidOf } from '../../src/report/oscal-common.ts';
import type { ReportViewModel } from '../../src/report/types.ts';
import { hostileViewModel, sampleViewModel } from '../fixtures/view-model.ts';
import { hostileRunViewModel } from '../fixtures/hostile-run.ts';
import { ocsfProblems, validateAssessmentPlan, validateAssessmentResults, validatePoam } from '../fixtures/oscal-validate.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const models = (): [string, ReportViewModel][] => [
  ['sample', sampleViewModel()],
  ['hostile', hostileViewModel()],
  ['hostile run', hostileRunViewModel().vm],
];

describe('OSCAL from the fixture view models', () => {
  it('validates (results, embedded plan, POA&M), hostile strings included, and is byte-stable', () => {
    for (const [name, vm] of models()) {
      const ar = buildAssessmentResults(vm) as Json;
      expect(validateAssessmentResults(ar), name).toEqual([]);
      const plan = (ar['assessment-results']['back-matter'].resources as Json[])[0]!;
      expect(validateAssessmentPlan(JSON.parse(Buffer.from(plan.base64.value as string, 'base64').toString('utf8'))), name).toEqual([]);
      expect(validatePoam(buildPoam(vm)), name).toEqual([]);
      expect(toJsonText(buildAssessmentResults(vm))).toBe(toJsonText(ar));
      // The chunked writer gives the very bytes JSON.stringify would.
      expect(`${[...jsonTextChunks(ar)].join('')}\n`).toBe(toJsonText(ar));
      expect(`${[...jsonTextChunks(buildPoam(vm))].join('')}\n`).toBe(toJsonText(buildPoam(vm)));
    }
    const odd = { a: [], b: {}, c: [[], [{}], [1, 'x\ny', null]], d: undefined, e: { f: { g: { h: { i: { j: [1, { k: 2 }] } } } } } };
    expect([...jsonTextChunks(odd)].join('')).toBe(JSON.stringify(odd, null, 2));
  });

  it('maps every control status as documented, and says which controls were not assessed', () => {
    const vm = sampleViewModel();
    const seen = new Set<string>();
    const findings = (buildAssessmentResults(vm) as Json)['assessment-results'].results[0].findings as Json[];
    for (const [i, c] of vm.controls.entries()) {
      const status = findings[i]!.target.status as Json;
      expect({ state: status.state, reason: status.reason }).toEqual({ state: STATUS_MAP[c.status].state, reason: STATUS_MAP[c.status].reason });
      seen.add(c.status);
    }
    expect(seen.size).toBeGreaterThanOrEqual(5);
    for (const s of ['MANUAL', 'NO_EVIDENCE', 'ERROR'] as const) expect(STATUS_MAP[s]).toMatchObject({ state: 'not-satisfied', reason: 'other' });
    expect(Object.entries(STATUS_MAP).filter(([, m]) => m.state === 'satisfied').map(([s]) => s).sort()).toEqual(['ATTESTED', 'PASS']);
  });

  it('gives a POA&M with a single "No open items" item when nothing fails and no exception is open', () => {
    const base = sampleViewModel();
    const vm: ReportViewModel = { ...base, controls: base.controls.map((c) => ({ ...c, status: 'PASS', exceptions: [] })) };
    const poam = buildPoam(vm) as Json;
    expect(validatePoam(poam)).toEqual([]);
    expect(poam['plan-of-action-and-milestones']['poam-items']).toHaveLength(1);
    expect(poam['plan-of-action-and-milestones']['poam-items'][0].title).toBe('No open items');
  });

  it('makes name-based version-5 UUIDs: the same parts give the same UUID, other parts another', () => {
    expect(uuidOf('run', 'fw', 'x')).toBe(uuidOf('run', 'fw', 'x'));
    expect(uuidOf('run', 'fw', 'x')).not.toBe(uuidOf('run', 'fw', 'y'));
    expect(uuidOf('a', 'bc')).not.toBe(uuidOf('ab', 'c'));
    expect(uuidOf('run')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('OCSF from the hostile run', () => {
  it('gives records valid for class 2003 whatever the resource ids and annotations hold', async () => {
    const { results, vm } = hostileRunViewModel();
    let n = 0;
    for await (const r of ocsfRecords(vm, results)) {
      expect(ocsfProblems(r as Json)).toEqual([]);
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
      n++;
    }
    expect(n).toBeGreaterThan(0);
  });
});
