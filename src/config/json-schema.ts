// The JSON Schema of evidence.config.yaml, generated from the zod schema the loader validates
// with, so editors (yaml-language-server) complete and check the same fields the tool accepts.
import { z } from 'zod';
import { ConfigSchema } from './config.ts';

export const CONFIG_SCHEMA_FILE = 'schemas/evidence-config.schema.json';

/** The schema as committed: what a config file may contain (defaults make fields optional). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: 'evidence.config.yaml',
    description: 'Configuration of the evidence command (aws-evidence-collector). Every field has a default.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** The file's text: stable key order from the schema, two-space indent, final newline. */
export function configJsonSchemaText(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + '\n';
}
