// Judges every selected check for every target from the collected evidence. Missing input
// yields ERROR or NO_EVIDENCE with its reason, never a verdict.
//
// Judging is incremental: a regional Config rule is judged as soon as its answers arrive, api
// checks once their target's datasets (and the account's global ones) are in, and checks about
// account-global resources once the whole account is done. So raw answers never pile up across an
// organization; only each target's result leaves here (to a sink that decides what to keep).
import type { CheckDef } from '../catalog/index.ts';
import type { CheckOutcome, Target } from '../domain/index.ts';
import type { ConfigRuleResultsEvidence } from '../collect/index.ts';
import type { DatasetId } from '../domain/index.ts';
import { GLOBAL_REGION, type ConfigRuleFetch, type EvidenceSink, type TargetEvidence } from '../collect/index.ts';
import { collectorFor } from '../collect/index.ts';
import type { CheckResult, CheckTargetResult } from '../domain/index.ts';
import { configRuleOutcome } from './config-rule.ts';
import { configItemsOutcome } from './config-items.ts';
import type { VerdictAgreement, VerdictSource } from '../domain/index.ts';
import { agreementWithDeployed } from './agreement.ts';
import { deployedParameters, deployedWith, type RuleParameters } from '../managed-rules/index.ts';
import { countResults, targetStatus } from './rollup.ts';

type ApiCheck = Extract<CheckDef, { kind: 'api' }>;
type ConfigCheck = Extract<CheckDef, { kind: 'config-rule' }>;

interface Judged {
  outcome: CheckOutcome;
  keys: string[];
  source?: VerdictSource;
  capturedAt?: string;
  agreement?: VerdictAgreement;
}

function toTargetResult(target: Target, outcome: CheckOutcome, evidenceKeys: string[], from: Omit<Judged, 'outcome' | 'keys'> = {}): CheckTargetResult {
  const st = targetStatus(outcome);
  const results = outcome.kind === 'evaluated' ? outcome.results : [];
  return {
    account: target.account,
    region: target.region,
    status: st.status,
    ...(st.reason ? { reason: st.reason } : {}),
    counts: countResults(results),
    results,
    evidenceKeys,
    ...(from.source && outcome.kind === 'evaluated' ? { source: from.source } : {}),
    ...(from.capturedAt && outcome.kind === 'evaluated' ? { capturedAt: from.capturedAt } : {}),
    ...(from.agreement ? { agreement: from.agreement } : {}),
  };
}

function apiOutcome(check: ApiCheck, te: TargetEvidence, global: TargetEvidence | undefined): { outcome: CheckOutcome; keys: string[] } {
  const inputs: Record<string, unknown> = {};
  const keys: string[] = [];
  for (const id of check.uses as readonly DatasetId[]) {
    // A regional check may also read the account's global datasets.
    const f = te.datasets.get(id) ?? global?.datasets.get(id);
    if (!f) return { outcome: { kind: 'error', reason: `dataset ${id} was not collected` }, keys };
    if (!f.ok) return { outcome: { kind: 'error', reason: `dataset ${id}: ${f.reason}` }, keys };
    inputs[id] = f.data;
    keys.push(f.key);
  }
  try {
    return { outcome: check.evaluate(inputs as never, te.target), keys };
  } catch (err) {
    return { outcome: { kind: 'error', reason: `check ${check.id} threw: ${(err as Error).message}` }, keys };
  }
}

/** An api check whose datasets are all account-global is judged once per account. */
export function apiCheckScope(check: ApiCheck): 'account' | 'region' {
  return check.uses.every((u) => collectorFor(u).scope === 'account') ? 'account' : 'region';
}

/** The first difference between a deployed rule's InputParameters and the control's, for a reason. */
function parameterDifference(rule: { ConfigRuleName: string; InputParameters?: string }, wanted: Readonly<Record<string, string>>): string {
  const deployed = deployedParameters(rule.InputParameters);
  if (deployed === null) return `${rule.ConfigRuleName} has InputParameters that are not a JSON object of values`;
  const [k, v] = Object.entries(wanted).find(([name, value]) => deployed[name] !== value)!;
  return `${rule.ConfigRuleName} has ${k} ${deployed[k] === undefined ? 'unset' : JSON.stringify(deployed[k])}, the control sets ${JSON.stringify(v)}`;
}

