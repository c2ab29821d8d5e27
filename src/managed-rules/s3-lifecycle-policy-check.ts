// s3-lifecycle-policy-check: the bucket has an enabled lifecycle rule, matching the parameters
// where given. Parameters (all optional): bucketNames (CSV), targetExpirationDays (int),
// targetPrefix, targetTransitionDays (int), targetTransitionStorageClass. Reads
// supplementaryConfiguration.BucketLifecycleConfiguration.rules (status, expirationInDays,
// transitions.days and .storageClass, prefix or filter.predicate.prefix, or the prefix operand of
// an And predicate). Judgements: bucketNames is read as the buckets in scope, the others
// NOT_APPLICABLE, as for S3_VERSION_LIFECYCLE_POLICY_CHECK; the bucket passes when one enabled rule
// matches every target given (the page: NON_COMPLIANT if the configuration "does not match with
// the parameter values"), values compared exactly (a rule expiring after 365 days does not match
// targetExpirationDays 395); a transition matches on its days and, where given, its storage class
// (with only targetTransitionStorageClass, any transition to that class). Config records the rules
// as a list and no BucketLifecycleConfiguration when there are none; a list that is not of
// objects, a rule without a string status, or a field a target reads holding another type is
// malformed.
import { defineRuleEvaluator, verdict, compliant, nonCompliant, notApplicable, isRecord, type ItemReader } from './define.ts';

const RULES = 'supplementaryConfiguration.BucketLifecycleConfiguration.rules';

interface Targets {
  expiration?: number;
  prefix?: string;
  transitionDays?: number;
  storageClass?: string;
}

/** The rule's object prefix: the legacy top-level prefix, a prefix filter, or the prefix of an And filter. */
function prefixOf(ci: ItemReader, r: Record<string, unknown>, at: string): string | undefined {
  if (r.prefix !== undefined && r.prefix !== null) {
    if (typeof r.prefix !== 'string') throw ci.malformed(`${at}.prefix`, 'a string');
    return r.prefix;
  }
  const predicate = isRecord(r.filter) ? r.filter.predicate : undefined;
  if (!isRecord(predicate)) return undefined;
  if (typeof predicate.prefix === 'string') return predicate.prefix;
  const operands = Array.isArray(predicate.operands) ? predicate.operands : [];
  const found = operands.find((o): o is Record<string, unknown> => isRecord(o) && typeof o.prefix === 'string');
  return found?.prefix as string | undefined;
}

function matches(ci: ItemReader, r: Record<string, unknown>, at: string, t: Targets): boolean {
  if (t.expiration !== undefined) {
    if (r.expirationInDays !== undefined && r.expirationInDays !== null && typeof r.expirationInDays !== 'number') throw ci.malformed(`${at}.expirationInDays`, 'a number');
    if (r.expirationInDays !== t.expiration) return false;
  }
  if (t.prefix !== undefined && prefixOf(ci, r, at) !== t.prefix) return false;
  if (t.transitionDays !== undefined || t.storageClass !== undefined) {
    const list = r.transitions ?? [];
    if (!Array.isArray(list)) throw ci.malformed(`${at}.transitions`, 'an array');
    const ok = list.some((x, j) => {
      if (!isRecord(x)) throw ci.malformed(`${at}.transitions.${j}`, 'an object');
      if (t.transitionDays !== undefined && x.days !== t.transitionDays) return false;
      if (t.storageClass !== undefined) {
        if (typeof x.storageClass !== 'string') throw ci.malformed(`${at}.transitions.${j}.storageClass`, 'a string');
        if (x.storageClass !== t.storageClass) return false;
      }
      return true;
    });
    if (!ok) return false;
  }
  return true;
}

export default defineRuleEvaluator({
  rule: 'S3_LIFECYCLE_POLICY_CHECK',
  resourceTypes: ['AWS::S3::Bucket'],
  parameters: { bucketNames: undefined, targetExpirationDays: undefined, targetPrefix: undefined, targetTransitionDays: undefined, targetTransitionStorageClass: undefined },
  fields: ['supplementaryConfiguration', 'resourceName'],
  evaluate({ ci, params }) {
    const names = params.list('bucketNames');
    const name = ci.item.resourceName ?? ci.resourceId;
    if (names.length > 0 && !names.includes(name)) return notApplicable('bucket is not listed in bucketNames');
    const t: Targets = {
      expiration: params.int('targetExpirationDays'),
      prefix: params.str('targetPrefix'),
      transitionDays: params.int('targetTransitionDays'),
      storageClass: params.str('targetTransitionStorageClass'),
    };
    const rules = ci.objects(RULES, false);
    const enabled = rules.filter((r, i) => {
      if (typeof r.status !== 'string') throw ci.malformed(`${RULES}.${i}.status`, 'a string');
      return r.status === 'Enabled';
    });
    if (enabled.length === 0) return nonCompliant(rules.length === 0 ? 'no lifecycle configuration' : 'no lifecycle rule is enabled');
    const wanted = Object.entries(t).filter(([, v]) => v !== undefined);
    if (wanted.length === 0) return compliant(`${enabled.length} lifecycle rule(s) enabled`);
    const hit = rules.findIndex((r, i) => r.status === 'Enabled' && matches(ci, r, `${RULES}.${i}`, t));
    const asked = wanted.map(([k, v]) => `${k} ${String(v)}`).join(', ');
    return verdict(hit >= 0, `lifecycle rule ${String(rules[hit]?.id ?? hit)} matches ${asked}`, `no enabled lifecycle rule matches ${asked}`);
  },
});
