// Parses only some top-level fields of a JSON object held as bytes. A run's results.json is mostly
// per-target detail, collection records and evidence references; diff needs only the frameworks
// and the scope when the targets come from resources.ndjson, and parsing the rest would cost
// tens of megabytes of heap per run. The scanner finds each top-level value's byte range (strings
// and nesting tracked, nothing decoded) and JSON.parse reads the wanted ones. Its errors are
// plain: the caller names the file.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(buf: Uint8Array, i: number): number {
  while (isSpace(buf[i])) i += 1;
  return i;
}

/** Index just after the string starting at buf[i] (a quote). */
function skipString(buf: Buffer, i: number): number {
  let at = i + 1;
  for (;;) {
    const q = buf.indexOf(QUOTE, at);
    if (q === -1) throw new Error(`unterminated string at byte ${i}`);
    let slashes = 0;
    while (buf[q - 1 - slashes] === BACKSLASH) slashes += 1;
    if (slashes % 2 === 0) return q + 1;
    at = q + 1;
  }
}

/** Index just after the value starting at buf[i]. */
function skipValue(buf: Buffer, i: number): number {
  const c = buf[i];
  if (c === QUOTE) return skipString(buf, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    let at = i;
    while (at < buf.length) {
      const b = buf[at]!;
      if (b === QUOTE) {
        at = skipString(buf, at);
        continue;
      }
      if (b === OPEN_BRACE || b === OPEN_BRACKET) depth += 1;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 0) return at + 1;
      }
      at += 1;
    }
    throw new Error(`unterminated ${c === OPEN_BRACE ? 'object' : 'array'} at byte ${i}`);
  }
  let at = i;
  while (at < buf.length && buf[at] !== COMMA && buf[at] !== CLOSE_BRACE && buf[at] !== CLOSE_BRACKET && !isSpace(buf[at])) at += 1;
  if (at === i) throw new Error(`no value at byte ${i}`);
  return at;
}

const PRETTY_FIELD = Buffer.from('\n  "');

/**
 * The fast path for JSON.stringify(value, null, 2) output, which the store's files are: there a
 * line of exactly two spaces and a quote is a top-level field (deeper lines are indented further,
 * and a string never holds a raw newline), so native searches find the fields. Returns null when
 * the bytes are not laid out that way; parseFields then scans them.
 */
function prettyFields(buf: Buffer, wanted: ReadonlySet<string>): Record<string, unknown> | null {
  if (buf[0] !== OPEN_BRACE || buf.indexOf(PRETTY_FIELD) !== 1) return null;
  let close = buf.length - 1;
  while (isSpace(buf[close])) close -= 1;
  if (buf[close] !== CLOSE_BRACE || buf[close - 1] !== 0x0a) return null;
  const starts: number[] = [];
  for (let at = 1; at !== -1 && at < close; at = buf.indexOf(PRETTY_FIELD, at + 1)) starts.push(at + 3);
  const out: Record<string, unknown> = {};
  for (let k = 0; k < starts.length; k++) {
    const keyEnd = skipString(buf, starts[k]!);
    if (buf[keyEnd] !== COLON || buf[keyEnd + 1] !== 0x20) return null;
    // The value runs to the newline before the next field (less its comma), or before the final brace.
    const next = k + 1 < starts.length ? starts[k + 1]! - 3 : close - 1;
    const end = k + 1 < starts.length ? next - 1 : next;
    if (k + 1 < starts.length && buf[end] !== COMMA) return null;
    const first = buf[keyEnd + 2];
    const last = buf[end - 1];
    const container = (first === OPEN_BRACE && last === CLOSE_BRACE) || (first === OPEN_BRACKET && last === CLOSE_BRACKET) || (first === QUOTE && last === QUOTE);
    if (!container && buf.subarray(keyEnd + 2, end).some((b) => b === 0x0a)) return null;
    const key = JSON.parse(buf.toString('utf8', starts[k], keyEnd)) as string;
    if (wanted.has(key)) out[key] = JSON.parse(buf.toString('utf8', keyEnd + 2, end));
  }
  return out;
}

/**
 * The wanted top-level fields of the JSON object in `buf`, parsed; fields not wanted are skipped
 * without being decoded (a malformed one is still refused where its structure breaks). A field
 * given twice keeps its last value, as JSON.parse does.
 */
export function parseFields(buf: Buffer, wanted: ReadonlySet<string>): Record<string, unknown> {
  try {
    const fast = prettyFields(buf, wanted);
    if (fast && [...wanted].every((k) => k in fast)) return fast;
  } catch {
    // not laid out as expected after all: scan it
  }
  const out: Record<string, unknown> = {};
  let i = skipSpace(buf, 0);
  if (buf[i] !== OPEN_BRACE) throw new Error('not a JSON object');
  i = skipSpace(buf, i + 1);
  if (buf[i] === CLOSE_BRACE) return out;
  for (;;) {
    if (buf[i] !== QUOTE) throw new Error(`expected a field name at byte ${i}`);
    const keyEnd = skipString(buf, i);
    const key = JSON.parse(buf.toString('utf8', i, keyEnd)) as string;
    i = skipSpace(buf, keyEnd);
    if (buf[i] !== COLON) throw new Error(`expected ':' at byte ${i}`);
    const start = skipSpace(buf, i + 1);
    const end = skipValue(buf, start);
    if (wanted.has(key)) out[key] = JSON.parse(buf.toString('utf8', start, end));
    i = skipSpace(buf, end);
    if (buf[i] === COMMA) {
      i = skipSpace(buf, i + 1);
      continue;
    }
    if (buf[i] !== CLOSE_BRACE) throw new Error(`expected ',' or '}' at byte ${i}`);
    if (skipSpace(buf, i + 1) !== buf.length) throw new Error(`unexpected bytes after the object at byte ${i + 1}`);
    return out;
  }
}