/**
 * Precedence: a deployed rule's AWS Config results are the evidence wherever they exist; only
 * where the rule is not deployed does the local evaluator judge the recorded configuration items.
 * A check with parameters takes only deployed rules with the same values; where none has them,
 * the items are judged with the control's values, never AWS's verdicts for other settings.
 * Local parameters: the control's over `params` (collection.ruleParameters) over the defaults.
 */
function configTargetOutcome(check: ConfigCheck, fetches: { region: string; fetched: ConfigRuleFetch }[], params: RuleParameters = {}): Judged {
  const sid = check.sourceIdentifier;
  const wanted = check.parameters;
  const local = wanted ? { ...params, ...wanted } : params;
  const found: ConfigRuleResultsEvidence[] = [];
  const keys: string[] = [];
  const errors: string[] = [];
  const notDeployed: string[] = [];
  const differing: string[] = [];
  const items: Parameters<typeof configItemsOutcome>[1] = [];
  // Items read where the rule is deployed: judged only to compare with AWS Config's verdicts.
  const alongside: Parameters<typeof configItemsOutcome>[1] = [];
  for (const { region, fetched: f } of fetches) {
    if (f.ok) {
      const rules = wanted ? f.data.rules.filter((r) => deployedWith(r, wanted)) : f.data.rules;
      if (rules.length === 0) {
        // deployed with other settings: as if not deployed, for this check
        differing.push(`${region}: ${f.data.rules.map((r) => parameterDifference(r, wanted!)).join('; ')}`);
        if (f.items) items.push({ region, items: f.items });
        continue;
      }
      found.push(rules === f.data.rules ? f.data : { ...f.data, rules });
      keys.push(f.key);
      if (f.items) alongside.push({ region, items: f.items });
    } else if ('notDeployed' in f) {
      notDeployed.push(region);
      if (f.items) items.push({ region, items: f.items });
    } else errors.push(`${region}: ${f.reason}`);
  }
  // For a global rule, one region with results is enough; failures elsewhere do not hide it.
  if (found.length > 0) {
    const outcome = configRuleOutcome(sid, found);
    const agreement = alongside.length > 0 && outcome.kind === 'evaluated' ? agreementWithDeployed(sid, found, alongside) : undefined;
    return { outcome, keys, source: 'config-rule', ...(agreement ? { agreement } : {}) };
  }
  if (items.length > 0 && errors.length === 0) {
    const judged = configItemsOutcome(sid, items, local);
    return { ...judged, source: 'configuration-item' };
  }
  if (errors.length > 0) return { outcome: { kind: 'error', reason: errors.join('; ') }, keys };
  if (differing.length > 0) {
    return { outcome: { kind: 'no_evidence', reason: `Config rule ${sid} is deployed with other parameters than the control's (${differing.join('; ')}) and no configuration items were read to judge with the control's` }, keys };
  }
  return { outcome: { kind: 'no_evidence', reason: `Config rule ${sid} is not deployed (${notDeployed.join(', ') || 'no region'})` }, keys };
}

/** Receives each (check, target) result as soon as it is judged, with every resource. */
export type TargetResultSink = (check: CheckDef, result: CheckTargetResult) => void;

/**
 * Judges checks target by target as evidence arrives (see the file comment). The collector
 * calls configRule for every (region, rule) it planned, region when a region's datasets are in
 * (after the account's global ones), and account when all of the account is done.
 */
export class StreamingEvaluator implements EvidenceSink {
  /** Config checks by managed rule: one rule's answers judge each of its checks (one per set of parameters). */
  private readonly regionalConfig = new Map<string, ConfigCheck[]>();
  private readonly accountConfig = new Map<string, ConfigCheck[]>();
  private readonly regionalApi: ApiCheck[] = [];
  private readonly accountApi: ApiCheck[] = [];
  /** Account-scope rules' answers, per account and rule, until the account is done. */
  private readonly pending = new Map<string, Map<string, { region: string; fetched: ConfigRuleFetch }[]>>();

