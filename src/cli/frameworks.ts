import type { Command } from 'commander';
import { loadConfig } from '../config/config.ts';
import { loadCatalog, CatalogError } from '../catalog/load.ts';
import { resolvePath } from './common.ts';

interface Flags {
  config?: string;
  json?: boolean;
}

async function catalogFor(flags: Flags) {
  const { config } = await loadConfig(flags.config);
  return loadCatalog(config.customFrameworks.map((p) => resolvePath(p)));
}

export function registerFrameworks(program: Command): void {
  const cmd = program.command('frameworks').description('list and show the framework catalogs (controls → checks)');
  cmd
    .command('list')
    .description('list frameworks with their control counts')
    .option('-c, --config <file>', 'config file (adds customFrameworks)')
    .option('--json', 'print the whole catalog as JSON')
    .action(async (flags: Flags) => {
      const catalog = await catalogFor(flags);
      if (flags.json) {
        process.stdout.write(JSON.stringify({ frameworks: catalog.frameworks.map(frameworkJson) }) + '\n');
        return;
      }
      const rows = catalog.frameworks.map((f) => {
        const manual = f.controls.filter((c) => c.checks.length === 0).length;
        return [f.id, f.version, String(f.controls.length), String(f.controls.length - manual), String(manual), f.name];
      });
      printTable(['id', 'version', 'controls', 'automated', 'manual', 'name'], rows);
    });
  cmd
    .command('show')
    .argument('<id>', 'framework id')
    .description("show a framework's controls and the checks behind each")
    .option('-c, --config <file>', 'config file (adds customFrameworks)')
    .option('--json', 'print the framework as JSON')
    .action(async (id: string, flags: Flags) => {
      const catalog = await catalogFor(flags);
      const fw = catalog.byId.get(id);
      if (!fw) throw new CatalogError(`unknown framework ${JSON.stringify(id)}; known: ${[...catalog.byId.keys()].join(', ')}`);
      if (flags.json) {
        process.stdout.write(JSON.stringify(frameworkJson(fw)) + '\n');
        return;
      }
      process.stdout.write(`${fw.name} (${fw.id} ${fw.version}): ${fw.controls.length} controls\n`);
      printTable(
        ['control', 'kind', 'title', 'checks'],
        fw.controls.map((c) => [c.id, c.checks.length ? 'automated' : 'manual', c.title, c.checks.join(', ') || '-']),
      );
    });
}

function frameworkJson(f: Awaited<ReturnType<typeof catalogFor>>['frameworks'][number]) {
  return {
    id: f.id,
    name: f.name,
    version: f.version,
    ...(f.description ? { description: f.description } : {}),
    controls: f.controls.map((c) => ({
      id: c.id,
      title: c.title,
      ...(c.section ? { section: c.section } : {}),
      checks: c.checks,
      manual: c.checks.length === 0,
      ...(c.guidance ? { guidance: c.guidance } : {}),
      ...(c.mappingSource ? { mappingSource: c.mappingSource } : {}),
    })),
  };
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  process.stdout.write([line(head), ...rows.map(line)].join('\n') + '\n');
}
