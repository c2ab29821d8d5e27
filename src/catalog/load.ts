// Loads framework catalogs from YAML, with errors that name the file, line and field.
// A framework is frameworks/<id>/framework.yaml; a large one lists more files in `include:`, each
// holding `controls: [...]`, appended in order (one file per family or section).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { z } from 'zod';
import { CATALOG_LIMITS, ControlsFileSchema, FrameworkSchema, type Control, type Framework } from './schema.ts';
import { CONFIG_PREFIX, resolveCheck, type CheckDef } from './checks.ts';
import ruleParameterNames from './data/rule-parameters.json' with { type: 'json' };
import { defaultCacheDir, fileYamlCache, type YamlCache } from './yaml-cache.ts';
import { ConfigurationError } from '../domain/index.ts';

export const BUILTIN_FRAMEWORKS_DIR = fileURLToPath(new URL('../../frameworks/', import.meta.url));

export class CatalogError extends ConfigurationError {
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

export interface LoadOptions {
  /** Cache of parsed YAML (see yaml-cache.ts); null for none; default: the per-user cache folder. */
  cache?: YamlCache | null;
}

function defaultCache(): YamlCache | null {
  const dir = defaultCacheDir();
  return dir ? fileYamlCache(dir) : null;
}

/** One parsed YAML file: its data, and where a field of it is (file:line:col), found on demand. */
interface Source {
  file: string;
  data: unknown;
  at(p: PropertyKey[]): string;
}

// The YAML parser (about 70 modules) loads on first use: with the parse cache warm, a catalog
// loads without it unless an error has to be located. Node resolves yaml to its CommonJS build
// for import as for require, so this is the same instance an import would give.
let yaml: typeof Yaml | undefined;
const yamlLib = (): typeof Yaml => (yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

async function readSource(file: string, cache: YamlCache | null, what = 'framework file'): Promise<Source> {
  let text: string;
  try {
    // the size first: a huge file is refused before it is read or parsed
    const { size } = await fs.stat(file);
    if (size > CATALOG_LIMITS.fileBytes) throw new CatalogError(`${file}: ${what} is ${size.toLocaleString('en-US')} bytes, over the limit of ${CATALOG_LIMITS.fileBytes.toLocaleString('en-US')}`);
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof CatalogError) throw err;
    throw new CatalogError(`${file}: cannot read ${what}: ${(err as Error).message}`, { cause: err });
  }
  let parsed: { doc: Yaml.Document; lc: Yaml.LineCounter } | undefined;
  const full = (): { doc: Yaml.Document; lc: Yaml.LineCounter } => {
    if (!parsed) {
      const { LineCounter, parseDocument } = yamlLib();
      const lc = new LineCounter();
      parsed = { doc: parseDocument(text, { lineCounter: lc, prettyErrors: false }), lc };
    }
    return parsed;
  };
  const location = (offset: number | undefined): string => {
    if (offset === undefined) return file;
    const { line, col } = full().lc.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  let data = cache ? await cache.get(text) : undefined;
  if (data === undefined) {
    const { doc } = full();
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      throw new CatalogError(`${location(e.pos[0])}: invalid YAML: ${e.message.split('\n')[0]}`);
    }
    data = doc.toJS();
    if (cache) await cache.set(text, data);
  }
  return {
    file,
    data,
    at(p) {
      const node = full().doc.getIn(p as (string | number)[], true);
      return location(yamlLib().isNode(node) ? node.range?.[0] : undefined);
    },
  };
}

function validate<S extends z.ZodType>(schema: S, src: Source): z.infer<S> {
  const parsed = schema.safeParse(src.data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${src.at(i.path)}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new CatalogError(lines.join('\n'));
  }
  return parsed.data;
}

export async function loadFrameworkFile(file: string, opts: LoadOptions = {}): Promise<Framework> {
  const cache = opts.cache === undefined ? defaultCache() : opts.cache;
  const main = await readSource(file, cache);
  const { include, ...fw } = validate(FrameworkSchema, main);

  // Every control with the file it came from and its index there, for error locations.
  const placed: { control: Control; src: Source; index: number }[] = fw.controls.map((control, index) => ({ control, src: main, index }));
  if (include?.length) {
    const dir = path.dirname(file);
    const self = path.resolve(file);
    const files = include.map((rel, i) => {
      const abs = path.resolve(dir, rel);
      if (path.isAbsolute(rel) || abs === self) throw new CatalogError(`${main.at(['include', i])}: include.${i}: ${JSON.stringify(rel)} must be another file, relative to ${path.basename(file)}`);
      return abs;
    });
    const sources = await Promise.all(files.map((f) => readSource(f, cache, 'included controls file')));
    for (const src of sources) {
      validate(ControlsFileSchema, src).controls.forEach((control, index) => placed.push({ control, src, index }));
    }
  }

  if (placed.length > CATALOG_LIMITS.controls) {
    throw new CatalogError(`${main.at(['id'])}: framework ${fw.id} has ${placed.length.toLocaleString('en-US')} controls with its included files, over the limit of ${CATALOG_LIMITS.controls.toLocaleString('en-US')}`);
  }
  const seen = new Map<string, (typeof placed)[number]>();
  const problems: string[] = [];
  const at = (p: (typeof placed)[number], ...rest: (string | number)[]): string => `${p.src.at(['controls', p.index, ...rest])}: ${['controls', p.index, ...rest].join('.')}`;
  for (const p of placed) {
    const first = seen.get(p.control.id);
    if (first) problems.push(`${at(p, 'id')}: duplicate control id ${p.control.id} (first at ${first.src.at(['controls', first.index, 'id'])})`);
    else seen.set(p.control.id, p);
    (p.control.pairs ?? []).forEach((pair, j) => {
      if (!resolveCheck(pair.check)) {
        problems.push(`${at(p, 'checks', j)}: unknown check ${JSON.stringify(pair.check)} (api checks live in src/checks; Config rules are written config:<SOURCE_IDENTIFIER> of an AWS managed rule)`);
      } else if (pair.parameters) problems.push(...parameterProblems(pair.check, pair.parameters).map((m) => `${at(p, 'checks', j, 'parameters')}: control ${p.control.id}: ${m}`));
    });
  }
  for (const p of placed) {
    if (p.control.parent !== undefined && !seen.has(p.control.parent)) {
      problems.push(`${at(p, 'parent')}: unknown parent control ${JSON.stringify(p.control.parent)}`);
    }
  }
  if (problems.length > 0) throw new CatalogError(problems.join('\n'));
  return { ...fw, controls: placed.map((p) => p.control) };
}

/**
 * A control's parameters must be ones the rule's local evaluator declares: the tool judges
 * configuration items with them, and a misspelt name would silently judge with the default.
 */
function parameterProblems(check: string, parameters: Record<string, string>): string[] {
  const sid = check.slice(CONFIG_PREFIX.length);
  // the evaluators' declarations as data: loading the catalog does not load the evaluators
  const byRule = (ruleParameterNames as { rules: Record<string, string[]> }).rules;
  const declared = Object.hasOwn(byRule, sid) ? byRule[sid]! : [];
  if (declared.length === 0) return [`parameters ${Object.keys(parameters).join(', ')}: Config rule ${sid} has no local evaluator that declares parameters, so a control cannot set them`];
  return Object.keys(parameters)
    .filter((n) => !declared.includes(n))
    .map((n) => `unknown parameter ${JSON.stringify(n)} of Config rule ${sid} (its parameters: ${declared.join(', ')})`);
}

async function frameworkFilesIn(dir: string): Promise<string[]> {
  const entries = (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name));
  const found = await Promise.all(
    entries.map(async (e) => {
      const f = path.join(dir, e.name, 'framework.yaml');
      // a folder without framework.yaml is not a framework
      return (await fs.stat(f).catch(() => null))?.isFile() ? f : null;
    }),
  );
  return found.filter((f): f is string => f !== null);
}

