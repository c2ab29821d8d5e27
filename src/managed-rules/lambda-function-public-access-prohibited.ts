// lambda-function-public-access-prohibited: the function's resource-based policy does not let
// anyone invoke it. No parameters. AWS Config records the policy as JSON text in
// supplementaryConfiguration.Policy, absent when the function has none (then nothing is granted:
// COMPLIANT). An Allow statement is public when its principal is empty or holds a wildcard (or it
// uses NotPrincipal), and one granting Amazon S3 is public without an aws:SourceAccount condition,
// as the rule's guide says. Judgement: the guide counts only grants to fixed values as
// non-public; a wildcard principal limited by a condition on the caller's account, organization,
// ARN or source with fixed values (no wildcard, no policy variable) is read as non-public, as
// Lambda itself shows such a policy.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';
import { statements, type Statement } from './lib/policy-document.ts';

const LIMITING_KEYS = new Set(['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceowner', 'aws:principalaccount', 'aws:principalorgid', 'aws:principalarn', 'aws:sourcevpc', 'aws:sourcevpce']);
const FIXED_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);

const fixed = (v: unknown): boolean => typeof v === 'string' && v !== '' && !/[*?]|\$\{/.test(v);

/** The condition keys the statement pins to fixed values. */
function pinnedKeys(s: Statement): Set<string> {
  const out = new Set<string>();
  for (const [op, block] of Object.entries(s.condition ?? {})) {
    if (!FIXED_OPERATORS.has(op.toLowerCase()) || block === null || typeof block !== 'object') continue;
    for (const [key, v] of Object.entries(block as Record<string, unknown>)) {
      const values = Array.isArray(v) ? v : [v];
      if (values.length > 0 && values.every(fixed)) out.add(key.toLowerCase());
    }
  }
  return out;
}

/** The principal's values per kind ("*" alone reads as every AWS principal). */
function principalValues(p: unknown): { aws: unknown[]; service: unknown[]; other: unknown[] } {
  if (typeof p === 'string') return { aws: [p], service: [], other: [] };
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return { aws: [p], service: [], other: [] };
  const of = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  const r = p as Record<string, unknown>;
  const other = Object.entries(r).filter(([k]) => k !== 'AWS' && k !== 'Service').flatMap(([, v]) => of(v));
  return { aws: of(r.AWS), service: of(r.Service), other };
}

/** Why a statement makes the function public, or undefined. */
function publicGrant(s: Statement, raw: Record<string, unknown>): string | undefined {
  if (s.effect !== 'Allow') return undefined;
  if (raw.NotPrincipal !== undefined) return 'allows every principal but those in NotPrincipal';
  const pinned = pinnedKeys(s);
  const { aws, service, other } = principalValues(s.principals);
  const all = [...aws, ...service, ...other];
  if (all.length === 0 || all.some((v) => !fixed(v))) {
    return [...pinned].some((k) => LIMITING_KEYS.has(k)) ? undefined : 'allows a wildcard or empty principal without a condition limiting it to fixed callers';
  }
  if (service.includes('s3.amazonaws.com') && !pinned.has('aws:sourceaccount')) return 'allows Amazon S3 without an aws:SourceAccount condition';
  return undefined;
}

export default defineRuleEvaluator({
  rule: 'LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED',
  resourceTypes: ['AWS::Lambda::Function'],
  fields: ['configuration', 'supplementaryConfiguration'],
  evaluate({ ci }) {
    ci.reqStr('configuration.functionName');
    const doc = ci.get('supplementaryConfiguration.Policy');
    if (doc === undefined) return compliant('no resource-based policy');
    const stmts = statements(ci, 'supplementaryConfiguration.Policy', doc);
    const raw = (ci.reqObj('supplementaryConfiguration.Policy').Statement as unknown[] | Record<string, unknown>);
    const raws = (Array.isArray(raw) ? raw : [raw]) as Record<string, unknown>[];
    const open = stmts.flatMap((s, i) => {
      const why = publicGrant(s, raws[i]!);
      return why ? [`${typeof raws[i]!.Sid === 'string' ? (raws[i]!.Sid as string) : `statement ${i}`} ${why}`] : [];
    });
    return open.length > 0 ? nonCompliant(`the function policy is public: ${open.join('; ')}`) : compliant(`the function policy's ${stmts.length} statement(s) grant fixed principals only`);
  },
});
