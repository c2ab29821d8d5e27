// The mapping between our controls and an assessment's: by the id a control's name starts with,
// or by a mapping file whose mistakes are named by file, line and field.
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from '../../src/catalog/load.ts';
import { chooseFramework, loadMapping, matchControls, MappingError } from '../../src/auditmanager/mapping.ts';
import { isQuotaError } from '../../src/auditmanager/push.ts';
import { tempDir } from '../helpers.ts';

let catalog: Catalog;
let dir: string;
let cleanup: () => Promise<void>;
const assessment = {
  controlSets: [
    { id: 'Access', controls: [{ id: 'a1', name: 'CC6.1 Logical access security' }, { id: 'a2', name: 'Provisioning of users' }] },
    { id: 'Ops', controls: [{ id: 'o1', name: 'CC7.2: anomaly detection' }, { id: 'o2', name: 'Provisioning of users' }] },
  ],
};

beforeAll(async () => {
  catalog = await loadCatalog([], undefined, { cache: null });
  ({ dir, cleanup } = await tempDir('evidence-am-map-'));
});
afterAll(() => cleanup?.());

describe('matchControls', () => {
  it('matches by the id a name starts with, and by the mapping file where names differ', () => {
    const soc2 = catalog.byId.get('soc2')!;
    expect(matchControls(soc2, assessment, null).map((m) => [m.ours, m.controlId, m.how])).toEqual([
      ['CC6.1', 'a1', 'id'],
      ['CC7.2', 'o1', 'id'],
    ]);
    const mapped = matchControls(soc2, assessment, { controls: [{ ours: 'CC6.2', theirs: 'Provisioning of users', controlSet: 'Access' }] });
    expect(mapped.map((m) => [m.ours, m.controlSetId, m.controlId, m.how])).toEqual([
      ['CC6.2', 'Access', 'a2', 'mapping'],
      ['CC6.1', 'Access', 'a1', 'id'],
      ['CC7.2', 'Ops', 'o1', 'id'],
    ]);
  });

  it('names the entry and field of a mapping that does not resolve', () => {
    const soc2 = catalog.byId.get('soc2')!;
    expect(() => matchControls(soc2, assessment, { controls: [{ ours: 'CC9.9', theirs: 'x' }] }, 'm.yaml')).toThrow(/m\.yaml: controls\.0\.ours: soc2 has no control "CC9\.9"/);
    expect(() => matchControls(soc2, assessment, { controls: [{ ours: 'CC6.2', theirs: 'Provisioning of users' }] }, 'm.yaml')).toThrow(/controls\.0\.theirs: "Provisioning of users" is in several control sets \("Access", "Ops"\); name one with controlSet/);
    expect(() => matchControls(soc2, assessment, { controls: [{ ours: 'CC6.2', theirs: 'x', controlSet: 'Nope' }] }, 'm.yaml')).toThrow(MappingError);
  });

  it('chooses the framework matching most controls, or says to name one', () => {
    const fws = ['soc2', 'aws-baseline'].map((id) => catalog.byId.get(id)!);
    expect(chooseFramework(fws, assessment, undefined).id).toBe('soc2');
    expect(() => chooseFramework([catalog.byId.get('aws-baseline')!], assessment, undefined)).toThrow(/--framework and the pairs in a --mapping file/);
    expect(() => chooseFramework(fws, assessment, 'hipaa-security')).toThrow(/not among the run's frameworks \(soc2, aws-baseline\)/);
  });
});

describe('loadMapping', () => {
  it('reads a valid file and names file, line and field of a bad one', async () => {
    const good = path.join(dir, 'good.yaml');
    await fs.writeFile(good, 'framework: soc2\ncontrols:\n  - ours: CC6.2\n    theirs: Provisioning of users\n    controlSet: Access\n');
    expect(await loadMapping(good)).toEqual({ framework: 'soc2', controls: [{ ours: 'CC6.2', theirs: 'Provisioning of users', controlSet: 'Access' }] });
    const bad = path.join(dir, 'bad.yaml');
    await fs.writeFile(bad, 'framework: soc2\ncontrols:\n  - ours: CC6.2\n    their: typo\n');
    await expect(loadMapping(bad)).rejects.toThrow(/bad\.yaml:3:\d+: controls\.0\.theirs: .*\n.*bad\.yaml:3:\d+: controls\.0: .*\(their\)/);
  });
});

describe('isQuotaError', () => {
  it('tells a quota error from a rejected item', () => {
    expect(isQuotaError({ errorCode: '429', errorMessage: 'x' })).toBe(true);
    expect(isQuotaError({ errorCode: '400', errorMessage: 'You reached the daily limit of uploads' })).toBe(true);
    expect(isQuotaError({ errorCode: '400', errorMessage: 'A manual evidence item must have exactly one field' })).toBe(false);
  });
});
