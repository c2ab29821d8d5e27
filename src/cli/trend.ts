// `evidence trend`: per framework and day, controls by status and pass rate, from signed manifests.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { computeTrend, trendSvg } from '../history/index.ts';
import { renderTrendCsv, renderTrendText } from '../history/index.ts';
import { parseAsOf } from '../history/index.ts';
import { readPublicKey, resolvePath } from './paths.ts';
import { EXIT, UsageError } from './exit.ts';
import { configuredStore } from './store.ts';

const FORMATS = ['text', 'json', 'csv', 'svg'] as const;

interface TrendFlags {
  config?: string;
  store?: string;
  since: string;
  until?: string;
  framework?: string;
  format: string;
  out?: string;
  publicKey?: string;
}

export function registerTrend(program: Command): void {
  program
    .command('trend')
    .description('per framework and day: controls by status and pass rate, from the signed run manifests')
    .option('-c, --config <file>', 'config file')
    .option('--store <url>', 'evidence store URL (default from config)')
    .option('--since <when>', 'a number of days ending today (90d) or a first day YYYY-MM-DD (UTC)', '90d')
    .option('--until <when>', 'last day YYYY-MM-DD (through its end, UTC) or an ISO time; default now')
    .option('-f, --framework <id>', 'only this framework (required for svg when runs evaluated several)')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'text')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--public-key <file>', 'trusted public key (PEM); without it the key kept in the store is used')
    .addHelpText(
      'after',
      `
Reads each run's small signed summary, trusted through the run's signed statement (or, for
runs without one, through its signed manifest); never the evidence. Per day the last complete run counts; a day with only
partial runs shows its last partial run, marked. Failed, interrupted and unverifiable runs are
not counted and are listed.

Pass rate = PASS / (PASS + FAIL + EXCEPTION + NO_EVIDENCE + ERROR): MANUAL and ATTESTED controls
are decided by people and left out; an exception is an accepted failure, not a pass; ERROR and
NO_EVIDENCE count against the rate, so missing evidence never raises it.

Exit codes:
  0  the trend was written
  2  written, but some run in the period did not verify (listed, not counted)
  1  bad input or unreadable store

Examples:
  evidence trend --since 90d
  evidence trend --since 2026-10-01 --framework soc2 --format svg --out soc2-trend.svg`,
    )
    .action(async (flags: TrendFlags) => {
      process.exitCode = await trendCommand(flags);
    });
}

async function trendCommand(flags: TrendFlags): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(flags.format)) throw new UsageError(`--format: unknown format ${JSON.stringify(flags.format)}; known: ${FORMATS.join(', ')}`);
  let until: Date | undefined;
  try {
    until = flags.until ? parseAsOf(flags.until) : undefined;
  } catch (err) {
    throw new UsageError((err as Error).message.replace('--as-of', '--until'));
  }
  const { loaded, store } = await configuredStore(flags);
  const publicKeyPem = await readPublicKey(flags.publicKey);
  const t = await computeTrend(store, {
    since: flags.since,
    ...(until ? { until } : {}),
    ...(flags.framework ? { framework: flags.framework } : {}),
    ...(publicKeyPem ? { publicKeyPem } : {}),
    // Runs record their frameworks' names; the catalog is read only for runs that did not.
    names: async () => new Map((await (await import('../catalog/index.ts')).loadCatalog(loaded.config.customFrameworks.map((p) => resolvePath(p)))).frameworks.map((f) => [f.id, f.name])),
  });
  let body: string;
  if (flags.format === 'svg') {
    const fw = flags.framework ?? (t.frameworks.length === 1 ? t.frameworks[0]!.id : undefined);
    if (!fw) throw new UsageError(`--format svg draws one framework: choose one with --framework (${t.frameworks.map((f) => f.id).join(', ') || 'no runs in the period'})`);
    body = (await trendSvg(t, fw)) + '\n';
  } else body = flags.format === 'json' ? JSON.stringify(t, null, 2) + '\n' : flags.format === 'csv' ? renderTrendCsv(t) : renderTrendText(t);
  if (flags.out) {
    const out = resolvePath(flags.out);
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(out, body);
  } else process.stdout.write(body);
  const unverified = t.skipped.filter((s) => s.status === 'unverified');
  for (const u of unverified) process.stderr.write(`evidence: run ${u.runId} not counted: ${u.reason}\n`);
  return unverified.length > 0 ? EXIT.PARTIAL : EXIT.OK;
}
