// Response shapes, not values: the type found at each field path a collector reads, so two AWS
// implementations can be compared where their data cannot.
//
// A path is dotted; "[]" after a name walks every element of that array ("Buckets[].Name").
// A type is "string", "number", "boolean", "Date", "bytes", "null", "object", "array", "absent",
// or "empty" for an array with no elements to look into; a path whose elements disagree gets
// the sorted union ("absent|string").

export type Shape = Record<string, string>;

function typeOf(v: unknown): string {
  if (v === undefined) return 'absent';
  if (v === null) return 'null';
  if (v instanceof Date) return 'Date';
  if (v instanceof Uint8Array) return 'bytes';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Every value at a path (one per array element walked); "empty" marks an array with none. */
function walk(v: unknown, parts: string[]): unknown[] {
  if (parts.length === 0) return [v];
  const [head, ...rest] = parts as [string, ...string[]];
  const many = head.endsWith('[]');
  const name = many ? head.slice(0, -2) : head;
  const next = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined;
  if (!many) return walk(next, rest);
  if (!Array.isArray(next)) return [next];
  if (next.length === 0) return [EMPTY];
  return next.flatMap((x) => walk(x, rest));
}

const EMPTY = Symbol('empty');

export function shapeOf(value: unknown, paths: readonly string[]): Shape {
  const out: Shape = {};
  for (const p of paths) {
    const types = new Set(walk(value, p.split('.')).map((x) => (x === EMPTY ? 'empty' : typeOf(x))));
    out[p] = [...types].sort().join('|');
  }
  return out;
}

/** The distinct values at a path (for enum fields), sorted. */
export function valuesAt(value: unknown, path: string): unknown[] {
  return [...new Set(walk(value, path.split('.')).filter((x) => x !== EMPTY && x !== undefined))].sort();
}

/** What an AWS error looks like to a collector: the SDK's error name and the HTTP status. */
export async function errorOf(call: Promise<unknown>): Promise<{ name: string; status: number | undefined } | 'no error'> {
  try {
    await call;
    return 'no error';
  } catch (err) {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name ?? String(err), status: e.$metadata?.httpStatusCode };
  }
}

/** A credential report cell's kind: "time", "boolean", "arn", "text", or the literal N/A, not_supported, no_information. */
export function cellKind(cell: string): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/.test(cell)) return 'time';
  if (cell === 'true' || cell === 'false') return 'boolean';
  if (['N/A', 'not_supported', 'no_information'].includes(cell)) return cell;
  if (/^arn:aws:iam::\d{12}:/.test(cell)) return 'arn';
  return 'text';
}

/** The credential report (no quoted cells in either server's reports) as its header and rows of kinds. */
export function reportShape(csv: string): { header: string[]; rows: Record<string, string>[] } {
  const [head = [], ...lines] = csv.trim().split('\n').map((l) => l.split(','));
  const rows = lines.map((l) => Object.fromEntries(head.map((c, i) => [c, i === 0 && l[0] === '<root_account>' ? '<root_account>' : cellKind(l[i] ?? '')])));
  return { header: head, rows };
}
