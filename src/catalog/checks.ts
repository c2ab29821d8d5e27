// Resolves the check ids that catalogs reference. Two kinds:
//  - "config:<SOURCE_IDENTIFIER>": the results of an AWS Config managed rule, matched by its
//    SourceIdentifier whatever the deployed rule is called (conformance-pack names included);
//  - "<api-check-id>": a pure function over collected datasets (src/checks/).
import managed from './data/config-managed-rules.json' with { type: 'json' };
import { apiChecks } from '../checks/index.ts';
import type { ApiCheck } from '../checks/index.ts';

export interface ConfigRuleCheck {
  kind: 'config-rule';
  id: string;
  title: string;
  sourceIdentifier: string;
  resourceTypes: string[];
  /** Evaluated once per account from whichever region records global resources. */
  scope: 'account' | 'region';
  /** The rule's InputParameters a control sets (the check id then names them, see parametrizedCheckId). */
  parameters?: Readonly<Record<string, string>>;
}

export type CheckDef = ConfigRuleCheck | ApiCheck;

const managedRules = (managed as { rules: Record<string, { ruleName: string; resourceTypes: string[] }> }).rules;

// Rules about account-global things (IAM, the root user, account-level S3 settings): Config
// evaluates them where global resources are recorded, usually a single region.
const GLOBAL_RULES = new Set([
  'ROOT_ACCOUNT_MFA_ENABLED',
  'ROOT_ACCOUNT_HARDWARE_MFA_ENABLED',
  'IAM_ROOT_ACCESS_KEY_CHECK',
  'IAM_PASSWORD_POLICY',
  'ACCOUNT_PART_OF_ORGANIZATIONS',
  'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS',
  'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC',
  // account contacts are global: the rule reads the same answer in every region
  'SECURITY_ACCOUNT_INFORMATION_PROVIDED',
]);

export function isGlobalRule(sourceIdentifier: string, resourceTypes: string[]): boolean {
  if (GLOBAL_RULES.has(sourceIdentifier)) return true;
  return resourceTypes.length > 0 && resourceTypes.every((t) => t.startsWith('AWS::IAM::'));
}

export const CONFIG_PREFIX = 'config:';

const apiById = new Map(apiChecks.map((c) => [c.id, c]));

export function knownManagedRule(sourceIdentifier: string): boolean {
  return Object.hasOwn(managedRules, sourceIdentifier);
}

/** The AWS managed rule with this SourceIdentifier (its default rule name and resource types). */
export function managedRule(sourceIdentifier: string): { ruleName: string; resourceTypes: string[] } | undefined {
  return Object.hasOwn(managedRules, sourceIdentifier) ? managedRules[sourceIdentifier] : undefined;
}

/** A parameter name as AWS Config InputParameters spell them. */
export const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * The id of a check with the parameters a control sets: `config:RULE(name=value; name2=value2)`,
 * names sorted, so controls that set the same values share one check. Without parameters: the
 * plain id.
 */
export function parametrizedCheckId(check: string, parameters?: Readonly<Record<string, string>>): string {
  const names = Object.keys(parameters ?? {}).sort();
  if (names.length === 0) return check;
  return `${check}(${names.map((n) => `${n}=${parameters![n]}`).join('; ')})`;
}

/** The plain check and parameters of a parametrized id (undefined for a plain or malformed one). */
export function parseParametrizedCheckId(id: string): { check: string; parameters: Record<string, string> } | undefined {
  const m = /^(config:[A-Z0-9_]+)\((.+)\)$/s.exec(id);
  if (!m) return undefined;
  const parameters: Record<string, string> = {};
  let last: string | undefined;
  // a value may itself hold "; ": a segment starts a parameter only when it reads name=
  for (const seg of m[2]!.split('; ')) {
    const eq = seg.indexOf('=');
    const name = eq > 0 ? seg.slice(0, eq) : '';
    if (PARAMETER_NAME.test(name) && !Object.hasOwn(parameters, name)) parameters[(last = name)] = seg.slice(eq + 1);
    else if (last !== undefined) parameters[last] += `; ${seg}`;
    else return undefined;
  }
  return parametrizedCheckId(m[1]!, parameters) === id ? { check: m[1]!, parameters } : undefined;
}

// Catalogs reference the same checks thousands of times: resolve each id once.
const resolved = new Map<string, ConfigRuleCheck>();

/** A check by id; a parametrized id resolves to its managed rule with those parameters. */
export function resolveCheck(id: string, parameters?: Readonly<Record<string, string>>): CheckDef | undefined {
  const given = parameters && Object.keys(parameters).length > 0 ? { check: id, parameters: { ...parameters } } : undefined;
  if (given) id = parametrizedCheckId(id, parameters);
  if (id.startsWith(CONFIG_PREFIX)) {
    const known = resolved.get(id);
    if (known) return known;
    const parsed = given ?? (id.endsWith(')') ? parseParametrizedCheckId(id) : undefined);
    const sourceIdentifier = (parsed?.check ?? id).slice(CONFIG_PREFIX.length);
    const rule = managedRule(sourceIdentifier);
    if (!rule) return undefined;
    const def: ConfigRuleCheck = {
      kind: 'config-rule',
      id,
      title: `AWS Config rule ${rule.ruleName}`,
      sourceIdentifier,
      resourceTypes: rule.resourceTypes,
      scope: isGlobalRule(sourceIdentifier, rule.resourceTypes) ? 'account' : 'region',
      ...(parsed ? { parameters: Object.freeze(parsed.parameters) } : {}),
    };
    resolved.set(id, def);
    return def;
  }
  return apiById.get(id);
}
