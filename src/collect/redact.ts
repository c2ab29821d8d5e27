// Keeps secrets out of evidence: evidence objects are stored, versioned and shown to auditors,
// so nothing a reader could use to act as someone may enter a dataset. Values under a secret
// field name are replaced whole; access key ids are masked wherever they appear in text.

import { REDACTED } from '../domain/index.ts';

export { REDACTED };

/** Field names whose values are secrets or credentials (compared without case, "-" or "_"). */
const SECRET_FIELDS = new Set([
  'accesskeyid',
  'secretaccesskey',
  'secretkey',
  'sessiontoken',
  'securitytoken',
  'xamzsecuritytoken',
  'credentials',
  'password',
  'passwd',
  'oldpassword',
  'newpassword',
  'privatekey',
  'clientsecret',
  'apikey',
  'authorization',
  // environment variables (Lambda, ECS, CodeBuild) routinely hold secrets
  'environment',
  'environmentvariables',
  'variables',
]);

/** AWS access key ids (long-term AKIA…, temporary ASIA…). */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;

/** A copy of `value` with every secret replaced by "[REDACTED]". */
export function redact<T>(value: T): T {
  return walk(value) as T;
}

function walk(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(ACCESS_KEY_ID, REDACTED);
  if (Array.isArray(v)) return v.map(walk);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, SECRET_FIELDS.has(k.toLowerCase().replace(/[-_]/g, '')) && x !== null && x !== '' ? REDACTED : walk(x)]));
  }
  return v;
}
