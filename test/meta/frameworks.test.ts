// Framework catalogs held to the public facts (test/fixtures/reference): every requirement of
// each standard is present once, with the fields that make it usable (HIPAA required/addressable,
// NIST family and baselines, ISO theme, SOC 2 category), every control says what evidences it and
// where the mapping comes from, copyrighted titles are our own words, and every rule of the AWS
// conformance pack for a framework is referenced by that framework.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { loadCatalog, BUILTIN_FRAMEWORKS_DIR } from '../../src/catalog/load.ts';
import { controlKind, type Framework } from '../../src/catalog/schema.ts';
import { frameworkCoverage } from '../../src/catalog/coverage.ts';
import { referenceCsv, REFERENCE_DIR } from './reference.ts';
import { fileYamlCache } from '../../src/catalog/yaml-cache.ts';
import { tempDir } from '../helpers.ts';

const catalog = await loadCatalog();
const fw = (id: string): Framework => {
  const f = catalog.byId.get(id);
  if (!f) throw new Error(`framework ${id} is missing`);
  return f;
};
const ids = (f: Framework): string[] => f.controls.map((c) => c.id);

const EXPECTED = ['aws-baseline', 'soc2', 'pci-dss-4.0', 'hipaa-security', 'iso27001-2022', 'nist-800-53-r5'];

describe('built-in frameworks', () => {
  it('ships every framework of the issue', () => {
    for (const id of EXPECTED) expect([...catalog.byId.keys()], id).toContain(id);
  });

  for (const f of catalog.frameworks) {
    describe(f.id, () => {
      it('gives every control a short title', () => {
        for (const c of f.controls) expect(c.title.length, `${c.id}: ${c.title}`).toBeLessThanOrEqual(100);
      });
      it('says concretely what to attest for manual and partly automated controls', () => {
        for (const c of f.controls) {
          const kind = controlKind(c);
          const text = kind === 'manual' ? c.guidance : kind === 'partial' ? (c.attestation ?? c.guidance) : undefined;
          if (kind === 'automated') continue;
          expect(text, c.id).toBeTruthy();
          expect(text!.length, c.id).toBeGreaterThan(40);
          expect(text, c.id).toMatch(/\b(attach|attest|describe)\b/i);
        }
      });
      it('links every parent to a control of the same framework', () => {
        const known = new Set(ids(f));
        for (const c of f.controls) if (c.parent) expect(known, `${c.id} → ${c.parent}`).toContain(c.parent);
      });
    });
  }
});

describe('soc2', () => {
  const soc2 = fw('soc2');
  it('has all 61 Trust Services Criteria, grouped by category', () => {
    expect(soc2.controls).toHaveLength(61);
    const reference = referenceCsv('controls_soc2.csv').map((r) => r.control_id!);
    expect(ids(soc2)).toEqual(reference);
    const byCategory: Record<string, number> = {};
    for (const c of soc2.controls) byCategory[c.category ?? '-'] = (byCategory[c.category ?? '-'] ?? 0) + 1;
    expect(byCategory).toEqual({ 'Security (common criteria)': 33, Availability: 3, Confidentiality: 2, 'Processing integrity': 5, Privacy: 18 });
  });
});

describe('iso27001-2022', () => {
  const iso = fw('iso27001-2022');
  it('has all 93 Annex A controls in their four themes', () => {
    expect(iso.controls).toHaveLength(93);
    expect(new Set(ids(iso))).toEqual(new Set(referenceCsv('controls_iso27001_2022.csv').map((r) => r.control_id!)));
    const byTheme: Record<string, number> = {};
    for (const c of iso.controls) byTheme[c.theme ?? '-'] = (byTheme[c.theme ?? '-'] ?? 0) + 1;
    expect(byTheme).toEqual({ Organizational: 37, People: 8, Physical: 14, Technological: 34 });
    for (const c of iso.controls) expect(c.id.startsWith(`A.${{ Organizational: 5, People: 6, Physical: 7, Technological: 8 }[c.theme as 'People']}.`), c.id).toBe(true);
  });
});

