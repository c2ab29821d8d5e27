// A managed rule's verdicts computed here, by its local evaluator, over the configuration items
// AWS Config recorded: used only where the rule itself is not deployed. A type no recorder
// records gives NO_EVIDENCE (never a pass); an item the evaluator cannot read gives ERROR.
import type { CheckOutcome, ResourceResult } from '../domain/index.ts';
import type { ConfigItemsFetch } from '../collect/index.ts';
import { InvalidParameterError, MalformedItemError, RuleEvaluationError, ruleEvaluator, type RuleParameters } from '../managed-rules/index.ts';

export interface LocalOutcome {
  outcome: CheckOutcome;
  keys: string[];
  /** The newest capture time among the judged items. */
  capturedAt?: string;
}

/**
 * Judges a rule over the items of one or more regions (several for rules about account-global
 * resources), with the rule's documented defaults overridden by `params` (collection.ruleParameters).
 */
export function configItemsOutcome(sid: string, fetches: { region: string; items: ConfigItemsFetch }[], params: RuleParameters = {}): LocalOutcome {
  const evaluator = ruleEvaluator(sid);
  if (!evaluator) return { outcome: { kind: 'no_evidence', reason: `Config rule ${sid} is not deployed and has no local evaluator` }, keys: [] };
  const keys: string[] = [];
  const results: ResourceResult[] = [];
  const errors: string[] = [];
  const unrecorded: string[] = [];
  let capturedAt: string | undefined;
  let parameterProblem: string | undefined;
  for (const { region, items } of fetches) {
    if (!items.ok) {
      errors.push(`${region}: configuration items: ${items.reason}`);
      continue;
    }
    keys.push(items.key);
    for (const type of evaluator.resourceTypes) {
      const t = items.data.types.find((x) => x.resourceType === type);
      if (!t) continue;
      if (!t.recorded) {
        unrecorded.push(t.reason);
        continue;
      }
      for (const item of t.items) {
        try {
          const v = evaluator.evaluate(item, params);
          const at = item.configurationItemCaptureTime;
          if (at && (!capturedAt || at > capturedAt)) capturedAt = at;
          results.push({
            resourceType: item.resourceType,
            resourceId: item.resourceId,
            compliance: v.compliance,
            annotation: v.annotation,
            ...(at ? { capturedAt: at } : {}),
            // Names and tags let a reader recognise the resource; an id alone rarely does.
            ...(item.resourceName && item.resourceName !== item.resourceId ? { resourceName: item.resourceName } : {}),
            ...(item.tags && Object.keys(item.tags).length > 0 ? { tags: item.tags } : {}),
          });
        } catch (err) {
          if (!(err instanceof RuleEvaluationError)) throw err;
          // A parameter the rule needs and the configuration does not set is no fault of the item: nothing is judged.
          if (err instanceof InvalidParameterError) {
            parameterProblem ??= err.message.slice(err.message.indexOf(': ') + 2);
            continue;
          }
          errors.push(err instanceof MalformedItemError ? `${region}: malformed configuration item: ${err.message}` : `${region}: ${err.message}`);
        }
      }
    }
  }
  const out = (outcome: CheckOutcome): LocalOutcome => ({ outcome, keys, ...(capturedAt ? { capturedAt } : {}) });
  if (parameterProblem) return out({ kind: 'no_evidence', reason: `Config rule ${sid} is not deployed and cannot be evaluated locally: ${parameterProblem}` });
  // The first few say what is wrong; the evidence object holds every item.
  if (errors.length > 0) return out({ kind: 'error', reason: `${errors.slice(0, 3).join('; ')}${errors.length > 3 ? `; and ${errors.length - 3} more` : ''}` });
  if (results.length > 0) {
    results.sort((a, b) => (a.resourceType + a.resourceId < b.resourceType + b.resourceId ? -1 : 1));
    return out({ kind: 'evaluated', results });
  }
  if (unrecorded.length > 0) return out({ kind: 'no_evidence', reason: `Config rule ${sid} is not deployed and ${unrecorded.join('; ')}` });
  return out({ kind: 'no_evidence', reason: `Config rule ${sid} is not deployed and no ${evaluator.resourceTypes.join(' or ')} is recorded` });
}
