// Attestations for manual controls: a YAML file, or a folder of them, each entry saying who
// attests what for which control, when, until when, and which document backs it. The document
// is stored in the evidence store and pinned by the run's manifest (see acceptance.ts).
//
//   # one attestation per file ...
//   framework: aws-baseline
//   control: BL.OPS.1
//   statement: The quarterly access review of every production account was completed.
//   attester: Sam Lee, Security Lead
//   date: 2026-10-02
//   validUntil: 2027-01-02
//   document: access-review-2026q3.pdf    # relative to this file
//
//   # ... or several under `attestations:` (a list of the same entries).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ACCEPTANCE_LIMITS, AcceptanceFileError, boundedText, parseWith, readYamlSource, type YamlSource } from './yaml-source.ts';
import type { CatalogIndex } from './exceptions.ts';
import { CATALOG_LIMITS, controlIdSchema } from '../catalog/index.ts';

const name = boundedText(ACCEPTANCE_LIMITS.nameLength);
const isoDate = z.iso.date('a date written YYYY-MM-DD');

const AttestationSchema = z
  .object({
    framework: boundedText(CATALOG_LIMITS.idLength),
    control: controlIdSchema,
    statement: boundedText(ACCEPTANCE_LIMITS.textLength),
    attester: name,
    date: isoDate,
    validUntil: isoDate,
    document: name.optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.validUntil < a.date) ctx.addIssue({ code: 'custom', message: `validUntil ${a.validUntil} is before date ${a.date}`, path: ['validUntil'] });
  });

const ListSchema = z.object({ attestations: z.array(AttestationSchema).min(1).max(ACCEPTANCE_LIMITS.entries, `more than ${ACCEPTANCE_LIMITS.entries.toLocaleString('en-US')} attestations`) }).strict();

export interface AttestationDef {
  framework: string;
  control: string;
  statement: string;
  attester: string;
  date: string;
  validUntil: string;
  /** The attached document: absolute path, and the file name it is stored and cited under. */
  document?: { path: string; name: string };
  /** The YAML file (absolute) and the entry's line. */
  file: string;
  line: number;
}

export interface AttestationFile {
  file: string;
  /** Base name, as stored and cited. */
  name: string;
  bytes: Buffer;
}

export interface LoadedAttestations {
  files: AttestationFile[];
  attestations: AttestationDef[];
}

const YAML_FILE = /\.ya?ml$/i;

async function listFiles(p: string): Promise<string[]> {
  const st = await fs.stat(p).catch(() => null);
  if (!st) throw new AcceptanceFileError(`${p}: attestations file or folder not found`);
  if (!st.isDirectory()) return [p];
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && YAML_FILE.test(e.name)) out.push(full);
    }
  };
  await walk(p);
  if (out.length > ACCEPTANCE_LIMITS.files) throw new AcceptanceFileError(`${p}: ${out.length.toLocaleString('en-US')} YAML files, over the limit of ${ACCEPTANCE_LIMITS.files.toLocaleString('en-US')}`);
  return out;
}

/** Loads one attestations file or every *.yaml / *.yml file under a folder (documents beside them are not YAML). */
export async function loadAttestations(p: string, catalog: CatalogIndex, cwd = process.cwd()): Promise<LoadedAttestations> {
  const files = await listFiles(p);
  const problems: string[] = [];
  const out: LoadedAttestations = { files: [], attestations: [] };
  for (const file of files) {
    let src: YamlSource;
    try {
      src = await readYamlSource(file, path.relative(cwd, file) || file);
    } catch (err) {
      problems.push((err as Error).message);
      continue;
    }
    const isList = typeof src.data === 'object' && src.data !== null && 'attestations' in src.data;
    let entries: { value: z.output<typeof AttestationSchema>; at: PropertyKey[] }[];
    try {
      entries = isList
        ? parseWith(src, ListSchema).attestations.map((value, i) => ({ value, at: ['attestations', i] }))
        : [{ value: parseWith(src, AttestationSchema), at: [] }];
    } catch (err) {
      problems.push((err as Error).message);
      continue;
    }
    out.files.push({ file, name: path.basename(file), bytes: src.bytes });
    for (const { value: a, at } of entries) {
      const where = (field: string): string => `${src.where([...at, field])}: ${[...at, field].map(String).join('.')}`;
      const fw = catalog.byId.get(a.framework);
      const control = fw?.controls.find((c) => c.id === a.control);
      if (!fw) problems.push(`${where('framework')}: unknown framework ${JSON.stringify(a.framework)}; known: ${[...catalog.byId.keys()].join(', ')}`);
      else if (!control) problems.push(`${where('control')}: framework ${a.framework} has no control ${JSON.stringify(a.control)}`);
      else if (!control.manual && control.checks.length > 0) {
        problems.push(`${where('control')}: ${a.control} is judged from evidence by its checks; attestations are for manual controls`);
      }
      let document: AttestationDef['document'];
      if (a.document !== undefined) {
        const docPath = path.resolve(path.dirname(file), a.document);
        const st = await fs.stat(docPath).catch(() => null);
        if (!st?.isFile()) problems.push(`${where('document')}: attached document ${JSON.stringify(a.document)} not found (looked for ${docPath})`);
        else document = { path: docPath, name: path.basename(docPath) };
      }
      out.attestations.push({
        framework: a.framework,
        control: a.control,
        statement: a.statement,
        attester: a.attester,
        date: a.date,
        validUntil: a.validUntil,
        ...(document ? { document } : {}),
        file,
        line: src.lineOf(at),
      });
    }
  }
  if (problems.length > 0) throw new AcceptanceFileError(problems.join('\n'));
  return out;
}

/** An attestation's standing on the observation date: valid from its date through validUntil (inclusive). */
export function attestationState(a: { date: string; validUntil: string }, asOfDate: string): 'valid' | 'expired' | 'not-yet-valid' {
  if (asOfDate < a.date) return 'not-yet-valid';
  return asOfDate <= a.validUntil ? 'valid' : 'expired';
}
