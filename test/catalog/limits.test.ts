// Framework, exception and attestation files have limits (README "Limits"): sizes, lengths,
// counts and id patterns, each refused with the file and line of the offending field.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogError, loadFrameworkFile } from '../../src/catalog/load.ts';
import { CATALOG_LIMITS } from '../../src/catalog/schema.ts';
import { loadExceptions } from '../../src/evaluate/exceptions.ts';
import { loadAttestations } from '../../src/evaluate/attestations.ts';
import { ACCEPTANCE_LIMITS, AcceptanceFileError } from '../../src/evaluate/yaml-source.ts';
import { CATALOG } from '../fixtures/acceptance.ts';
import { tempDir } from '../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('limits-')));
afterAll(() => cleanup?.());

async function write(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, text);
  return file;
}

const framework = (controls: string): string => `id: mine\nname: Mine\nversion: 1\ncontrols:\n${controls}`;
const control = (id: string, title = 'Root MFA'): string => `  - id: ${JSON.stringify(id)}\n    title: ${title}\n    checks: [config:ROOT_ACCOUNT_MFA_ENABLED]\n`;

async function frameworkError(name: string, text: string): Promise<string> {
  const err = await loadFrameworkFile(await write(name, text), { cache: null }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `${name} loaded`).toBeInstanceOf(CatalogError);
  return (err as Error).message;
}

describe('framework files', () => {
  it('refuses a 2,000,000-character title at once, naming file:line', async () => {
    const t0 = performance.now();
    const msg = await frameworkError('huge-title.yaml', framework(control('M.1') + control('M.2', 'x'.repeat(2_000_000))));
    expect(msg).toMatch(/huge-title\.yaml:9:12: controls\.1\.title: longer than the limit of 500 characters/);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });

  it('control ids: the pattern, no "..", no "/"; the usual forms load', async () => {
    for (const [id, line] of [['../../etc', 5], ['AC-2/1', 5], ['A..B', 5], ['x'.repeat(65), 5], ['AC\u00072', 5]] as const) {
      const msg = await frameworkError('bad-id.yaml', framework(control(id)));
      expect(msg, id).toMatch(new RegExp(`bad-id\\.yaml:${line}:\\d+: controls\\.0\\.id: `));
    }
    const parent = await frameworkError('bad-parent.yaml', framework(control('M.1') + `  - id: M.2\n    title: t\n    parent: ../M.1\n    checks: [config:ROOT_ACCOUNT_MFA_ENABLED]\n`));
    expect(parent).toMatch(/bad-parent\.yaml:10:13: controls\.1\.parent: /);
    const fw = await loadFrameworkFile(await write('good.yaml', framework(['AC-2(1)', '164.308(a)(1)(ii)(A)', 'A.5.1', 'CC6.1', 'Req 1_2'].map((id) => control(id)).join(''))), { cache: null });
    expect(fw.controls.map((c) => c.id)).toEqual(['AC-2(1)', '164.308(a)(1)(ii)(A)', 'A.5.1', 'CC6.1', 'Req 1_2']);
  });

  it('refuses a file over the size limit before parsing it, and too many controls', async () => {
    const big = await frameworkError('big.yaml', framework(control('M.1')) + `# ${'x'.repeat(CATALOG_LIMITS.fileBytes)}\n`);
    expect(big).toMatch(/big\.yaml: framework file is 4,194,[0-9]{3} bytes, over the limit of 4,194,304/);
    const many = Array.from({ length: CATALOG_LIMITS.controls + 1 }, (_, i) => control(`M.${i}`)).join('');
    expect(await frameworkError('many.yaml', framework(many))).toMatch(/many\.yaml:5:3: controls: more than 5,000 controls/);
  });
});

describe('exceptions and attestations files', () => {
  const exception = (fields: string): string => `exceptions:\n  - id: RISK-1\n    control: A\n    reason: ok\n    approver: Dana\n    expires: 2026-12-31\n${fields}`;

  it('refuses over-long text, bad ids and oversized files with file:line', async () => {
    const err = async (name: string, text: string): Promise<string> =>
      loadExceptions(await write(name, text), CATALOG, name).then(
        () => {
          throw new Error(`${name} loaded`);
        },
        (e: unknown) => (expect(e).toBeInstanceOf(AcceptanceFileError), (e as Error).message),
      );
    expect(await err('long.yaml', exception('').replace('reason: ok', `reason: ${'r'.repeat(ACCEPTANCE_LIMITS.textLength + 1)}`))).toMatch(/long\.yaml:4:13: exceptions\.0\.reason: longer than the limit of 10,000 characters/);
    expect(await err('id.yaml', exception('').replace('id: RISK-1', 'id: ../RISK'))).toMatch(/id\.yaml:2:9: exceptions\.0\.id: /);
    expect(await err('ctl.yaml', exception('').replace('control: A', 'control: A/../B'))).toMatch(/ctl\.yaml:3:14: exceptions\.0\.control: /);
    expect(await err('big.yaml', exception('') + `# ${'x'.repeat(ACCEPTANCE_LIMITS.fileBytes)}\n`)).toMatch(/big\.yaml: 1,048,[0-9]{3} bytes, over the limit of 1,048,576/);
  });

  it('attestations: statement length and control id', async () => {
    const att = (statement: string, ctl = 'M'): string => `framework: fw\ncontrol: ${ctl}\nstatement: ${statement}\nattester: Sam\ndate: 2026-01-01\nvalidUntil: 2026-12-31\n`;
    const err = async (name: string, text: string): Promise<string> =>
      loadAttestations(await write(name, text), CATALOG, dir).then(
        () => {
          throw new Error(`${name} loaded`);
        },
        (e: unknown) => (e as Error).message,
      );
    expect(await err('a-long.yaml', att('s'.repeat(ACCEPTANCE_LIMITS.textLength + 1)))).toMatch(/a-long\.yaml:3:12: statement: longer than the limit of 10,000 characters/);
    expect(await err('a-id.yaml', att('fine', '../M'))).toMatch(/a-id\.yaml:2:10: control: /);
    expect((await loadAttestations(await write('a-ok.yaml', att('fine')), CATALOG, dir)).attestations).toHaveLength(1);
  });
});
