// How much of each framework the tool evidences on its own: which controls are automated, partly
// automated (checks plus an attestation) or manual, and which AWS Config managed rules must be
// deployed for the automated part to have evidence (an undeployed rule reads NO_EVIDENCE).
import { controlKind, type Baseline, type ControlKind, type Framework } from './schema.ts';
import { CONFIG_PREFIX, managedRule, resolveCheck } from './checks.ts';

export interface ConfigRuleUse {
  /** The check id: the rule, with the parameters controls set (one use per set of parameters). */
  check: string;
  sourceIdentifier: string;
  /** InputParameters the controls set (over the sample packs' settings when deployed). */
  parameters?: Readonly<Record<string, string>>;
  /** The managed rule's default name (deployed rules may carry any name; matching is by identifier). */
  ruleName: string;
  /** Evaluated once per account (IAM, root user, account settings) rather than in every region. */
  scope: 'account' | 'region';
  /** Control ids (of this framework, or "framework/control" across frameworks) that use it. */
  controls: string[];
}

export interface FrameworkCoverage {
  id: string;
  name: string;
  version: string;
  total: number;
  counts: Record<ControlKind, number>;
  controls: Record<ControlKind, string[]>;
  /** Config rules to deploy, by SourceIdentifier. */
  configRules: ConfigRuleUse[];
  /** api checks: collected directly from AWS APIs, nothing to deploy. */
  apiChecks: { id: string; controls: string[] }[];
}

// by rule, the plain check before its parametrized variants
const byRule = (a: ConfigRuleUse, b: ConfigRuleUse): number => a.sourceIdentifier.localeCompare(b.sourceIdentifier) || (a.check < b.check ? -1 : a.check > b.check ? 1 : 0);

export const KINDS: readonly ControlKind[] = ['automated', 'partial', 'manual'];

/** Controls of a framework, optionally only those in a baseline. */
export function controlsIn(fw: Framework, baseline?: Baseline): Framework['controls'] {
  return baseline ? fw.controls.filter((c) => c.baselines?.includes(baseline)) : fw.controls;
}

export function frameworkCoverage(fw: Framework, baseline?: Baseline): FrameworkCoverage {
  const controls: Record<ControlKind, string[]> = { automated: [], partial: [], manual: [] };
  const rules = new Map<string, ConfigRuleUse>();
  const api = new Map<string, string[]>();
  for (const c of controlsIn(fw, baseline)) {
    controls[controlKind(c)].push(c.id);
    for (const id of c.checks) {
      if (id.startsWith(CONFIG_PREFIX)) {
        let use = rules.get(id);
        if (!use) {
          const def = resolveCheck(id);
          const sourceIdentifier = def?.kind === 'config-rule' ? def.sourceIdentifier : id.slice(CONFIG_PREFIX.length);
          use = {
            check: id,
            sourceIdentifier,
            ruleName: managedRule(sourceIdentifier)?.ruleName ?? sourceIdentifier.toLowerCase().replaceAll('_', '-'),
            scope: def?.kind === 'config-rule' ? def.scope : 'region',
            ...(def?.kind === 'config-rule' && def.parameters ? { parameters: def.parameters } : {}),
            controls: [],
          };
          rules.set(id, use);
        }
        use.controls.push(c.id);
      } else {
        api.set(id, [...(api.get(id) ?? []), c.id]);
      }
    }
  }
  const counts = Object.fromEntries(KINDS.map((k) => [k, controls[k].length])) as Record<ControlKind, number>;
  return {
    id: fw.id,
    name: fw.name,
    version: fw.version,
    total: counts.automated + counts.partial + counts.manual,
    counts,
    controls,
    configRules: [...rules.values()].sort(byRule),
    apiChecks: [...api].map(([id, cs]) => ({ id, controls: cs })).sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** The Config rules several frameworks need, each once, with "framework/control" users. */
export function configRulesFor(frameworks: Framework[]): ConfigRuleUse[] {
  const all = new Map<string, ConfigRuleUse>();
  for (const fw of frameworks) {
    for (const r of frameworkCoverage(fw).configRules) {
      const use = all.get(r.check) ?? { ...r, controls: [] };
      use.controls.push(...r.controls.map((c) => `${fw.id}/${c}`));
      all.set(r.check, use);
    }
  }
  return [...all.values()].sort(byRule);
}
