// Configuration items shaped as AWS Config records them, and a table-driven harness for the
// local evaluators: each case names the verdict the managed rule would give.
import { readFileSync } from 'node:fs';
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

const SCHEMA_DIR = new URL('../fixtures/aws-config-resource-schema/', import.meta.url);
const schemas = new Map<string, Record<string, string>>();

function schemaOf(resourceType: string): Record<string, string> {
  let s = schemas.get(resourceType);
  if (!s) {
    s = JSON.parse(readFileSync(new URL(`${resourceType.replaceAll('::', '.')}.properties.json`, SCHEMA_DIR), 'utf8')) as Record<string, string>;
    schemas.set(resourceType, s);
  }
  return s;
}

/**
 * Properties real configuration items carry that the published schema does not list (it lists
 * what advanced queries can select): policy documents, and maps keyed by data.
 */
const NOT_IN_SCHEMA: Record<string, RegExp> = {
  'AWS::S3::Bucket': /^supplementaryConfiguration\.(BucketPolicy|AccessControlList|BucketNotificationConfiguration|BucketReplicationConfiguration\.rules)(\.|$)/,
  'AWS::IAM::Policy': /^configuration\.policyVersionList\.document$/,
  'AWS::IAM::User': /^configuration\.(userPolicyList\.policyDocument|tags)$/,
  'AWS::IAM::Role': /^configuration\.(rolePolicyList\.policyDocument|assumeRolePolicyDocument)$/,
  'AWS::IAM::Group': /^configuration\.groupPolicyList\.policyDocument$/,
  'AWS::ApiGateway::Stage': /^configuration\.methodSettings(\.|$)/,
  'AWS::Lambda::Function': /^supplementaryConfiguration\.Policy(\.|$)/,
  'AWS::ElasticLoadBalancing::LoadBalancer': /^supplementaryConfiguration\.LoadBalancerAttributes(\.|$)/,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': /^supplementaryConfiguration\.LoadBalancerAttributes(\.|$)/,
};

const SCALAR: Record<string, string> = { string: 'string', date: 'string', cidr_block: 'string', ip: 'string', boolean: 'boolean', integer: 'number', float: 'number' };

/** JSON text (as BatchGetResourceConfig returns values) read as the value it encodes. */
function decoded(v: unknown): unknown {
  return typeof v === 'string' && /^\s*[[{]/.test(v) ? JSON.parse(v) : v;
}

/** Leaf paths (arrays flattened) of the item's configuration and supplementary configuration. */
function leaves(value: unknown, prefix: string, out: [string, unknown][]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v !== 'object')) out.push([prefix, value[0]]);
    else for (const v of value) leaves(v, prefix, out);
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, `${prefix}.${k}`, out);
  } else out.push([prefix, value]);
}

/** Differences between the item and the published schema of its type (path: why). */
export function schemaMismatches(ci: ConfigurationItem): string[] {
  const schema = schemaOf(ci.resourceType);
  const skip = NOT_IN_SCHEMA[ci.resourceType];
  const found: [string, unknown][] = [];
  leaves(decoded(ci.configuration), 'configuration', found);
  for (const [k, v] of Object.entries(ci.supplementaryConfiguration ?? {})) leaves(decoded(v), `supplementaryConfiguration.${k}`, found);
  const problems: string[] = [];
  for (const [p, v] of found) {
    if (skip?.test(p)) continue;
    const type = schema[p];
    if (type === undefined) problems.push(`${p}: not in the schema`);
    else if (SCALAR[type] !== undefined && typeof v !== SCALAR[type]) problems.push(`${p}: ${typeof v}, schema says ${type}`);
  }
  return problems;
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
    it('well-formed cases follow the published configuration item schema', () => {
      for (const c of [...cases.compliant, ...cases.nonCompliant, ...(cases.notApplicable ?? [])]) {
        if (!ruleEvaluator(rule)!.resourceTypes.includes(c.item.resourceType)) continue;
        expect(schemaMismatches(c.item), `${c.name} (${c.item.resourceType})`).toEqual([]);
      }
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
