import { promises as fs } from 'node:fs';
import type { Command } from 'commander';
import { listRunIds, resolveRunId } from '../store/index.ts';
import { findOrphans, verifyStore, type OrphanReport, type VerifyReport } from '../sign/index.ts';
import { parseEnvelope, verifyEnvelope } from '../sign/index.ts';
import { configuredStore } from './store.ts';
import { EXIT, UsageError } from './exit.ts';
import { paint } from './color.ts';

interface VerifyFlags {
  config?: string;
  store?: string;
  publicKey?: string;
  all?: boolean;
  orphans?: boolean;
  file?: string[];
  json?: boolean;
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .argument('[run]', 'run id, "latest" or "previous"', 'latest')
    .description("re-hash a run's evidence against its manifest, check the manifest chain and every signature")
    .option('-c, --config <file>', 'config file')
    .option('--store <url>', 'evidence store URL (default from config)')
    .option('--public-key <file>', 'trusted public key (PEM); without it the key kept in the store is used')
    .option('--all', 'check the objects of every run in the chain, not only of the named run')
    .option('--orphans', 'also list object versions no manifest names (left by killed or interrupted runs); they do not fail verification')
    .option('--file <files...>', 'verify files on disk against their detached <file>.sig instead of a stored run')
    .option('--json', 'print the verification report as JSON')
    .addHelpText(
      'after',
      `
Exit codes:
  0  everything verified
  1  a problem was found (each one is named), or the run could not be read

Each problem names its kind: changed-object, deleted-version, edited-manifest, unreadable-manifest,
bad-signature, missing-signature, unknown-key, broken-chain, off-chain (a finished run the chain
from the newest manifest does not reach), missing-report (a report the run planned is not on record),
statement-mismatch (runs/<run>/statement.json, which trend trusts, pins another manifest or summary).

--orphans lists every stored version that no manifest names, with what the store tells of it
(for example "belongs to run X, which has no manifest (killed or interrupted)"). Orphans do not
weaken any manifest, so they are reported without failing verification.`,
    )
    .action(async (run: string, flags: VerifyFlags) => {
      process.exitCode = flags.file ? await verifyFiles(flags) : await verifyRun(run, flags);
    });
}

async function readPem(file: string | undefined): Promise<string | undefined> {
  if (!file) return undefined;
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--public-key ${file}: ${(err as Error).message}`);
  }
}

async function verifyRun(run: string, flags: VerifyFlags): Promise<number> {
  const { store } = await configuredStore(flags);
  // --orphans on a store where no run finished (every run was killed) still lists what is there.
  const nothingToVerify = flags.orphans === true && run === 'latest' && (await listRunIds(store)).length === 0;
  const runId = nothingToVerify ? null : await resolveRunId(store, run);
  const report: VerifyReport | null = runId ? await verifyStore(store, runId, { publicKeyPem: await readPem(flags.publicKey), all: flags.all === true }) : null;
  const orphans: OrphanReport | null = flags.orphans ? await findOrphans(store) : null;
  const ok = report ? report.ok : true;
  if (flags.json) {
    process.stdout.write(JSON.stringify({ runId, ...(report ?? { runs: [], chainLength: 0, notes: [], ok }), ...(orphans ? { orphans } : {}) }) + '\n');
  } else {
    const lines: string[] = [];
    if (report) {
      for (const r of report.runs) {
        const what = r.objectsChecked > 0 || r.reportsChecked > 0 ? `${r.objectsChecked} objects, ${r.reportsChecked} reports` : 'manifest and signature';
        lines.push(`${paint(r.problems.length === 0 ? 'ok  ' : 'FAIL')} run ${r.runId}: ${what}`);
        for (const p of r.problems) lines.push(`     ${p.kind}: ${p.message}`);
      }
      for (const n of report.notes) lines.push(`note: ${n}`);
      lines.push(`chain: ${report.chainLength} manifest(s); key ${report.keySource === 'pinned' ? 'pinned by --public-key' : 'read from the store (pin it with --public-key)'}: sha256 ${report.keyFingerprints.join(', ')}`);
    } else {
      lines.push(`no finished run in ${store.url}: nothing to verify`);
    }
    if (orphans) {
      lines.push(`orphans: ${orphans.orphans.length} of ${orphans.versionsScanned} stored version(s) named by no manifest${orphans.interruptedRuns.length ? `; interrupted run(s): ${orphans.interruptedRuns.join(', ')}` : ''}`);
      for (const o of orphans.orphans) lines.push(`     orphan: ${o.key} version ${o.versionId} (${o.size} bytes, ${o.lastModified}): ${o.note}`);
    }
    if (report) lines.push(paint(ok ? 'verified' : 'VERIFICATION FAILED'));
    process.stdout.write(lines.join('\n') + '\n');
  }
  return ok ? EXIT.OK : EXIT.FAILED;
}

async function verifyFiles(flags: VerifyFlags): Promise<number> {
  const pem = await readPem(flags.publicKey);
  if (!pem) throw new UsageError('--file needs --public-key <file> (e.g. the public-key.pem beside the reports)');
  const results: { file: string; ok: boolean; reason?: string }[] = [];
  for (const file of flags.file ?? []) {
    try {
      const env = parseEnvelope(await fs.readFile(`${file}.sig`), `${file}.sig`);
      const r = verifyEnvelope(await fs.readFile(file), env, pem);
      results.push(r.ok ? { file, ok: true } : { file, ok: false, reason: r.reason });
    } catch (err) {
      results.push({ file, ok: false, reason: (err as Error).message });
    }
  }
  if (flags.json) process.stdout.write(JSON.stringify({ files: results, ok: results.every((r) => r.ok) }) + '\n');
  else for (const r of results) process.stdout.write(`${paint(r.ok ? 'ok  ' : 'FAIL')} ${r.file}${r.reason ? `: ${r.reason}` : ''}\n`);
  return results.every((r) => r.ok) ? EXIT.OK : EXIT.FAILED;
}