describe('hipaa-security', () => {
  const hipaa = fw('hipaa-security');
  it('has every standard and implementation specification, each required or addressable', () => {
    expect(new Set(ids(hipaa))).toEqual(new Set(referenceCsv('controls_hipaa.csv').map((r) => r.control_id!)));
    for (const c of hipaa.controls) expect(['required', 'addressable'], c.id).toContain(c.requirement);
    for (const sec of ['164.308', '164.310', '164.312', '164.314', '164.316']) expect(hipaa.controls.some((c) => c.id.startsWith(sec)), sec).toBe(true);
  });
  it('marks the specifications the regulation calls required and addressable', () => {
    const req = (id: string): string | undefined => hipaa.controls.find((c) => c.id === id)?.requirement;
    expect(req('164.308(a)(1)(ii)(A)')).toBe('required');
    expect(req('164.308(a)(3)(ii)(A)')).toBe('addressable');
    expect(req('164.312(a)(2)(iv)')).toBe('addressable');
    expect(req('164.312(a)(2)(i)')).toBe('required');
    expect(req('164.310(d)(2)(i)')).toBe('required');
    expect(req('164.310(d)(2)(iii)')).toBe('addressable');
    expect(req('164.312(e)(2)(ii)')).toBe('addressable');
    expect(hipaa.controls.filter((c) => c.requirement === 'addressable')).toHaveLength(22);
  });
});

describe('nist-800-53-r5', () => {
  const nist = fw('nist-800-53-r5');
  const reference = referenceCsv('controls_nist_800_53_r5.csv');
  const active = reference.filter((r) => r.status === 'active');
  it('has every active control and enhancement, none withdrawn, plus IA-13 of release 5.1', () => {
    const added = ['IA-13', 'IA-13(1)', 'IA-13(2)', 'IA-13(3)'];
    expect(new Set(ids(nist))).toEqual(new Set([...active.map((r) => r.control_id!), ...added]));
    const withdrawn = new Set(reference.filter((r) => r.status !== 'active').map((r) => r.control_id));
    for (const c of nist.controls) expect(withdrawn.has(c.id), c.id).toBe(false);
    expect(nist.controls).toHaveLength(active.length + added.length);
  });
  it('gives every control its family and its baseline membership', () => {
    const byId = new Map(active.map((r) => [r.control_id, r]));
    for (const c of nist.controls) {
      expect(c.family, c.id).toBe(c.id.split('-')[0]);
      expect(Array.isArray(c.baselines), c.id).toBe(true);
      const r = byId.get(c.id);
      if (!r) continue;
      const expected = (['low', 'moderate', 'high', 'privacy'] as const).filter((b) => r[`baseline_${b}`] === 'Y');
      expect(c.baselines, c.id).toEqual(expected);
      if (r.parent_control_id) expect(c.parent, c.id).toBe(r.parent_control_id);
    }
  });
  it('selects the LOW, MODERATE and HIGH baselines', () => {
    const count = (b: 'low' | 'moderate' | 'high'): number => nist.controls.filter((c) => c.baselines?.includes(b)).length;
    expect(count('low')).toBe(active.filter((r) => r.baseline_low === 'Y').length);
    expect(count('moderate')).toBe(active.filter((r) => r.baseline_moderate === 'Y').length);
    expect(count('high')).toBe(active.filter((r) => r.baseline_high === 'Y').length);
    expect([count('low'), count('moderate'), count('high')]).toEqual([149, 287, 370]);
    expect(frameworkCoverage(nist, 'low').total).toBe(149);
  });
});

