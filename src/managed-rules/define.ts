// Local evaluators of AWS Config managed rules: each reproduces one managed rule's documented logic
// over a single configuration item. They are pure and import nothing else of the project, so any
// layer can use them; a verdict they give is this tool's evaluation, never AWS Config's.

/** Resource-level verdicts an evaluator can give (AWS Config's own words). */
export const RULE_COMPLIANCE = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'] as const;
export type RuleCompliance = (typeof RULE_COMPLIANCE)[number];

export interface RuleVerdict {
  compliance: RuleCompliance;
  /** Why, in a sentence an auditor can check against the configuration item. */
  annotation: string;
}

/**
 * A configuration item as `SelectResourceConfig` and the rule-invocation event return it (nested
 * objects). `BatchGetResourceConfig` and `GetResourceConfigHistory` encode `configuration` and each
 * `supplementaryConfiguration` value as JSON text: the reader decodes those too.
 */
export interface ConfigurationItem {
  configurationItemCaptureTime?: string;
  configurationItemStatus?: string;
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  arn?: string;
  awsRegion?: string;
  accountId?: string;
  configuration?: unknown;
  supplementaryConfiguration?: Record<string, unknown>;
  tags?: Record<string, string>;
}

/** The parts of a configuration item an evaluator may read (the collector selects only these). */
export const ITEM_FIELDS = ['configuration', 'supplementaryConfiguration', 'tags', 'resourceName', 'arn'] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];

/**
 * Managed rules take their parameters as strings (a rule's InputParameters); defaults are kept as
 * AWS documents them and parsed by the evaluator. `undefined`: an optional parameter left unset.
 */
export type RuleParameters = Record<string, string | undefined>;

/**
 * A deployed rule's InputParameters as evaluator parameters. Absent or blank: the rule runs on its
 * documented defaults. Anything but a JSON object of scalar values: null, since there is no telling
 * what AWS Config judged with, and nothing is compared.
 */
export function deployedParameters(raw: string | undefined): RuleParameters | null {
  if (raw === undefined || raw.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const out: RuleParameters = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x === 'string') out[k] = x;
    else if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
    else return null;
  }
  return out;
}

/** Whether a deployed rule's InputParameters give every parameter in `wanted` the same value. */
export function deployedWith(rule: { InputParameters?: string }, wanted: Readonly<Record<string, string>>): boolean {
  const deployed = deployedParameters(rule.InputParameters);
  return deployed !== null && Object.entries(wanted).every(([k, v]) => deployed[k] === v);
}

