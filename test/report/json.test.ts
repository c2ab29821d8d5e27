// The JSON report is the view model, and the published schema (schemas/report-view.schema.json,
// JSON Schema draft-07) describes it exactly: every object closed (additionalProperties: false),
// so a field added to the view model without the schema fails here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderJson, REPORT_VIEW_SCHEMA_FILE, writeJson } from '../../src/report/json.ts';
import { hostileViewModel, sampleViewModel } from '../fixtures/view-model.ts';
import { hostileRunViewModel } from '../fixtures/hostile-run.ts';
import { tempDir } from '../helpers.ts';

const require = createRequire(import.meta.url);
// ajv validates draft-07 schemas by default.
const Ajv = require('ajv') as new (opts: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null } };

const root = fileURLToPath(new URL('../../', import.meta.url));
const schema = JSON.parse(readFileSync(path.join(root, REPORT_VIEW_SCHEMA_FILE), 'utf8')) as Record<string, unknown>;
const validate = new Ajv({ allErrors: true }).compile(schema);

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('json-')));
afterAll(() => cleanup?.());

function check(json: string): void {
  const ok = validate(JSON.parse(json));
  expect(validate.errors ?? [], 'schema errors').toEqual([]);
  expect(ok).toBe(true);
}

describe('JSON report', () => {
  it('is the view model, byte for byte as JSON.stringify(vm, null, 2) would write it', () => {
    for (const vm of [sampleViewModel(), hostileViewModel(), hostileRunViewModel().vm]) {
      const json = renderJson(vm);
      expect(json).toBe(`${JSON.stringify(vm, null, 2)}\n`);
      expect(JSON.parse(json)).toEqual(vm);
    }
  });

  it('validates against the published schema, hostile values included', () => {
    check(renderJson(sampleViewModel()));
    check(renderJson(hostileViewModel()));
    check(renderJson(hostileRunViewModel().vm));
  });

  it('is rejected by the schema when a field is unknown, missing or has a status outside the vocabulary', () => {
    const vm = JSON.parse(renderJson(sampleViewModel())) as Record<string, unknown> & { controls: Record<string, unknown>[] };
    expect(validate({ ...vm, extra: 1 })).toBe(false);
    const { summary: _s, ...noSummary } = vm;
    expect(validate(noSummary)).toBe(false);
    expect(validate({ ...vm, controls: [{ ...vm.controls[0], status: 'OK' }] })).toBe(false);
    expect(validate({ ...vm, controls: [{ ...vm.controls[0], surprise: true }] })).toBe(false);
  });

  it('closes every object in the schema (typed maps constrain their keys), so it cannot drift from the view model unnoticed', () => {
    const open: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      // A typed map (keys constrained, values a schema) is closed too; a bare object is not.
      const typedMap = typeof n.additionalProperties === 'object' && n.propertyNames !== undefined;
      if (n.type === 'object' && n.additionalProperties !== false && !typedMap) open.push(at);
      for (const [k, v] of Object.entries(n)) walk(v, `${at}/${k}`);
    };
    walk(schema, '#');
    expect(open).toEqual([]);
  });

  it('streams to a file with the same bytes', async () => {
    const vm = hostileViewModel();
    const file = path.join(dir, 'r.json');
    await writeJson(vm, file);
    expect(readFileSync(file, 'utf8')).toBe(renderJson(vm));
  });
});