describe('pci-dss-4.0', () => {
  const pci = fw('pci-dss-4.0');
  it('has the 12 principal requirements and the defined requirements beneath them, numbered as the standard', () => {
    for (let n = 1; n <= 12; n++) expect(ids(pci), String(n)).toContain(String(n));
    for (const c of pci.controls) {
      expect(c.id, c.id).toMatch(/^(1[0-2]|[1-9])(\.\d+){0,4}$/);
      expect(c.id.split('.').length === 2, `${c.id}: x.y numbers are sections, not requirements`).toBe(false);
      if (c.id.includes('.')) expect(c.section, c.id).toMatch(new RegExp(`^${c.id.split('.').slice(0, 2).join('\\.')} `));
    }
    // x.1.1 and x.1.2 of requirements 1-11 (policies and roles), and the requirements every tool automates
    for (let n = 1; n <= 11; n++) for (const s of ['1.1', '1.2']) expect(ids(pci)).toContain(`${n}.${s}`);
    expect(pci.controls.length).toBeGreaterThanOrEqual(250);
  });
  it('includes every requirement the reference lists, with its section', () => {
    const sections = new Set(pci.controls.map((c) => c.section?.split(' ')[0]));
    for (const r of referenceCsv('controls_pci_dss_v4.csv')) {
      const id = r.control_id!;
      if (id.startsWith('A')) continue; // appendices are not part of the 12 requirements
      if (id.split('.').length === 2) expect(sections, id).toContain(id);
      else expect(ids(pci), id).toContain(id);
    }
  });
});

describe('copyrighted standards use titles of our own', () => {
  const words = (s: string): string[] => s.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').split(/\s+/).filter(Boolean);
  const shareRun = (a: string, b: string, n: number): boolean => {
    const wa = words(a);
    const grams = new Set<string>();
    const wb = words(b);
    for (let i = 0; i + n <= wb.length; i++) grams.add(wb.slice(i, i + n).join(' '));
    for (let i = 0; i + n <= wa.length; i++) if (grams.has(wa.slice(i, i + n).join(' '))) return true;
    return false;
  };
  const cases: [string, string, string][] = [
    ['soc2', 'controls_soc2.csv', 'title'],
    ['iso27001-2022', 'controls_iso27001_2022.csv', 'title'],
    ['pci-dss-4.0', 'controls_pci_dss_v4.csv', 'title'],
  ];
  for (const [id, file, col] of cases) {
    it(`${id}: no title repeats the standard's wording`, () => {
      const ref = new Map(referenceCsv(file).map((r) => [r.control_id, r[col] ?? '']));
      for (const c of fw(id).controls) {
        const theirs = ref.get(c.id);
        if (!theirs) continue;
        expect(words(c.title).join(' '), c.id).not.toBe(words(theirs).join(' '));
        expect(shareRun(c.title, theirs, 5), `${c.id}: "${c.title}" vs "${theirs}"`).toBe(false);
      }
      // section headings too (PCI x.y, SOC 2 series, ISO themes)
      for (const section of new Set(fw(id).controls.map((c) => c.section ?? ''))) {
        const num = section.split(' ')[0]!;
        const theirs = ref.get(num);
        if (theirs) expect(shareRun(section.slice(num.length), theirs, 4), `${section} vs "${theirs}"`).toBe(false);
      }
    });
  }
});

