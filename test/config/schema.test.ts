// The committed JSON Schema of evidence.config.yaml is the one the zod schema generates, and it
// describes the same fields, so an editor's completion matches what the tool accepts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/config/config.ts';
import { CONFIG_SCHEMA_FILE, configJsonSchemaText } from '../../src/config/json-schema.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const committed = readFileSync(new URL(CONFIG_SCHEMA_FILE, new URL('../../', import.meta.url)), 'utf8');

describe('config JSON Schema', () => {
  it('the committed file equals a fresh generation (run `npm run schema` after changing the config schema)', () => {
    expect(committed).toBe(configJsonSchemaText());
  });

  it('lists every top-level field, refuses unknown ones and makes defaulted fields optional', () => {
    const schema = JSON.parse(committed) as { type: string; properties: Record<string, { default?: unknown }>; additionalProperties: boolean; required?: string[] };
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required ?? []).toEqual([]);
    expect(schema.properties.frameworks).toMatchObject({ type: 'array', default: ['all'] });
  });

  it('ships with the package and is referenced from the README for editors', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schemas');
    expect(readFileSync(`${ROOT}README.md`, 'utf8')).toContain(`# yaml-language-server: $schema=`);
  });
});
