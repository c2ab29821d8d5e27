// `evidence diff <runA> <runB>`: what changed between two stored runs, from their signed history.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadCatalog } from '../catalog/index.ts';
import { diffRuns } from '../history/index.ts';
import { renderDiffText } from '../history/index.ts';
import { renderDiffHtml } from '../history/index.ts';
import { writeDiffPdf } from '../history/index.ts';
import { TOOL_VERSION } from '../util/index.ts';
import { readPublicKey, resolvePath } from './paths.ts';
import { EXIT, UsageError } from './exit.ts';
import { configuredStore } from './store.ts';

const FORMATS = ['text', 'json', 'html', 'pdf'] as const;
type DiffFormat = (typeof FORMATS)[number];

interface DiffFlags {
  config?: string;
  store?: string;
  framework?: string;
  format: string;
  out?: string;
  publicKey?: string;
  limit: string;
  failOnRegression?: boolean;
}

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('what changed between two stored runs: controls (regressions first), resources, coverage, lapsed exceptions and attestations')
    .argument('<runA>', 'the earlier run: id, "previous" or "latest"')
    .argument('<runB>', 'the later run: id, "previous" or "latest"')
    .option('-c, --config <file>', 'config file')
    .option('--store <url>', 'evidence store URL (default from config)')
    .option('-f, --framework <id>', 'only this framework (and the checks its controls use)')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'text')
    .option('-o, --out <file>', 'write to this file (required for html and pdf)')
    .option('--public-key <file>', 'trusted public key (PEM) for both manifests; without it the key kept in the store is used')
    .option('--limit <n>', 'resource changes shown per target in text (per check in html); json lists all', '20')
    .option('--fail-on-regression', 'exit 2 when a control regressed or lost coverage (for CI)')
    .addHelpText(
      'after',
      `
Both runs' manifest signatures are verified, and every file is read at the version and sha256
its manifest pins, before anything is compared. A control that went from PASS to ERROR or
NO_EVIDENCE is a coverage loss, never a fix. Resources are compared only where both runs judged
them: a target that failed to collect is "coverage lost", its resources are not "removed".

Exit codes:
  0  the diff was written (whatever it found)
  2  with --fail-on-regression: a control regressed or lost coverage
  1  a manifest or pinned file did not verify, or bad input

Examples:
  evidence diff previous latest
  evidence diff 20261031T020000Z-7f3a2c latest --framework soc2 --format pdf --out soc2-changes.pdf`,
    )
    .action(async (runA: string, runB: string, flags: DiffFlags) => {
      process.exitCode = await diffCommand(runA, runB, flags);
    });
}

async function diffCommand(runA: string, runB: string, flags: DiffFlags): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(flags.format)) throw new UsageError(`--format: unknown format ${JSON.stringify(flags.format)}; known: ${FORMATS.join(', ')}`);
  const format = flags.format as DiffFormat;
  if ((format === 'html' || format === 'pdf') && !flags.out) throw new UsageError(`--format ${format} needs --out FILE`);
  const limit = Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive integer, got ${JSON.stringify(flags.limit)}`);
  const { loaded, store } = await configuredStore(flags);
  const publicKeyPem = await readPublicKey(flags.publicKey);
  const catalog = await loadCatalog(loaded.config.customFrameworks.map((p) => resolvePath(p)));
  const d = await diffRuns(store, runA, runB, { ...(flags.framework ? { framework: flags.framework } : {}), ...(publicKeyPem ? { publicKeyPem } : {}), catalog });

  const out = flags.out ? resolvePath(flags.out) : null;
  if (out) await fs.mkdir(path.dirname(out), { recursive: true });
  if (format === 'pdf') await writeDiffPdf(d, out!, { limit, toolVersion: TOOL_VERSION });
  else {
    const body = format === 'json' ? JSON.stringify(d, null, 2) + '\n' : format === 'html' ? await renderDiffHtml(d, { limit: Math.max(limit, 200) }) : renderDiffText(d, { limit });
    if (out) await fs.writeFile(out, body);
    else process.stdout.write(body);
  }
  if (out) process.stderr.write(`diff of ${d.a.runId} → ${d.b.runId} written to ${path.relative(process.cwd(), out) || out}\n`);
  const bad = d.totals.regressions + d.totals.coverageLosses;
  return flags.failOnRegression && bad > 0 ? EXIT.PARTIAL : EXIT.OK;
}
