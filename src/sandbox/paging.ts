// Opaque NextToken handling shared by the services: the token binds the operation and its
// arguments, so a token from another call is rejected as AWS does.
import { AwsError } from './errors.ts';
import { hexOf } from './prng.ts';

export function encodeToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: hexOf(12, scope), o: offset })).toString('base64url');
}

export function decodeToken(token: string | undefined, scope: string): number {
  if (token === undefined || token === '') return 0;
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { s?: string; o?: number };
    if (v.s === hexOf(12, scope) && Number.isInteger(v.o) && v.o! >= 0) return v.o!;
  } catch {
    // fall through to the error below
  }
  throw new AwsError('InvalidNextTokenException', 'The nextToken provided is invalid');
}

export function page<T>(items: T[], token: string | undefined, scope: string, size: number): { items: T[]; next?: string } {
  const offset = decodeToken(token, scope);
  const slice = items.slice(offset, offset + size);
  const end = offset + slice.length;
  return end < items.length ? { items: slice, next: encodeToken(scope, end) } : { items: slice };
}
