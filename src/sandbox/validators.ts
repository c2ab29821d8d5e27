// Request-shape validation in AWS's own words ("1 validation error detected: Value 'x' at
// 'field' failed to satisfy constraint: ..."), for the JSON services whose models state
// lengths, patterns and enums. Wrong JSON types are SerializationException, as AWS answers.
import { AwsError } from './errors.ts';

export const UUID_RE = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;
const TAG_KEY_RE = /^(?!aws:)[a-zA-Z+-=._:/]+$/;

export const invalid = (message: string): AwsError => new AwsError('ValidationException', message, 400);

/** A member that breaks a constraint of the service's model. */
export const constraint = (value: unknown, field: string, what: string): AwsError =>
  invalid(`1 validation error detected: Value '${typeof value === 'string' ? value : JSON.stringify(value)}' at '${field}' failed to satisfy constraint: ${what}`);

/** A UUID-shaped label or parameter. */
export function uuidParam(v: string, field: string): string {
  if (!UUID_RE.test(v)) throw constraint(v, field, `Member must satisfy regular expression pattern: ${UUID_RE.source}`);
  return v;
}

/** A string member with length bounds and an optional pattern; `path` names it in errors. */
export function str(body: Record<string, unknown>, field: string, path: string, o: { min?: number; max: number; required?: boolean; pattern?: RegExp }): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) {
    if (o.required) throw constraint(null, path, 'Member must not be null');
    return undefined;
  }
  if (typeof v !== 'string') throw new AwsError('SerializationException', `${path} must be a string`);
  if (v.length < (o.min ?? 0)) throw constraint(v, path, `Member must have length greater than or equal to ${o.min}`);
  if (v.length > o.max) throw constraint(v, path, `Member must have length less than or equal to ${o.max}`);
  if (o.pattern && !o.pattern.test(v)) throw constraint(v, path, `Member must satisfy regular expression pattern: ${o.pattern.source}`);
  return v;
}

/** An enum member (a query parameter too: pass Object.fromEntries(query)). */
export function oneOf<T extends string>(body: Record<string, unknown>, field: string, path: string, values: readonly T[], required = false): T | undefined {
  const v = body[field];
  if (v === undefined || v === null) {
    if (required) throw constraint(null, path, 'Member must not be null');
    return undefined;
  }
  if (!values.includes(v as T)) throw constraint(v, path, `Member must satisfy enum value set: [${values.join(', ')}]`);
  return v as T;
}

/** A required list of structures, min to max long. */
export function list(body: Record<string, unknown>, field: string, path: string, min: number, max: number): Record<string, unknown>[] {
  const v = body[field];
  if (v === undefined || v === null) throw constraint(null, path, 'Member must not be null');
  if (!Array.isArray(v)) throw new AwsError('SerializationException', `${path} must be a list`);
  if (v.length < min) throw constraint(v, path, `Member must have length greater than or equal to ${min}`);
  if (v.length > max) throw constraint(`[${v.length} items]`, path, `Member must have length less than or equal to ${max}`);
  return v.map((x, i) => {
    if (!x || typeof x !== 'object' || Array.isArray(x)) throw new AwsError('SerializationException', `${path}.${i + 1} must be an object`);
    return x as Record<string, unknown>;
  });
}

/** A "tags" map as AWS's tagging rules allow it: at most 50, keys 1 to 128 without "aws:", values up to 256. */
export function tagMap(body: Record<string, unknown>): Record<string, string> | undefined {
  const t = body.tags;
  if (t === undefined || t === null) return undefined;
  if (typeof t !== 'object' || Array.isArray(t)) throw new AwsError('SerializationException', 'tags must be a map');
  const entries = Object.entries(t as Record<string, unknown>);
  if (entries.length > 50) throw constraint(`{${entries.length} entries}`, 'tags', 'Member must have length less than or equal to 50');
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 128 || !TAG_KEY_RE.test(k)) throw constraint(k, 'tags', `Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ${TAG_KEY_RE.source}]`);
    if (typeof v !== 'string' || v.length > 256) throw constraint(v, `tags.${k}`, 'Member must have length less than or equal to 256');
  }
  return t as Record<string, string>;
}
