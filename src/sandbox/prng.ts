// Deterministic randomness for the synthetic account: the same seed gives the same organization.
import { createHash } from 'node:crypto';

/** A uniform number in [0, 1) fixed by its inputs: lets any fact be computed on its own, in any order. */
export function unit(...parts: (string | number)[]): number {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  return h.readUInt32BE(0) / 0x1_0000_0000;
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
