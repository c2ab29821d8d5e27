// s3-bucket-policy-grantee-check: the access the bucket policy grants is restricted to the AWS
// principals, service principals, federated users, IP addresses or VPCs the parameters list
// (awsPrincipals, servicePrincipals, federatedUsers, ipAddresses, vpcIds: optional CSVs). Reads
// supplementaryConfiguration.BucketPolicy.policyText (null: no policy, which passes, as the page
// says). Each statement is judged on its own (the page's note); one fails the bucket. Judgements:
// - only Allow statements grant access; a Deny statement only takes access away and is not judged;
// - an Allow statement is restricted when every principal it names is listed, or when one of its
//   conditions confines every request it allows to listed addresses or VPCs: IpAddress on
//   aws:SourceIp with every CIDR inside a listed one, or StringEquals (or StringLike without
//   wildcards) on aws:SourceVpc with every value listed. The statement's conditions all apply, so
//   one such condition restricts it. Any other condition (NotIpAddress, the IfExists forms,
//   aws:SourceVpce, aws:PrincipalOrgID...) restricts nothing, the conservative reading;
// - AWS principals: a listed account id matches that account's id or root ARN only (the page asks
//   for an exact match, so not the account's users or roles); a listed ARN matches the principal's
//   ARN exactly, * and ? matching as wildcards (the page's partial matching). Principal "*", AWS
//   "*", CanonicalUser principals and NotPrincipal grant to principals no list can name;
// - with no parameter set nothing is listed, so any Allow statement fails: the rule's purpose is
//   to confine the grantees, and the page does not say it passes unconfigured; a policy of Deny
//   statements only passes;
// - as the page says, a policy with a single value holding more than five policy variables
//   (${...}) fails, whatever it grants.
// Unparseable policy text, a statement without an effect or an Allow without Principal or
// NotPrincipal, a principal or condition value of the wrong shape, an IP condition value that is
// not a CIDR or an item without supplementaryConfiguration.BucketPolicy are a MalformedItemError;
// a listed IP address that is not a CIDR is an InvalidParameterError.
import { defineRuleEvaluator, verdict, compliant, nonCompliant, isRecord, InvalidParameterError, type ItemReader } from './define.ts';
import { statements } from './lib/policy-document.ts';

const RULE = 'S3_BUCKET_POLICY_GRANTEE_CHECK';
const POLICY = 'supplementaryConfiguration.BucketPolicy.policyText';

interface Cidr {
  v6: boolean;
  base: bigint;
  bits: number;
}

function parseCidr(text: string): Cidr | undefined {
  const [addr, prefix, extra] = text.trim().split('/');
  if (addr === undefined || extra !== undefined) return undefined;
  let v6: boolean;
  let value: bigint;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(addr)) {
    const parts = addr.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    v6 = false;
    value = parts.reduce((a, p) => (a << 8n) | BigInt(p), 0n);
  } else if (/^[0-9a-f:]+$/i.test(addr) && addr.includes(':')) {
    const halves = addr.split('::');
    if (halves.length > 2) return undefined;
    const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
    const head = groups(halves[0]!);
    const tail = halves.length === 2 ? groups(halves[1]!) : [];
    const fill = 8 - head.length - tail.length;
    if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
    const all = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail];
    if (all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
    v6 = true;
    value = all.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n);
  } else return undefined;
  const width = v6 ? 128 : 32;
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return undefined;
  const bits = prefix === undefined ? width : Number(prefix);
  if (bits > width) return undefined;
  const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - bits)) - 1n);
  return { v6, base: value & mask, bits };
}

/** Whether every address of `inner` lies in `outer`. */
function within(inner: Cidr, outer: Cidr): boolean {
  if (inner.v6 !== outer.v6 || inner.bits < outer.bits) return false;
  const width = inner.v6 ? 128 : 32;
  const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - outer.bits)) - 1n);
  return (inner.base & mask) === outer.base;
}

/** An IAM-style glob (* and ?, case-sensitive) as a whole-string test. */
function glob(pattern: string, value: string): boolean {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(value);
}

function stringsOf(ci: ItemReader, path: string, v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw ci.malformed(path, 'a string or list of strings');
}

/** The most policy variables any single string value of the document holds. */
function mostVariables(v: unknown): number {
  if (typeof v === 'string') return (v.match(/\$\{[^}]*\}/g) ?? []).length;
  if (Array.isArray(v)) return Math.max(0, ...v.map(mostVariables));
  if (isRecord(v)) return Math.max(0, ...Object.values(v).map(mostVariables));
  return 0;
}