describe('AWS Config conformance packs', () => {
  const packRules = (): Map<string, Set<string>> => {
    const byPack = new Map<string, Set<string>>();
    for (const r of referenceCsv('conformance_pack_rules.csv')) {
      if (r.owner !== 'AWS' || r.source_identifier === 'AWS_CONFIG_PROCESS_CHECK') continue;
      const set = byPack.get(r.pack_file!) ?? new Set<string>();
      set.add(r.source_identifier!);
      byPack.set(r.pack_file!, set);
    }
    return byPack;
  };
  it('names the AWS pack of each framework that has one', () => {
    expect(fw('hipaa-security').conformancePack).toBe('Operational-Best-Practices-for-HIPAA-Security.yaml');
    expect(fw('pci-dss-4.0').conformancePack).toBe('Operational-Best-Practices-for-PCI-DSS-v4.0-including-global-resourcetypes.yaml');
    expect(fw('nist-800-53-r5').conformancePack).toBe('Operational-Best-Practices-for-NIST-800-53-rev-5.yaml');
  });
  for (const f of catalog.frameworks.filter((x) => x.conformancePack)) {
    it(`${f.id}: references every AWS rule of ${f.conformancePack}`, () => {
      const pack = packRules().get(f.conformancePack!);
      expect(pack, `${f.conformancePack} is not in ${REFERENCE_DIR}/conformance_pack_rules.csv`).toBeDefined();
      expect(pack!.size).toBeGreaterThan(90);
      const used = new Set(f.controls.flatMap((c) => c.pairs?.map((p) => p.check) ?? c.checks));
      // a pack rule that bears on no control of the framework is left out only with a recorded reason
      const decisionsFile = path.join(BUILTIN_FRAMEWORKS_DIR, f.id, 'decisions.yaml');
      const dropped = existsSync(decisionsFile) ? (parse(readFileSync(decisionsFile, 'utf8')) as { differences: { checks?: string[]; action: string }[] }).differences.filter((d) => d.action === 'dropped').flatMap((d) => d.checks ?? []) : [];
      const missing = [...pack!].filter((r) => !used.has(`config:${r}`) && !dropped.includes(`config:${r}`)).sort();
      expect(missing, `rules of ${f.conformancePack} that no ${f.id} control references and decisions.yaml does not drop`).toEqual([]);
    });
  }
});

describe('framework folders', () => {
  it('hold only framework.yaml, the files it includes and the mapping decisions', () => {
    const yamlFiles = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = path.join(dir, n);
        return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
      });
    for (const id of readdirSync(BUILTIN_FRAMEWORKS_DIR)) {
      const dir = path.join(BUILTIN_FRAMEWORKS_DIR, id);
      if (!statSync(dir).isDirectory()) continue;
      const main = parse(readFileSync(path.join(dir, 'framework.yaml'), 'utf8')) as { include?: string[] };
      const expected = [path.join(dir, 'framework.yaml'), ...(main.include ?? []).map((f) => path.join(dir, f))];
      expect(yamlFiles(dir).filter((f) => path.basename(f) !== 'decisions.yaml').sort(), id).toEqual(expected.sort());
    }
  });
});

describe('loading speed', () => {
  // The time is printed, not asserted (bench:start measures start-up); what is asserted is that a
  // second load is served from the parse cache, which is what makes it fast.
  it('loads the whole catalog from the parse cache once parsed', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const files = fileYamlCache(dir);
      const tally = { hits: 0, misses: 0, sets: 0 };
      const cache: typeof files = {
        async get(text) {
          const v = await files.get(text);
          if (v === undefined) tally.misses += 1;
          else tally.hits += 1;
          return v;
        },
        async set(text, value) {
          tally.sets += 1;
          await files.set(text, value);
        },
      };
      let t = performance.now();
      const cold = await loadCatalog([], undefined, { cache });
      const coldMs = performance.now() - t;
      const first = { ...tally };
      t = performance.now();
      const warm = await loadCatalog([], undefined, { cache });
      const warmMs = performance.now() - t;
      const controls = warm.frameworks.reduce((n, f) => n + f.controls.length, 0);
      console.info(`catalog: ${controls} controls; first parse ${coldMs.toFixed(0)} ms, cached ${warmMs.toFixed(0)} ms`);
      expect(controls).toBeGreaterThan(1400);
      expect(warm.frameworks.map((f) => f.controls.length)).toEqual(cold.frameworks.map((f) => f.controls.length));
      expect(first.sets).toBeGreaterThan(0);
      expect(first.sets).toBe(first.misses);
      expect({ misses: tally.misses - first.misses, sets: tally.sets - first.sets }).toEqual({ misses: 0, sets: 0 });
      expect(tally.hits - first.hits).toBe(first.misses + first.hits);
    } finally {
      await cleanup();
    }
  });
});
