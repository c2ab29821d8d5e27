import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/index.ts';
import { loadCatalog, selectFrameworks, type Catalog } from '../catalog/index.ts';
import { usage, UsageError } from './exit.ts';
import { BASELINES, KIND_LABEL, controlKind, type Baseline, type CheckPair, type Control, type Framework } from '../catalog/index.ts';
import { KINDS, configRulesFor, controlsIn, frameworkCoverage, type FrameworkCoverage } from '../catalog/index.ts';
import { conformancePackTemplates } from '../catalog/index.ts';
import { resolveCheck } from '../catalog/index.ts';
import { resolvePath, splitList } from './common.ts';

interface Flags {
  config?: string;
  json?: boolean;
}

interface ShowFlags extends Flags {
  control?: string;
  baseline?: string;
}

interface CoverageFlags extends Flags {
  framework?: string[];
  conformancePack?: boolean;
  excludeGlobal?: boolean;
  out?: string;
}

async function catalogFor(flags: Flags): Promise<Catalog> {
  return (await catalogAndConfig(flags)).catalog;
}

async function catalogAndConfig(flags: Flags): Promise<{ catalog: Catalog; config: Config }> {
  const { config } = await loadConfig(flags.config);
  return { catalog: await loadCatalog(config.customFrameworks.map((p) => resolvePath(p))), config };
}

function frameworkById(catalog: Catalog, id: string): Framework {
  const fw = catalog.byId.get(id);
  if (!fw) throw new UsageError(`unknown framework ${JSON.stringify(id)}; known: ${[...catalog.byId.keys()].join(', ')}`);
  return fw;
}

function parseBaseline(fw: Framework, value: string | undefined): Baseline | undefined {
  if (value === undefined) return undefined;
  const b = value.toLowerCase();
  if (!(BASELINES as readonly string[]).includes(b)) throw new UsageError(`unknown baseline ${JSON.stringify(value)}; known: ${BASELINES.join(', ')}`);
  if (!fw.controls.some((c) => c.baselines)) throw new UsageError(`framework ${fw.id} has no baselines (only NIST SP 800-53 controls carry baseline membership)`);
  return b as Baseline;
}

