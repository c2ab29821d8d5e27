// Whether policy statements allow blocked KMS actions on KMS keys: the logic both
// *_BLOCKED_KMS_ACTIONS rules share.
import { InvalidParameterError, type ParamReader } from '../define.ts';
import type { Statement } from './policy-document.ts';

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i');
}

/** Two action patterns overlap when either, as a wildcard pattern, matches the other's text. */
function overlaps(a: string, b: string): boolean {
  return glob(a).test(b) || glob(b).test(a);
}

/** Judgement: a statement reaches KMS keys when a resource is "*" or names KMS (":kms:"). */
function onKmsKeys(s: Statement): boolean {
  return s.resources.some((r) => r === '*' || r.includes(':kms:'));
}

export function blockedPatterns(rule: string, resourceId: string, params: ParamReader): string[] {
  const patterns = params.list('blockedActionsPatterns');
  if (patterns.length === 0) throw new InvalidParameterError(rule, resourceId, 'blockedActionsPatterns', 'required (for example "kms:Decrypt,kms:ReEncryptFrom")');
  return patterns;
}

/** The allowed actions that hit a blocked pattern on KMS keys. */
export function blockedKmsActions(statements: Statement[], patterns: string[]): string[] {
  return statements
    .filter((s) => s.effect === 'Allow' && onKmsKeys(s))
    .flatMap((s) => s.actions)
    .filter((a) => patterns.some((p) => overlaps(a, p)));
}
