// Loads framework catalogs from YAML, with errors that name the file, line and field.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { FrameworkSchema, type Framework } from './schema.ts';
import { resolveCheck, type CheckDef } from './checks.ts';

export const BUILTIN_FRAMEWORKS_DIR = fileURLToPath(new URL('../../frameworks/', import.meta.url));

export class CatalogError extends Error {
  override readonly name = 'CatalogError';
}

export interface Catalog {
  frameworks: Framework[];
  /** Frameworks by id. */
  byId: Map<string, Framework>;
  /** Every referenced check, resolved. */
  checks: Map<string, CheckDef>;
  /** Reverse index, computed: check id → "framework/control" ids that use it. */
  usedBy: Map<string, string[]>;
}

function location(file: string, lc: LineCounter, offset: number | undefined): string {
  if (offset === undefined) return file;
  const { line, col } = lc.linePos(offset);
  return `${file}:${line}:${col}`;
}

export async function loadFrameworkFile(file: string): Promise<Framework> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new CatalogError(`${file}: cannot read framework file: ${(err as Error).message}`, { cause: err });
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new CatalogError(`${location(file, lc, e.pos[0])}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const parsed = FrameworkSchema.safeParse(doc.toJS());
  const fieldAt = (p: PropertyKey[]): string => {
    const node = doc.getIn(p as (string | number)[], true);
    return location(file, lc, isNode(node) ? node.range?.[0] : undefined);
  };
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${fieldAt(i.path)}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new CatalogError(lines.join('\n'));
  }
  const fw = parsed.data;
  const seen = new Map<string, number>();
  const problems: string[] = [];
  fw.controls.forEach((c, i) => {
    if (seen.has(c.id)) problems.push(`${fieldAt(['controls', i, 'id'])}: controls.${i}.id: duplicate control id ${c.id}`);
    seen.set(c.id, i);
    c.checks.forEach((chk, j) => {
      if (!resolveCheck(chk)) {
        problems.push(`${fieldAt(['controls', i, 'checks', j])}: controls.${i}.checks.${j}: unknown check ${JSON.stringify(chk)} (api checks live in src/checks; Config rules are written config:<SOURCE_IDENTIFIER> of an AWS managed rule)`);
      }
    });
  });
  if (problems.length > 0) throw new CatalogError(problems.join('\n'));
  return fw;
}

/** Built-in frameworks (frameworks/<id>/framework.yaml) plus extra files or folders. */
export async function loadCatalog(extra: string[] = [], builtinDir = BUILTIN_FRAMEWORKS_DIR): Promise<Catalog> {
  const files: string[] = [];
  const addDir = async (dir: string): Promise<void> => {
    for (const e of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) {
        const f = path.join(dir, e.name, 'framework.yaml');
        try {
          await fs.access(f);
          files.push(f);
        } catch {
          // a folder without framework.yaml is not a framework
        }
      }
    }
  };
  await addDir(builtinDir);
  for (const p of extra) {
    const st = await fs.stat(p).catch(() => null);
    if (!st) throw new CatalogError(`${p}: framework file or folder not found`);
    if (st.isDirectory()) {
      const direct = path.join(p, 'framework.yaml');
      if (await fs.stat(direct).catch(() => null)) files.push(direct);
      else await addDir(p);
    } else files.push(p);
  }
  const frameworks: Framework[] = [];
  const byId = new Map<string, Framework>();
  const origin = new Map<string, string>();
  for (const f of files) {
    const fw = await loadFrameworkFile(f);
    if (byId.has(fw.id)) throw new CatalogError(`${f}: framework id ${fw.id} is already defined by ${origin.get(fw.id)}`);
    byId.set(fw.id, fw);
    origin.set(fw.id, f);
    frameworks.push(fw);
  }
  const checks = new Map<string, CheckDef>();
  const usedBy = new Map<string, string[]>();
  for (const fw of frameworks) {
    for (const c of fw.controls) {
      for (const id of c.checks) {
        checks.set(id, resolveCheck(id)!);
        usedBy.set(id, [...(usedBy.get(id) ?? []), `${fw.id}/${c.id}`]);
      }
    }
  }
  return { frameworks, byId, checks, usedBy };
}

export function selectFrameworks(catalog: Catalog, ids: string[] | undefined): Framework[] {
  if (!ids || ids.length === 0 || ids.includes('all')) return catalog.frameworks;
  return ids.map((id) => {
    const fw = catalog.byId.get(id);
    if (!fw) throw new CatalogError(`unknown framework ${JSON.stringify(id)}; known: ${[...catalog.byId.keys()].join(', ')}`);
    return fw;
  });
}