export function registerFrameworks(program: Command): void {
  const cmd = program.command('frameworks').description('list and show the framework catalogs (controls → checks) and what they need deployed');
  cmd
    .command('list')
    .description('list frameworks with their control counts: automated, partly automated (checks plus an attestation) and manual')
    .option('-c, --config <file>', 'config file (adds customFrameworks)')
    .option('--json', 'print the whole catalog as JSON')
    .action(async (flags: Flags) => {
      const catalog = await catalogFor(flags);
      if (flags.json) {
        process.stdout.write(JSON.stringify({ frameworks: catalog.frameworks.map((f) => frameworkJson(f, undefined, false)) }) + '\n');
        return;
      }
      const rows = catalog.frameworks.map((f) => {
        const { counts } = frameworkCoverage(f);
        return [f.id, f.version, String(f.controls.length), String(counts.automated), String(counts.partial), String(counts.manual), f.name];
      });
      printTable(['id', 'version', 'controls', 'automated', 'partly automated', 'manual', 'name'], rows);
    });
  cmd
    .command('show')
    .argument('<id>', 'framework id')
    .description("show a framework's controls and the checks behind each")
    .option('-c, --config <file>', 'config file (adds customFrameworks)')
    .option('--control <id>', 'show one control in full: checks, what to attest, where the mapping comes from')
    .option('--baseline <name>', `only the controls of a baseline (NIST SP 800-53: ${BASELINES.join(', ')})`)
    .option('--json', 'print the framework (or the control) as JSON')
    .action(async (id: string, flags: ShowFlags) => {
      const catalog = await catalogFor(flags);
      const fw = frameworkById(catalog, id);
      const baseline = parseBaseline(fw, flags.baseline);
      if (flags.control !== undefined) {
        const c = fw.controls.find((x) => x.id === flags.control) ?? fw.controls.find((x) => x.id.toLowerCase() === flags.control!.toLowerCase());
        if (!c) throw new UsageError(`framework ${fw.id} has no control ${JSON.stringify(flags.control)}`);
        if (flags.json) process.stdout.write(JSON.stringify(controlJson(c)) + '\n');
        else process.stdout.write(controlText(fw, c));
        return;
      }
      const controls = controlsIn(fw, baseline);
      if (flags.json) {
        process.stdout.write(JSON.stringify(frameworkJson(fw, baseline)) + '\n');
        return;
      }
      const { counts } = frameworkCoverage(fw, baseline);
      process.stdout.write(
        `${fw.name} (${fw.id} ${fw.version}): ${controls.length} controls${baseline ? ` in the ${baseline} baseline` : ''}` +
          ` (${counts.automated} automated, ${counts.partial} partly automated, ${counts.manual} manual)\n`,
      );
      printTable(
        ['control', 'kind', 'title', 'checks'],
        controls.map((c) => [c.id, KIND_LABEL[controlKind(c)], c.title, checkSummary(c.checks)]),
      );
    });
  cmd
    .command('coverage')
    .description('per framework: which controls are automated, partly automated or manual, and which AWS Config rules to deploy so the automated part has evidence')
    .option('-c, --config <file>', 'config file (adds customFrameworks)')
    .option('-f, --framework <ids...>', 'frameworks (ids, comma-separated; default: all)')
    .option('--json', 'print the coverage as JSON')
    .option('--conformance-pack', 'print an AWS Config conformance pack template (YAML) deploying the rules instead (one template; more rules than one pack holds need -o DIR)')
    .option('--exclude-global', 'with --conformance-pack: leave out account-scoped rules (for packs in secondary regions)')
    .option('-o, --out <dir>', `with --conformance-pack: write one file per pack part into this folder`)
    .action(async (flags: CoverageFlags) => {
      const { catalog, config } = await catalogAndConfig(flags);
      const frameworks = usage(() => selectFrameworks(catalog, splitList(flags.framework)));
      if (flags.conformancePack) {
        const rules = configRulesFor(frameworks);
        const title = frameworks.map((f) => `${f.name} ${f.version}`).join(', ');
        const preferPacks = frameworks.flatMap((f) => (f.conformancePack ? [f.conformancePack] : []));
        const ruleParameters = config.collection.ruleParameters;
        const parts = conformancePackTemplates(rules, { title, preferPacks, excludeGlobal: flags.excludeGlobal ?? false, ...(ruleParameters ? { ruleParameters } : {}) });
        if (parts.length === 0) throw new UsageError(`the selected frameworks use no AWS Config rules${flags.excludeGlobal ? ' outside account-scoped ones' : ''}`);
        if (flags.out) {
          const dir = resolvePath(flags.out);
          await fs.mkdir(dir, { recursive: true });
          const base = frameworks.length === 1 ? frameworks[0]!.id : 'evidence-frameworks';
          for (const p of parts) {
            const file = path.join(dir, parts.length === 1 ? `${base}-conformance-pack.yaml` : `${base}-conformance-pack-${p.part}.yaml`);
            await fs.writeFile(file, p.yaml);
            process.stdout.write(`${file}  (${p.rules.length} rules)\n`);
          }
          return;
        }
        // CloudFormation deploys one template per pack: several YAML documents on stdout would
        // deploy as none, so parts go to files, one pack each.
        if (parts.length > 1) {
          const total = parts.reduce((n, p) => n + p.rules.length, 0);
          throw new UsageError(
            `the selected frameworks need ${total} AWS Config rules, more than one conformance pack may hold (${parts[0]!.rules.length} per part here): ` +
              `write the ${parts.length} packs to files with -o DIR (one deployable template each), or choose fewer frameworks with --framework`,
          );
        }
        process.stdout.write(parts[0]!.yaml);
        return;
      }
      const coverage = frameworks.map((f) => frameworkCoverage(f));
      const allRules = configRulesFor(frameworks);
      if (flags.json) {
        process.stdout.write(JSON.stringify({ frameworks: coverage, configRules: allRules }) + '\n');
        return;
      }
      process.stdout.write(coverage.map(coverageText).join('\n'));
      process.stdout.write(
        `\n${frameworks.length} framework(s) need ${allRules.length} distinct AWS Config managed rule(s) deployed ` +
          `(${allRules.filter((r) => r.scope === 'account').length} account-scoped). ` +
          'Print a conformance pack deploying them with --conformance-pack.\n',
      );
    });
}

function checkSummary(checks: string[]): string {
  if (checks.length === 0) return '-';
  return checks.length <= 3 ? checks.join(', ') : `${checks.slice(0, 3).join(', ')} and ${checks.length - 3} more`;
}

