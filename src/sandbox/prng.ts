// Deterministic randomness for the synthetic account: the same seed gives the same organization.
import { createHash } from 'node:crypto';

/**
 * A uniform number in [0, 1) fixed by its inputs: lets any fact be computed on its own, in any
 * order. A fast 53-bit string hash (cyrb53-style mixing), not a cryptographic one: the sandbox
 * computes several per resource per page, and needs speed and spread, not secrecy.
 */
export function unit(...parts: (string | number)[]): number {
  const str = parts.join('\u0000');
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i += 1) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)) / 2 ** 53;
}

/** A hex string fixed by its inputs. */
export function hexOf(len: number, ...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, len);
}

/** Upper-case base-32-ish id (IAM style: AIDA..., ANPA...), fixed by its inputs. */
export function iamId(prefix: string, ...parts: (string | number)[]): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  let s = prefix;
  for (let i = 0; s.length < 21; i += 1) s += alphabet[h[i]! % 32];
  return s;
}

/** A UUID-shaped id (8-4-4-4-12 hex digits), fixed by its inputs. */
export function uuidOf(...parts: (string | number)[]): string {
  const h = hexOf(32, ...parts);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