/** Built-in frameworks (frameworks/<id>/framework.yaml) plus extra files or folders. */
export async function loadCatalog(extra: string[] = [], builtinDir = BUILTIN_FRAMEWORKS_DIR, opts: LoadOptions = {}): Promise<Catalog> {
  const cache = opts.cache === undefined ? defaultCache() : opts.cache;
  const files: string[] = await frameworkFilesIn(builtinDir);
  for (const p of extra) {
    const st = await fs.stat(p).catch(() => null);
    if (!st) throw new CatalogError(`${p}: framework file or folder not found`);
    if (st.isDirectory()) {
      const direct = path.join(p, 'framework.yaml');
      if (await fs.stat(direct).catch(() => null)) files.push(direct);
      else files.push(...(await frameworkFilesIn(p)));
    } else files.push(p);
  }
  const loaded = await Promise.all(files.map((f) => loadFrameworkFile(f, { cache })));
  const frameworks: Framework[] = [];
  const byId = new Map<string, Framework>();
  const origin = new Map<string, string>();
  loaded.forEach((fw, i) => {
    const f = files[i]!;
    if (byId.has(fw.id)) throw new CatalogError(`${f}: framework id ${fw.id} is already defined by ${origin.get(fw.id)}`);
    byId.set(fw.id, fw);
    origin.set(fw.id, f);
    frameworks.push(fw);
  });
  const checks = new Map<string, CheckDef>();
  const usedBy = new Map<string, string[]>();
  for (const fw of frameworks) {
    for (const c of fw.controls) {
      for (const [j, id] of c.checks.entries()) {
        const pair = c.pairs?.[j];
        if (!checks.has(id)) checks.set(id, resolveCheck(pair?.check ?? id, pair?.parameters)!);
        const users = usedBy.get(id);
        if (users) users.push(`${fw.id}/${c.id}`);
        else usedBy.set(id, [`${fw.id}/${c.id}`]);
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

/** The checks the frameworks use, each once, in id order. */
export function checksOf(catalog: Catalog, frameworks: Framework[]): CheckDef[] {
  const ids = [...new Set(frameworks.flatMap((f) => f.controls.flatMap((c) => c.checks)))].sort();
  return ids.map((id) => catalog.checks.get(id)).filter((c): c is CheckDef => c !== undefined);
}
