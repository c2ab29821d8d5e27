// Reading the YAML files people write by hand (exceptions, attestations): parse errors and schema
// errors name the file, line and column, and every entry keeps the line it came from so reports
// can point back at it.
import { promises as fs } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigurationError } from '../domain/index.ts';

/** A bad exceptions or attestations file; the message names file:line:col for each problem. */
export class AcceptanceFileError extends ConfigurationError {
  override readonly name = 'AcceptanceFileError';
}

/** What an exceptions or attestations file may hold (README "Limits"). */
export const ACCEPTANCE_LIMITS = {
  /** Bytes per YAML file, checked before parsing. */
  fileBytes: 1024 * 1024,
  /** Entries in one file. */
  entries: 10_000,
  /** YAML files in an attestations folder. */
  files: 10_000,
  /** Characters of an exception id. */
  idLength: 64,
  /** Characters of an approver, attester, resource type or document path. */
  nameLength: 500,
  /** Characters of a reason or statement. */
  textLength: 10_000,
  /** Resources one exception names, and the characters of a resource id (ARNs run long). */
  resources: 1_000,
  resourceIdLength: 2_048,
} as const;

/** Non-empty text of at most n characters, with a message naming the limit. */
export function boundedText(n: number) {
  return z.string().trim().min(1).max(n, `longer than the limit of ${n.toLocaleString('en-US')} characters`);
}

export interface YamlSource {
  /** Absolute path. */
  file: string;
  /** As shown in messages (relative to the working directory when shorter). */
  shown: string;
  bytes: Buffer;
  data: unknown;
  /** "file:line:col" of the deepest existing node on the path. */
  where(path: readonly PropertyKey[]): string;
  /** 1-based line of the node at the path (its parent when absent). */
  lineOf(path: readonly PropertyKey[]): number;
}

export async function readYamlSource(file: string, shown = file): Promise<YamlSource> {
  let bytes: Buffer;
  try {
    // the size first: a huge file is refused before it is read or parsed
    const { size } = await fs.stat(file);
    if (size > ACCEPTANCE_LIMITS.fileBytes) throw new AcceptanceFileError(`${shown}: ${size.toLocaleString('en-US')} bytes, over the limit of ${ACCEPTANCE_LIMITS.fileBytes.toLocaleString('en-US')}`);
    bytes = await fs.readFile(file);
  } catch (err) {
    if (err instanceof AcceptanceFileError) throw err;
    throw new AcceptanceFileError(`${shown}: cannot read: ${(err as Error).message}`, { cause: err });
  }
  const lc = new LineCounter();
  const doc = parseDocument(bytes.toString('utf8'), { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const { line, col } = lc.linePos(e.pos[0]);
    throw new AcceptanceFileError(`${shown}:${line}:${col}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const pos = (p: readonly PropertyKey[]): { line: number; col: number } | null => {
    for (let n = p.length; n >= 0; n -= 1) {
      const node = n === 0 ? doc.contents : doc.getIn(p.slice(0, n) as (string | number)[], true);
      if (isNode(node) && node.range) return lc.linePos(node.range[0]);
    }
    return null;
  };
  return {
    file,
    shown,
    bytes,
    data: doc.toJS() ?? null,
    where: (p) => {
      const at = pos(p);
      return at ? `${shown}:${at.line}:${at.col}` : shown;
    },
    lineOf: (p) => pos(p)?.line ?? 1,
  };
}

/** Parses with a zod schema, or throws one error listing every issue with its file:line:col. */
export function parseWith<S extends z.ZodType>(src: YamlSource, schema: S, prefix: readonly PropertyKey[] = []): z.output<S> {
  const parsed = schema.safeParse(src.data);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const full = [...prefix, ...i.path];
    const field = full.map(String).join('.') || '(top level)';
    const extra = i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : '';
    return `${src.where(full)}: ${field}: ${i.message}${extra}`;
  });
  throw new AcceptanceFileError(lines.join('\n'));
}

/** YYYY-MM-DD of an instant, in UTC. */
export function utcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