  constructor(
    readonly checks: CheckDef[],
    private readonly sink: TargetResultSink,
    /** Parameters of local evaluators by managed rule (collection.ruleParameters). */
    private readonly ruleParameters: Readonly<Record<string, RuleParameters>> = {},
  ) {
    for (const c of checks) {
      if (c.kind === 'config-rule') {
        const byRule = c.scope === 'account' ? this.accountConfig : this.regionalConfig;
        byRule.set(c.sourceIdentifier, [...(byRule.get(c.sourceIdentifier) ?? []), c]);
      }
      else (apiCheckScope(c) === 'account' ? this.accountApi : this.regionalApi).push(c);
    }
  }

  configRule(target: Target, sid: string, fetched: ConfigRuleFetch): void {
    for (const regional of this.regionalConfig.get(sid) ?? []) {
      const { outcome, keys, ...from } = configTargetOutcome(regional, [{ region: target.region, fetched }], this.ruleParameters[sid]);
      this.sink(regional, toTargetResult(target, outcome, keys, from));
    }
    if (this.accountConfig.has(sid)) {
      let byRule = this.pending.get(target.account);
      if (!byRule) this.pending.set(target.account, (byRule = new Map()));
      const list = byRule.get(sid) ?? [];
      list.push({ region: target.region, fetched });
      byRule.set(sid, list);
    }
  }

  region(te: TargetEvidence, global: TargetEvidence | undefined): void {
    for (const check of this.regionalApi) {
      const { outcome, keys } = apiOutcome(check, te, global);
      this.sink(check, toTargetResult(te.target, outcome, keys));
    }
  }

  account(account: string, global: TargetEvidence | undefined): void {
    const target = { account, region: GLOBAL_REGION };
    for (const check of this.accountApi) {
      const { outcome, keys } = global ? apiOutcome(check, global, global) : { outcome: { kind: 'error', reason: 'global datasets were not collected' } as CheckOutcome, keys: [] };
      this.sink(check, toTargetResult(target, outcome, keys));
    }
    const byRule = this.pending.get(account);
    this.pending.delete(account);
    for (const [sid, checks] of this.accountConfig) {
      // Regions in name order, so the merged answers do not depend on which region finished first.
      const fetches = [...(byRule?.get(sid) ?? [])].sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
      for (const check of checks) {
        const { outcome, keys, ...from } = configTargetOutcome(check, fetches, this.ruleParameters[sid]);
        this.sink(check, toTargetResult(target, outcome, keys, from));
      }
    }
  }
}

const byTarget = (a: CheckTargetResult, b: CheckTargetResult): number =>
  a.account < b.account ? -1 : a.account > b.account ? 1 : a.region < b.region ? -1 : a.region > b.region ? 1 : 0;

/** Collects sink output into CheckResults (checks in the given order, targets by account then region). */
export class CheckResultsBuilder {
  private readonly targets = new Map<string, CheckTargetResult[]>();
  constructor(private readonly checks: CheckDef[]) {
    for (const c of checks) this.targets.set(c.id, []);
  }
  add(check: CheckDef, result: CheckTargetResult): void {
    this.targets.get(check.id)?.push(result);
  }
  build(): CheckResult[] {
    return this.checks.map((check) => {
      const scope = check.kind === 'api' ? apiCheckScope(check) : check.scope === 'account' ? 'account' : 'region';
      const parameters = check.kind === 'config-rule' && check.parameters ? { parameters: { ...check.parameters } } : {};
      return { id: check.id, kind: check.kind, title: check.title, scope, ...parameters, targets: [...(this.targets.get(check.id) ?? [])].sort(byTarget) };
    });
  }
}

/** Judges a whole collection at once (every target's evidence in hand). */
export function evaluateChecks(checks: CheckDef[], all: TargetEvidence[]): CheckResult[] {
  const builder = new CheckResultsBuilder(checks);
  const evaluator = new StreamingEvaluator(checks, (c, r) => builder.add(c, r));
  const globals = new Map(all.filter((t) => t.target.region === GLOBAL_REGION).map((t) => [t.target.account, t]));
  const accounts = [...new Set(all.map((t) => t.target.account))];
  for (const te of all) {
    if (te.target.region === GLOBAL_REGION) continue;
    for (const [sid, fetched] of te.configRules) evaluator.configRule(te.target, sid, fetched);
    evaluator.region(te, globals.get(te.target.account));
  }
  for (const account of accounts) evaluator.account(account, globals.get(account));
  return builder.build();
}
