// What collectors read from AWS is checked before it becomes evidence: a field a check relies on
// that is missing or of the wrong type, or an answer of another shape altogether, fails the
// collection (so its targets read ERROR) instead of standing in as a default.
import { z } from 'zod';
import { CollectCallError } from './calls.ts';

export { z };

/** The answer, parsed by `schema`; otherwise a failed call naming the operation and the field. */
export function validated<S extends z.ZodType>(schema: S, answer: unknown, service: string, operation: string): z.infer<S> {
  const r = schema.safeParse(answer);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 3).map((i) => `${i.path.length > 0 ? i.path.join('.') : '(answer)'}: ${i.message}`);
  return malformedAnswer(service, operation, issues.join('; '));
}

export function malformedAnswer(service: string, operation: string, detail: string): never {
  throw new CollectCallError('failed', service, operation, 'MalformedResponse', `unexpected answer: ${detail}`);
}

/** An SDK timestamp: a Date (the SDK parses them) or ISO text. */
export const timestamp = z.union([z.date(), z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a time')]);