/** Base class of this folder's errors, so a caller can tell them from its own. */
export class RuleEvaluationError extends Error {
  override name = 'RuleEvaluationError';
  constructor(
    readonly rule: string,
    readonly resourceId: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${rule} on ${resourceId}: ${message}`, options);
  }
}

/** A field the rule's logic needs is missing or of the wrong type: the caller reports ERROR. */
export class MalformedItemError extends RuleEvaluationError {
  override name = 'MalformedItemError';
  constructor(
    rule: string,
    resourceId: string,
    readonly path: string,
    readonly expected: string,
    options?: ErrorOptions,
  ) {
    super(rule, resourceId, `configuration item field ${path} is missing or not ${expected}`, options);
  }
}

/** A parameter value the managed rule would reject. */
export class InvalidParameterError extends RuleEvaluationError {
  override name = 'InvalidParameterError';
  constructor(rule: string, resourceId: string, readonly parameter: string, message: string) {
    super(rule, resourceId, `parameter ${parameter}: ${message}`);
  }
}

type Json = unknown;

function decodeJsonText(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/**
 * Typed access to one configuration item by dotted path (`configuration.metadataOptions.httpTokens`,
 * `supplementaryConfiguration.BucketVersioningConfiguration.status`). `req*` throws
 * MalformedItemError when the value is absent or of another type; `opt*` allows absent (missing or
 * null) and throws only on a wrong type, for properties AWS omits when unset.
 */
export class ItemReader {
  readonly item: ConfigurationItem;
  private readonly root: Record<string, unknown>;

  constructor(
    readonly rule: string,
    item: ConfigurationItem,
  ) {
    if (item === null || typeof item !== 'object') throw new MalformedItemError(rule, '(unknown)', '(item)', 'an object');
    if (typeof item.resourceId !== 'string') throw new MalformedItemError(rule, '(unknown)', 'resourceId', 'a string');
    if (typeof item.resourceType !== 'string') throw new MalformedItemError(rule, item.resourceId, 'resourceType', 'a string');
    this.item = item;
    const supp = decodeJsonText(item.supplementaryConfiguration);
    this.root = {
      ...item,
      configuration: decodeJsonText(item.configuration),
      supplementaryConfiguration:
        supp && typeof supp === 'object' && !Array.isArray(supp)
          ? Object.fromEntries(Object.entries(supp as Record<string, unknown>).map(([k, v]) => [k, decodeJsonText(v)]))
          : supp,
    };
  }

  get resourceType(): string {
    return this.item.resourceType;
  }

  get resourceId(): string {
    return this.item.resourceId;
  }

  /** Raw value at the path, or undefined where any step is absent or null. */
  get(path: string): Json {
    let cur: unknown = this.root;
    for (const key of path.split('.')) {
      if (cur === null || cur === undefined) return undefined;
      if (typeof cur !== 'object' || Array.isArray(cur)) throw this.malformed(path, 'reachable (a parent is not an object)');
      cur = (cur as Record<string, unknown>)[key];
    }
    return cur === null ? undefined : cur;
  }

  malformed(path: string, expected: string, cause?: unknown): MalformedItemError {
    return new MalformedItemError(this.rule, this.item.resourceId, path, expected, cause === undefined ? undefined : { cause });
  }

  private typed<T>(path: string, required: boolean, expected: string, ok: (v: unknown) => boolean): T | undefined {
    const v = this.get(path);
    if (v === undefined) {
      if (required) throw this.malformed(path, expected);
      return undefined;
    }
    if (!ok(v)) throw this.malformed(path, `${expected} (found ${describe(v)})`);
    return v as T;
  }

  reqObj(path: string): Record<string, unknown> {
    return this.typed(path, true, 'an object', isRecord)!;
  }
  optObj(path: string): Record<string, unknown> | undefined {
    return this.typed(path, false, 'an object', isRecord);
  }
  reqStr(path: string): string {
    return this.typed(path, true, 'a string', (v) => typeof v === 'string')!;
  }
  optStr(path: string): string | undefined {
    return this.typed(path, false, 'a string', (v) => typeof v === 'string');
  }
  reqBool(path: string): boolean {
    return this.typed(path, true, 'a boolean', (v) => typeof v === 'boolean')!;
  }
  optBool(path: string): boolean | undefined {
    return this.typed(path, false, 'a boolean', (v) => typeof v === 'boolean');
  }
  reqNum(path: string): number {
    return this.typed(path, true, 'a number', (v) => typeof v === 'number' && Number.isFinite(v))!;
  }
  optNum(path: string): number | undefined {
    return this.typed(path, false, 'a number', (v) => typeof v === 'number' && Number.isFinite(v));
  }
  reqArr(path: string): unknown[] {
    return this.typed(path, true, 'an array', Array.isArray)!;
  }
  optArr(path: string): unknown[] | undefined {
    return this.typed(path, false, 'an array', Array.isArray);
  }
  /** An array whose elements must all be objects (list of listeners, permissions…). */
  objects(path: string, required = true): Record<string, unknown>[] {
    const arr = required ? this.reqArr(path) : (this.optArr(path) ?? []);
    arr.forEach((v, i) => {
      if (!isRecord(v)) throw this.malformed(`${path}.${i}`, 'an object');
    });
    return arr as Record<string, unknown>[];
  }
  /** An array whose elements must all be strings. */
  strings(path: string, required = true): string[] {
    const arr = required ? this.reqArr(path) : (this.optArr(path) ?? []);
    arr.forEach((v, i) => {
      if (typeof v !== 'string') throw this.malformed(`${path}.${i}`, 'a string');
    });
    return arr as string[];
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Parameter parsing with the rule's own validation. */
export class ParamReader {
  constructor(
    private readonly rule: string,
    private readonly resourceId: string,
    readonly values: RuleParameters,
  ) {}

  str(name: string): string | undefined {
    const v = this.values[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }
  int(name: string): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw new InvalidParameterError(this.rule, this.resourceId, name, `${JSON.stringify(v)} is not an integer`);
    return Number(v);
  }
  bool(name: string): boolean | undefined {
    const v = this.str(name)?.toLowerCase();
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') throw new InvalidParameterError(this.rule, this.resourceId, name, `${JSON.stringify(v)} is not true or false`);
    return v === 'true';
  }
  /** A comma-separated list, items trimmed, empties dropped. */
  list(name: string): string[] {
    return (this.str(name) ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
}

export interface RuleContext {
  ci: ItemReader;
  params: ParamReader;
}

export interface RuleEvaluator {
  /** The managed rule's SourceIdentifier. */
  rule: string;
  /** Resource types the managed rule is scoped to (its trigger scope). */
  resourceTypes: readonly string[];
  /** The managed rule's documented parameters with their default values (undefined: optional, unset). */
  parameters: Readonly<RuleParameters>;
  /** Which parts of the configuration item the logic reads. */
  fields: readonly ItemField[];
  /**
   * Judge one item. `params` overrides the defaults (the catalog's values where a control sets
   * them). Throws MalformedItemError / InvalidParameterError instead of guessing a verdict.
   */
  evaluate(item: ConfigurationItem, params?: RuleParameters): RuleVerdict;
}

interface RuleDefinition {
  rule: string;
  resourceTypes: readonly string[];
  parameters?: RuleParameters;
  fields: readonly ItemField[];
  evaluate(ctx: RuleContext): RuleVerdict;
}

export function defineRuleEvaluator(def: RuleDefinition): RuleEvaluator {
  const parameters = Object.freeze({ ...(def.parameters ?? {}) });
  return Object.freeze({
    rule: def.rule,
    resourceTypes: Object.freeze([...def.resourceTypes]),
    parameters,
    fields: Object.freeze([...def.fields]),
    evaluate(item: ConfigurationItem, params: RuleParameters = {}): RuleVerdict {
      const ci = new ItemReader(def.rule, item);
      if (!def.resourceTypes.includes(ci.resourceType)) {
        return notApplicable(`${ci.resourceType} is not in the rule's scope (${def.resourceTypes.join(', ')})`);
      }
      if (item.configurationItemStatus === 'ResourceDeleted' || item.configurationItemStatus === 'ResourceDeletedNotRecorded') {
        return notApplicable('the resource has been deleted');
      }
      return def.evaluate({ ci, params: new ParamReader(def.rule, ci.resourceId, { ...parameters, ...params }) });
    },
  });
}

export const compliant = (annotation: string): RuleVerdict => ({ compliance: 'COMPLIANT', annotation });
export const nonCompliant = (annotation: string): RuleVerdict => ({ compliance: 'NON_COMPLIANT', annotation });
export const notApplicable = (annotation: string): RuleVerdict => ({ compliance: 'NOT_APPLICABLE', annotation });

/** COMPLIANT when `ok`, else NON_COMPLIANT, with the matching annotation. */
export function verdict(ok: boolean, whenOk: string, whenNot: string): RuleVerdict {
  return ok ? compliant(whenOk) : nonCompliant(whenNot);
}
