// Resolves the check ids that catalogs reference. Two kinds:
//  - "config:<SOURCE_IDENTIFIER>": the results of an AWS Config managed rule, matched by its
//    SourceIdentifier whatever the deployed rule is called (conformance-pack names included);
//  - "<api-check-id>": a pure function over collected datasets (src/checks/).
import managed from './data/config-managed-rules.json' with { type: 'json' };
import { apiChecks } from '../checks/index.ts';
import type { ApiCheck } from '../checks/define.ts';

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

export function resolveCheck(id: string): CheckDef | undefined {
  if (id.startsWith(CONFIG_PREFIX)) {
    const sourceIdentifier = id.slice(CONFIG_PREFIX.length);
    const rule = managedRules[sourceIdentifier];
    if (!rule) return undefined;
    return {
      kind: 'config-rule',
      id,
      title: `AWS Config rule ${rule.ruleName}`,
      sourceIdentifier,
      resourceTypes: rule.resourceTypes,
      scope: isGlobalRule(sourceIdentifier, rule.resourceTypes) ? 'account' : 'region',
    };
  }
  return apiById.get(id);
}
