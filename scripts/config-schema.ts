// Writes schemas/evidence-config.schema.json from the config's zod schema (npm run schema).
// A test fails when the committed file differs from a fresh generation.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_SCHEMA_FILE, configJsonSchemaText } from '../src/config/json-schema.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = path.join(root, CONFIG_SCHEMA_FILE);
await fs.writeFile(file, configJsonSchemaText());
process.stdout.write(`wrote ${CONFIG_SCHEMA_FILE}\n`);
