// AWS Config conformance pack templates that deploy the managed rules a catalog needs. Rule settings
// (input parameters, maximum execution frequency, resource types) are those of the AWS sample
// conformance packs: the framework's own pack first, else the most common settings across packs.
// AWS Config accepts at most 130 rules per conformance pack, so larger sets are split in parts.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import settings from './data/conformance-pack-settings.json' with { type: 'json' };
import type { ConfigRuleUse } from './coverage.ts';

// yaml is required here, when a pack is written, so that loading the catalog does not load it
// (Node resolves yaml to its CommonJS build for import and require alike: one instance).
const stringify = (value: unknown, options: Yaml.ToStringOptions): string => (createRequire(import.meta.url)('yaml') as typeof Yaml).stringify(value, options);

export const MAX_RULES_PER_PACK = 130;

interface RuleSettings {
  inputParameters?: Record<string, string>;
  maximumExecutionFrequency?: string;
  complianceResourceTypes?: string[];
}

const data = settings as { default: Record<string, RuleSettings>; packs: Record<string, Record<string, RuleSettings>> };

export function ruleSettings(sourceIdentifier: string, preferPacks: string[] = []): RuleSettings | undefined {
  for (const p of preferPacks) {
    const s = data.packs[p]?.[sourceIdentifier];
    if (s) return s;
  }
  return Object.hasOwn(data.default, sourceIdentifier) ? data.default[sourceIdentifier] : undefined;
}

/** A CloudFormation logical id from a rule name: access-keys-rotated → AccessKeysRotated. */
export function logicalId(ruleName: string): string {
  const id = ruleName
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  return /^[A-Za-z]/.test(id) ? id : `Rule${id}`;
}

export interface PackOptions {
  /** Names the frameworks in the header comment. */
  title: string;
  /** AWS sample pack file names whose rule settings take precedence, in order. */
  preferPacks?: string[];
  /** Leave out account-scoped rules (IAM, root user, account settings): for packs in secondary regions. */
  excludeGlobal?: boolean;
  maxRules?: number;
  /** InputParameters by rule over the sample packs' (collection.ruleParameters): what is deployed is what is evaluated locally. */
  ruleParameters?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface PackTemplate {
  part: number;
  parts: number;
  /** The SourceIdentifier of each Config rule deployed (a rule deployed with two sets of parameters twice). */
  rules: string[];
  yaml: string;
}

/** One Config rule to deploy: a managed rule with one set of InputParameters. */
interface Deployment {
  use: ConfigRuleUse;
  name: string;
  inputParameters: Record<string, string>;
  settings: RuleSettings | undefined;
}

const canonical = (p: Record<string, string>): string => JSON.stringify(Object.keys(p).sort().map((k) => [k, p[k]]));

/**
 * The Config rules to deploy: per managed rule, one per distinct InputParameters (the sample
 * pack's, then collection.ruleParameters, then a control's). A rule deployed twice keeps its
 * name for the first and takes a suffix from its parameters' digest for the others, so the names
 * are distinct and stay the same whatever else the pack holds.
 */
function deployments(rules: ConfigRuleUse[], opts: PackOptions): Deployment[] {
  const out: Deployment[] = [];
  const bySid = new Map<string, Deployment[]>();
  for (const use of rules) {
    const settings = ruleSettings(use.sourceIdentifier, opts.preferPacks);
    const inputParameters = { ...settings?.inputParameters, ...opts.ruleParameters?.[use.sourceIdentifier], ...use.parameters };
    const same = bySid.get(use.sourceIdentifier) ?? [];
    if (same.some((d) => canonical(d.inputParameters) === canonical(inputParameters))) continue;
    const name = same.length === 0 ? use.ruleName : `${use.ruleName}-${createHash('sha256').update(canonical(inputParameters)).digest('hex').slice(0, 8)}`;
    const d = { use, name, inputParameters, settings };
    same.push(d);
    bySid.set(use.sourceIdentifier, same);
    out.push(d);
  }
  return out;
}

export function conformancePackTemplates(rules: ConfigRuleUse[], opts: PackOptions): PackTemplate[] {
  const selected = deployments(rules, opts).filter((d) => !(opts.excludeGlobal && d.use.scope === 'account'));
  const max = opts.maxRules ?? MAX_RULES_PER_PACK;
  // As few parts as the limit allows, of even size.
  const size = Math.ceil(selected.length / Math.max(1, Math.ceil(selected.length / max)));
  const chunks: Deployment[][] = [];
  for (let i = 0; i < selected.length; i += size) chunks.push(selected.slice(i, i + size));
  return chunks.map((chunk, i) => {
    const used = new Set<string>();
    const resources: Record<string, unknown> = {};
    for (const { use: r, name, inputParameters, settings: s } of chunk) {
      let id = logicalId(name);
      for (let n = 2; used.has(id); n++) id = `${logicalId(name)}${n}`;
      used.add(id);
      resources[id] = {
        Type: 'AWS::Config::ConfigRule',
        Properties: {
          ConfigRuleName: name,
          ...(Object.keys(inputParameters).length ? { InputParameters: inputParameters } : {}),
          ...(s?.maximumExecutionFrequency ? { MaximumExecutionFrequency: s.maximumExecutionFrequency } : {}),
          // a copy: a rule deployed twice would share the array, and YAML would write an alias CloudFormation may not take
          ...(s?.complianceResourceTypes?.length ? { Scope: { ComplianceResourceTypes: [...s.complianceResourceTypes] } } : {}),
          Source: { Owner: 'AWS', SourceIdentifier: r.sourceIdentifier },
        },
      };
    }
    const header = [
      `AWS Config conformance pack for ${opts.title}${chunks.length > 1 ? ` (part ${i + 1} of ${chunks.length}: AWS Config allows ${max} rules per pack)` : ''}.`,
      'Generated by `evidence frameworks coverage --conformance-pack`. Rule settings follow the AWS sample conformance packs.',
      'Deploy: aws configservice put-conformance-pack --conformance-pack-name <name> --template-body file://<this file>',
      opts.excludeGlobal ? 'Account-scoped rules (IAM, root user, account settings) are left out: deploy them in one region only.' : 'Account-scoped rules (IAM, root user, account settings) are included: deploy this pack in one region, and use --exclude-global for the others.',
    ];
    const yaml = header.map((l) => `# ${l}\n`).join('') + stringify({ Resources: resources }, { lineWidth: 0 });
    return { part: i + 1, parts: chunks.length, rules: chunk.map((d) => d.use.sourceIdentifier), yaml };
  });
}