export default defineRuleEvaluator({
  rule: RULE,
  resourceTypes: ['AWS::S3::Bucket'],
  parameters: { awsPrincipals: undefined, servicePrincipals: undefined, federatedUsers: undefined, ipAddresses: undefined, vpcIds: undefined },
  fields: ['supplementaryConfiguration'],
  evaluate({ ci, params }) {
    const awsPrincipals = params.list('awsPrincipals');
    const servicePrincipals = new Set(params.list('servicePrincipals').map((s) => s.toLowerCase()));
    const federatedUsers = new Set(params.list('federatedUsers'));
    const ipAddresses = params.list('ipAddresses').map((s) => {
      const c = parseCidr(s);
      if (!c) throw new InvalidParameterError(RULE, ci.resourceId, 'ipAddresses', `${JSON.stringify(s)} is not an IP address or CIDR block`);
      return c;
    });
    const vpcIds = new Set(params.list('vpcIds'));

    ci.reqObj('supplementaryConfiguration.BucketPolicy');
    const text = ci.optStr(POLICY);
    if (text === undefined) return compliant('the bucket has no policy');
    const parsed = statements(ci, POLICY, text);
    const doc = JSON.parse(text.trimStart().startsWith('{') ? text : decodeURIComponent(text)) as Record<string, unknown>;
    const raw = Array.isArray(doc.Statement) ? (doc.Statement as unknown[]) : [doc.Statement];
    if (mostVariables(doc) > 5) return nonCompliant('a value of the bucket policy holds more than five policy variables, which the rule cannot evaluate');

    const awsListed = (id: string): boolean => {
      const arn = /^\d{12}$/.test(id) ? `arn:aws:iam::${id}:root` : id;
      const account = /^arn:[^:]+:iam::(\d{12}):root$/.exec(arn)?.[1];
      return awsPrincipals.some((p) => (/^\d{12}$/.test(p) ? p === account : glob(p, arn)));
    };
    /** The principals of an Allow statement no list names ("*" when it grants to anyone). */
    const unlisted = (principal: unknown, at: string): string[] => {
      if (principal === '*') return ['*'];
      if (!isRecord(principal)) throw ci.malformed(at, 'a principal');
      return Object.entries(principal).flatMap(([kind, v]) => {
        const ids = stringsOf(ci, `${at}.${kind}`, v);
        if (kind === 'AWS') return ids.filter((id) => id === '*' || !awsListed(id));
        if (kind === 'Service') return ids.filter((id) => !servicePrincipals.has(id.toLowerCase()));
        if (kind === 'Federated') return ids.filter((id) => !federatedUsers.has(id));
        return ids; // CanonicalUser (and anything else): no parameter lists it.
      });
    };
    /** Whether a condition block confines every request to listed addresses or VPCs. */
    const confined = (condition: Record<string, unknown> | undefined, at: string): boolean =>
      condition !== undefined &&
      Object.entries(condition).some(([op, block]) => {
        if (!isRecord(block)) throw ci.malformed(`${at}.${op}`, 'an object');
        return Object.entries(block).some(([key, v]) => {
          const k = key.toLowerCase();
          if (op === 'IpAddress' && k === 'aws:sourceip') {
            const values = stringsOf(ci, `${at}.${op}.${key}`, v).map((s) => {
              const c = parseCidr(s);
              if (!c) throw ci.malformed(`${at}.${op}.${key}`, 'IP addresses or CIDR blocks');
              return c;
            });
            return values.length > 0 && values.every((c) => ipAddresses.some((o) => within(c, o)));
          }
          if ((op === 'StringEquals' || op === 'StringLike') && k === 'aws:sourcevpc') {
            const values = stringsOf(ci, `${at}.${op}.${key}`, v);
            return values.length > 0 && values.every((x) => !(op === 'StringLike' && /[*?]/.test(x)) && vpcIds.has(x));
          }
          return false;
        });
      });

    const failing: string[] = [];
    parsed.forEach((s, i) => {
      if (s.effect !== 'Allow') return;
      const at = `${POLICY}.Statement.${i}`;
      const st = raw[i] as Record<string, unknown>;
      const sid = typeof st.Sid === 'string' && st.Sid !== '' ? st.Sid : `#${i + 1}`;
      let others: string[];
      if (st.NotPrincipal !== undefined) others = ['NotPrincipal'];
      else if (s.principals === undefined) throw ci.malformed(`${at}.Principal`, 'a principal (or NotPrincipal)');
      else others = unlisted(s.principals, `${at}.Principal`);
      if (others.length > 0 && !confined(s.condition, `${at}.Condition`)) failing.push(`${sid} (${[...new Set(others)].join(', ')})`);
    });
    return verdict(
      failing.length === 0,
      'every Allow statement of the bucket policy is restricted to the listed principals, addresses or VPCs',
      `the bucket policy grants access beyond the listed principals, addresses and VPCs: ${failing.join('; ')}`,
    );
  },
});
