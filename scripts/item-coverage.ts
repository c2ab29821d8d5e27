// `node --import tsx scripts/item-coverage.ts`: how many (requirement, Config rule) pairs of the
// six built-in catalogs can get a verdict from configuration items: pairs with a local evaluator,
// pairs the sandbox's items give a verdict for with no rule deployed, and the largest gaps split
// into no evaluator yet, evaluator without sandbox items, and not locally evaluable (with why).
// The pair counts are the ranking's: a rule's `requirements` is the number of requirements
// citing it across the frameworks.
import { pathToFileURL } from 'node:url';
import ranking from '../src/managed-rules/ranking.json' with { type: 'json' };
import { ITEM_RULES } from '../src/sandbox/services/config-items.ts';

export interface PairCoverage {
  total: number;
  evaluated: number;
  sandboxVerdict: number;
  notEvaluable: number;
  /** No evaluator yet, biggest first. */
  pending: { rule: string; pairs: number; resourceTypes: string[] }[];
  /** An evaluator, but the sandbox's items do not reproduce the rule, biggest first. */
  noItems: { rule: string; pairs: number; resourceTypes: string[] }[];
  notLocal: { rule: string; pairs: number; reason: string }[];
}

export function pairCoverage(verdictRules: Iterable<string> = Object.keys(ITEM_RULES)): PairCoverage {
  const verdict = new Set(verdictRules);
  const rows = [...ranking.rules].sort((a, b) => b.requirements - a.requirements);
  const sum = (f: (r: (typeof rows)[number]) => boolean): number => rows.filter(f).reduce((n, r) => n + r.requirements, 0);
  return {
    total: sum(() => true),
    evaluated: sum((r) => r.local === 'evaluated'),
    sandboxVerdict: sum((r) => r.local === 'evaluated' && verdict.has(r.rule)),
    notEvaluable: sum((r) => r.local === 'not-locally-evaluable'),
    pending: rows.filter((r) => r.local === 'pending').map((r) => ({ rule: r.rule, pairs: r.requirements, resourceTypes: r.resourceTypes })),
    noItems: rows.filter((r) => r.local === 'evaluated' && !verdict.has(r.rule)).map((r) => ({ rule: r.rule, pairs: r.requirements, resourceTypes: r.resourceTypes })),
    notLocal: rows.filter((r) => r.local === 'not-locally-evaluable').map((r) => ({ rule: r.rule, pairs: r.requirements, reason: r.reason ?? '' })),
  };
}

function main(): void {
  const c = pairCoverage();
  const pct = (n: number): string => `${((100 * n) / c.total).toFixed(1)} %`;
  console.log(`pairs ${c.total}; with an evaluator ${c.evaluated} (${pct(c.evaluated)}); verdict in a --deployed-rules none sandbox run ${c.sandboxVerdict} (${pct(c.sandboxVerdict)})`);
  console.log(`not locally evaluable ${c.notEvaluable} (${pct(c.notEvaluable)}): at most ${pct(c.total - c.notEvaluable)} can get a verdict from configuration items`);
  const top = (title: string, xs: { rule: string; pairs: number; resourceTypes?: string[]; reason?: string }[], n: number): void => {
    console.log(`\n${title}`);
    for (const x of xs.slice(0, n)) console.log(`  ${String(x.pairs).padStart(3)} ${x.rule}  ${x.reason ?? x.resourceTypes?.join(', ') ?? ''}`);
  };
  top('(a) no evaluator yet', c.pending, 20);
  top('(b) evaluator, no sandbox items', c.noItems, 20);
  top('(c) not evaluable from configuration items', c.notLocal, c.notLocal.length);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
