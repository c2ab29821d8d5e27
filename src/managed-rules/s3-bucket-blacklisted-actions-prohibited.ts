// s3-bucket-blacklisted-actions-prohibited: the bucket policy allows principals of other AWS
// accounts none of the actions blacklistedActionPattern lists (required CSV of action patterns,
// wildcards allowed). As the rule's page says, only the Principal element counts: conditions are
// ignored. Judgement: another account is Principal "*" (or AWS "*") or an AWS principal whose
// account differs from the item's accountId; service, federated and canonical-user principals are
// not counted. An Allow statement hits when one of its actions and a pattern can name the same
// action (s3:* and s3:Put*Acl meet), or, with NotAction, when some pattern is not entirely
// excluded by one of its NotAction entries. A bucket without a policy allows nothing and passes.
import { defineRuleEvaluator, verdict, compliant, InvalidParameterError } from './define.ts';
import { statements } from './lib/policy-document.ts';

const RULE = 'S3_BUCKET_BLACKLISTED_ACTIONS_PROHIBITED';
const POLICY = 'supplementaryConfiguration.BucketPolicy.policyText';

/** Whether two IAM action globs (* and ?, case-insensitive) can match one same action name. */
function globsMeet(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * 1000 + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === x.length && j === y.length) r = true;
    else if (x[i] === '*') r = go(i + 1, j) || (j < y.length && go(i, j + 1)) || (j < y.length && y[j] === '*' && go(i + 1, j + 1));
    else if (y[j] === '*') r = go(i, j + 1) || (i < x.length && go(i + 1, j));
    else r = i < x.length && j < y.length && (x[i] === y[j] || x[i] === '?' || y[j] === '?') && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/** Whether glob `outer` matches every action glob `inner` can (inner's wildcards read literally). */
function covers(outer: string, inner: string): boolean {
  const re = new RegExp(`^${outer.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(inner);
}

export default defineRuleEvaluator({
  rule: RULE,
  resourceTypes: ['AWS::S3::Bucket'],
  parameters: { blacklistedActionPattern: undefined },
  fields: ['supplementaryConfiguration'],
  evaluate({ ci, params }) {
    const patterns = params.list('blacklistedActionPattern');
    if (patterns.length === 0) throw new InvalidParameterError(RULE, ci.resourceId, 'blacklistedActionPattern', 'required (for example "s3:GetBucket*,s3:DeleteObject")');
    const text = ci.optStr(POLICY);
    if (text === undefined) return compliant('the bucket has no policy');
    const account = ci.item.accountId;
    if (typeof account !== 'string' || !/^\d{12}$/.test(account)) throw ci.malformed('accountId', 'a 12-digit account id');
    const external = (p: unknown): boolean => {
      if (p === '*') return true;
      if (p === null || typeof p !== 'object' || Array.isArray(p)) throw ci.malformed(`${POLICY}.Statement.Principal`, 'a principal');
      const aws = (p as Record<string, unknown>).AWS;
      if (aws === undefined) return false;
      const ids = typeof aws === 'string' ? [aws] : Array.isArray(aws) && aws.every((x) => typeof x === 'string') ? (aws as string[]) : undefined;
      if (!ids) throw ci.malformed(`${POLICY}.Statement.Principal.AWS`, 'a string or list of strings');
      return ids.some((id) => id === '*' || (/^\d{12}$/.test(id) ? id : /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(id)?.[1]) !== account);
    };
    const hits = new Set<string>();
    for (const s of statements(ci, POLICY, text)) {
      if (s.effect !== 'Allow' || s.principals === undefined || !external(s.principals)) continue;
      for (const p of patterns) {
        const allowed = s.notActions.length > 0 ? !s.notActions.some((n) => covers(n, p)) : s.actions.some((a) => globsMeet(a, p));
        if (allowed) hits.add(p);
      }
    }
    return verdict(hits.size === 0, 'the bucket policy allows other accounts none of the blacklisted actions', `the bucket policy allows other accounts ${[...hits].join(', ')}`);
  },
});
