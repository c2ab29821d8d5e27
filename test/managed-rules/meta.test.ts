// The evaluator registry stays honest: one evaluator per file named after its rule, each rule
// cited by the catalogs and scoped like the AWS managed rule, each tested, the folder free of
// imports from the rest of the project, and the generated ranking and rule list up to date.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from '../../src/catalog/load.ts';
import { managedRule } from '../../src/catalog/checks.ts';
import { ruleEvaluators } from '../../src/managed-rules/index.ts';
import { NOT_LOCALLY_EVALUABLE } from '../../src/managed-rules/data/not-locally-evaluable.ts';
import { rankManagedRules, rankingText, RANKING_FILE } from '../../scripts/rank-managed-rules.ts';
import { managedRulesMarkdown, LIST_FILE } from '../../scripts/list-managed-rules.ts';

const DIR = fileURLToPath(new URL('../../src/managed-rules/', import.meta.url));
const TEST_DIR = fileURLToPath(new URL('./', import.meta.url));
const NOT_EVALUATORS = new Set(['define.ts', 'index.ts']);

const kebab = (rule: string): string => rule.toLowerCase().replaceAll('_', '-');

async function tsFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
}

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog([], undefined, { cache: null });
});

describe('managed-rule evaluator registry', () => {
  it('registers exactly one evaluator per file, named after its rule', async () => {
    const files = (await fs.readdir(DIR)).filter((f) => f.endsWith('.ts') && !NOT_EVALUATORS.has(f)).sort();
    for (const f of files) {
      const mod = (await import(path.join(DIR, f))) as { default?: { rule?: string } };
      const rule = mod.default?.rule;
      expect(rule, `${f} default-exports an evaluator`).toBeTypeOf('string');
      expect(f, `file of ${rule}`).toBe(`${kebab(rule!)}.ts`);
      expect(ruleEvaluators, `${f} is in the registry`).toContain(mod.default);
    }
    expect(ruleEvaluators.map((e) => `${kebab(e.rule)}.ts`).sort()).toEqual(files);
  });

  it('has unique rule ids', () => {
    const ids = ruleEvaluators.map((e) => e.rule);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("cites only rules the catalogs use, scoped to the managed rule's resource types", () => {
    for (const e of ruleEvaluators) {
      const cited = [...catalog.checks.values()].some((c) => c.kind === 'config-rule' && c.sourceIdentifier === e.rule);
      expect(cited, `${e.rule} is cited by a catalog check`).toBe(true);
      expect([...e.resourceTypes].sort(), `${e.rule} resource types`).toEqual([...(managedRule(e.rule)?.resourceTypes ?? [])].sort());
      expect(e.fields.length, `${e.rule} declares the fields it reads`).toBeGreaterThan(0);
    }
  });

  it('has tests for every evaluator', async () => {
    const tests = await Promise.all((await fs.readdir(TEST_DIR)).filter((f) => f.endsWith('.test.ts')).map((f) => fs.readFile(path.join(TEST_DIR, f), 'utf8')));
    const text = tests.join('\n');
    for (const e of ruleEvaluators) expect(text.includes(`ruleCases('${e.rule}'`), `${e.rule} has ruleCases`).toBe(true);
  });

  it('reads only properties the published resource schema lists (or documented exceptions)', async () => {
    // Real items carry these, but the schema (what advanced queries select) does not list them.
    const EXCEPTIONS = /^(supplementaryConfiguration\.BucketPolicy|supplementaryConfiguration\.AccessControlList|supplementaryConfiguration\.BucketReplicationConfiguration\.rules|supplementaryConfiguration\.LoadBalancerAttributes|supplementaryConfiguration\.Policy|configuration\.methodSettings)(\.|$)/;
    const schemaKeys = async (type: string): Promise<string[]> =>
      Object.keys(JSON.parse(await fs.readFile(path.join(TEST_DIR, '../fixtures/aws-config-resource-schema', `${type.replaceAll('::', '.')}.properties.json`), 'utf8')) as object);
    for (const e of ruleEvaluators) {
      const src = await fs.readFile(path.join(DIR, `${kebab(e.rule)}.ts`), 'utf8');
      const keys = (await Promise.all(e.resourceTypes.map(schemaKeys))).flat();
      const paths = [...src.matchAll(/'((?:configuration|supplementaryConfiguration)\.[A-Za-z0-9_.]+)'/g)].map((m) => m[1]!);
      for (const p of paths) {
        if (EXCEPTIONS.test(p)) continue;
        expect(keys.some((k) => k === p || k.startsWith(`${p}.`)), `${e.rule} reads ${p}`).toBe(true);
      }
    }
  });

  it('lists as not locally evaluable only cited rules that have no evaluator', () => {
    const evaluated = new Set(ruleEvaluators.map((e) => e.rule));
    for (const [rule, reason] of Object.entries(NOT_LOCALLY_EVALUABLE)) {
      expect(catalog.usedBy.has(`config:${rule}`), `${rule} is cited`).toBe(true);
      expect(evaluated.has(rule), `${rule} has no evaluator`).toBe(false);
      expect(reason.length).toBeGreaterThan(20);
    }
  });

  it('imports nothing from outside its folder (a low layer) and no packages', async () => {
    for (const file of await tsFiles(DIR)) {
      const text = await fs.readFile(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        expect(spec.startsWith('.'), `${path.relative(DIR, file)} imports ${spec}`).toBe(true);
        expect(path.resolve(path.dirname(file), spec).startsWith(DIR), `${path.relative(DIR, file)} imports ${spec}`).toBe(true);
      }
    }
  });
});

describe('generated files', () => {
  it('src/managed-rules/ranking.json is current (node --import tsx scripts/rank-managed-rules.ts)', async () => {
    expect(await fs.readFile(RANKING_FILE, 'utf8')).toBe(rankingText(rankManagedRules(catalog)));
  });

  it('docs/managed-rules.md is current (node --import tsx scripts/list-managed-rules.ts)', async () => {
    expect(await fs.readFile(LIST_FILE, 'utf8')).toBe(managedRulesMarkdown());
  });

  it('ranks every cited rule once, most-cited first', () => {
    const r = rankManagedRules(catalog);
    // one row per managed rule, however many parameter sets the controls give it
    const cited = new Set([...catalog.checks.values()].flatMap((c) => (c.kind === 'config-rule' ? [c.sourceIdentifier] : [])));
    expect(r.rules.map((x) => x.rule).sort()).toEqual([...cited].sort());
    for (let i = 1; i < r.rules.length; i++) expect(r.rules[i - 1]!.requirements).toBeGreaterThanOrEqual(r.rules[i]!.requirements);
  });
});
