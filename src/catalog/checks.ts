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

// Catalogs reference the same checks thousands of times: resolve each id once.
const resolved = new Map<string, ConfigRuleCheck>();

export function resolveCheck(id: string): CheckDef | undefined {
  if (id.startsWith(CONFIG_PREFIX)) {
    const known = resolved.get(id);
    if (known) return known;
    const sourceIdentifier = id.slice(CONFIG_PREFIX.length);
    const rule = managedRule(sourceIdentifier);
    if (!rule) return undefined;
    const def: ConfigRuleCheck = {
      kind: 'config-rule',
      id,
      title: `AWS Config rule ${rule.ruleName}`,
      sourceIdentifier,
      resourceTypes: rule.resourceTypes,
      scope: isGlobalRule(sourceIdentifier, rule.resourceTypes) ? 'account' : 'region',
    };
    resolved.set(id, def);
    return def;
  }
  return apiById.get(id);
}
