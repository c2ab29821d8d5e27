// Configuration items shaped as AWS Config records them, and a table-driven harness for the
// local evaluators: each case names the verdict the managed rule would give.
import { describe, expect, it } from 'vitest';
import { MalformedItemError, ruleEvaluator, type ConfigurationItem, type RuleCompliance, type RuleParameters } from '../../src/managed-rules/index.ts';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

export interface ItemParts {
  resourceId?: string;
  resourceName?: string;
  configuration?: unknown;
  supplementaryConfiguration?: Record<string, unknown>;
  tags?: Record<string, string>;
  status?: string;
}

/** A configuration item of this type, with the envelope fields a real one carries. */
export function item(resourceType: string, parts: ItemParts): ConfigurationItem {
  const resourceId = parts.resourceId ?? 'resource-1';
  const service = resourceType.split('::')[1]!.toLowerCase();
  return {
    version: '1.3',
    accountId: ACCOUNT,
    configurationItemCaptureTime: '2026-11-30T02:14:07.412Z',
    configurationItemStatus: parts.status ?? 'OK',
    configurationStateId: '1764468847412',
    configurationItemMD5Hash: '',
    arn: `arn:aws:${service}:${REGION}:${ACCOUNT}:${resourceId}`,
    resourceType,
    resourceId,
    resourceName: parts.resourceName ?? resourceId,
    awsRegion: REGION,
    availabilityZone: 'Not Applicable',
    tags: parts.tags ?? {},
    relatedEvents: [],
    relationships: [],
    configuration: parts.configuration ?? {},
    supplementaryConfiguration: parts.supplementaryConfiguration ?? {},
  } as ConfigurationItem;
}

export interface Case {
  name: string;
  item: ConfigurationItem;
  params?: RuleParameters;
}

export interface RuleCases {
  compliant: Case[];
  nonCompliant: Case[];
  /** Rule-specific NOT_APPLICABLE cases; a deleted item is always checked as well. */
  notApplicable?: Case[];
  /** Items missing a field the logic needs, or holding it with the wrong type. */
  malformed: Case[];
}

function expectVerdict(rule: string, c: Case, want: RuleCompliance): void {
  const v = ruleEvaluator(rule)!.evaluate(c.item, c.params);
  expect(v.compliance, v.annotation).toBe(want);
  expect(v.annotation.length).toBeGreaterThan(0);
}

export function ruleCases(rule: string, cases: RuleCases): void {
  describe(rule, () => {
    it('has an evaluator', () => expect(ruleEvaluator(rule)?.rule).toBe(rule));
    for (const c of cases.compliant) it(`COMPLIANT: ${c.name}`, () => expectVerdict(rule, c, 'COMPLIANT'));
    for (const c of cases.nonCompliant) it(`NON_COMPLIANT: ${c.name}`, () => expectVerdict(rule, c, 'NON_COMPLIANT'));
    for (const c of cases.notApplicable ?? []) it(`NOT_APPLICABLE: ${c.name}`, () => expectVerdict(rule, c, 'NOT_APPLICABLE'));
    it('NOT_APPLICABLE: a deleted resource', () => {
      const base = cases.nonCompliant[0]!.item;
      expectVerdict(rule, { name: 'deleted', item: { ...base, configurationItemStatus: 'ResourceDeleted' } }, 'NOT_APPLICABLE');
    });
    for (const c of cases.malformed) {
      it(`throws MalformedItemError: ${c.name}`, () => {
        expect(() => ruleEvaluator(rule)!.evaluate(c.item, c.params)).toThrow(MalformedItemError);
      });
    }
  });
}

/** A deep copy of the item with one dotted path set (undefined deletes it). */
export function withField(ci: ConfigurationItem, path: string, value: unknown): ConfigurationItem {
  const copy = structuredClone(ci) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  let cur = copy;
  for (const k of keys.slice(0, -1)) {
    if (cur[k] === null || typeof cur[k] !== 'object') cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return copy as unknown as ConfigurationItem;
}