function wrapList(label: string, items: string[], width = 100): string {
  if (items.length === 0) return `  ${label}: none\n`;
  const lines: string[] = [];
  let line = `  ${label} (${items.length}):`;
  for (const it of items) {
    if (line.length + it.length + 1 > width) {
      lines.push(line);
      line = '   ';
    }
    line += ` ${it}`;
  }
  lines.push(line);
  return lines.join('\n') + '\n';
}

function coverageText(c: FrameworkCoverage): string {
  let out = `${c.id} ${c.version} (${c.name}): ${c.total} controls: ${c.counts.automated} automated, ${c.counts.partial} partly automated, ${c.counts.manual} manual\n`;
  for (const k of KINDS) out += wrapList(KIND_LABEL[k], c.controls[k]);
  out += wrapList('Config rules to deploy', c.configRules.map((r) => r.check.slice('config:'.length)));
  out += wrapList('api checks (collected directly, nothing to deploy)', c.apiChecks.map((a) => a.id));
  return out;
}

function controlText(fw: Framework, c: Control): string {
  const lines: string[] = [`${fw.id} ${c.id}: ${c.title}`, `kind: ${KIND_LABEL[controlKind(c)]}`];
  const field = (name: string, v: string | undefined): void => {
    if (v) lines.push(`${name}: ${v}`);
  };
  field('section', c.section);
  field('parent', c.parent);
  field('family', c.family);
  field('category', c.category);
  field('theme', c.theme);
  field('requirement', c.requirement);
  if (c.baselines) lines.push(`baselines: ${c.baselines.join(', ') || 'none'}`);
  field('description', c.description);
  const children = fw.controls.filter((x) => x.parent === c.id).map((x) => x.id);
  if (children.length) lines.push(`refined by: ${children.join(', ')}`);
  if (c.checks.length) {
    lines.push('checks:');
    for (const id of c.checks) {
      const def = resolveCheck(id);
      lines.push(`  ${id}  ${def ? `${def.title}${def.kind === 'config-rule' && def.scope === 'account' ? ' (account-scoped)' : ''}` : ''}`.trimEnd());
    }
  }
  field('attest', c.checks.length ? (c.attestation ?? (c.manual ? c.guidance : undefined)) : c.guidance);
  field('mapping source', c.mappingSource);
  return lines.join('\n') + '\n';
}

/** A control as JSON; the whole-catalog listing leaves out `pairs` (each check's source and rationale) to stay small. */
function controlJson(c: Control, withPairs = true) {
  return {
    id: c.id,
    title: c.title,
    kind: controlKind(c),
    ...(c.description ? { description: c.description } : {}),
    ...(c.section ? { section: c.section } : {}),
    ...(c.parent ? { parent: c.parent } : {}),
    ...(c.family ? { family: c.family } : {}),
    ...(c.baselines ? { baselines: c.baselines } : {}),
    ...(c.requirement ? { requirement: c.requirement } : {}),
    ...(c.theme ? { theme: c.theme } : {}),
    ...(c.category ? { category: c.category } : {}),
    checks: c.checks,
    // each check with why it evidences the control and which public mapping pairs them
    ...(withPairs ? { pairs: pairsJson(c) } : {}),
    manual: c.checks.length === 0,
    ...(c.guidance ? { guidance: c.guidance } : {}),
    ...(c.attestation ? { attestation: c.attestation } : {}),
    ...(c.mappingSource ? { mappingSource: c.mappingSource } : {}),
  };
}

function pairsJson(c: Control): CheckPair[] {
  return (c.pairs ?? c.checks.map((check): CheckPair => ({ check }))).map((p) => ({ check: p.check, ...(p.parameters ? { parameters: p.parameters } : {}), ...(p.source ? { source: p.source } : {}), ...(p.rationale ? { rationale: p.rationale } : {}) }));
}

function frameworkJson(f: Framework, baseline?: Baseline, withPairs = true) {
  return {
    id: f.id,
    name: f.name,
    version: f.version,
    ...(f.description ? { description: f.description } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(f.conformancePack ? { conformancePack: f.conformancePack } : {}),
    ...(baseline ? { baseline } : {}),
    controls: controlsIn(f, baseline).map((c) => controlJson(c, withPairs)),
  };
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  process.stdout.write([line(head), ...rows.map(line)].join('\n') + '\n');
}
