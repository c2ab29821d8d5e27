// `evidence pack`: the monthly review pack (src/history/pack.ts), and `evidence pack verify` to
// check one offline.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadCatalog } from '../catalog/index.ts';
import { writePack } from '../run/index.ts';
import { parseMonth } from '../history/index.ts';
import { verifyPack } from '../history/index.ts';
import { makeLogger } from '../util/index.ts';
import { resolvePath } from './common.ts';
import { EXIT, usage, UsageError } from './exit.ts';
import { runSigner } from './runs.ts';
import { configuredStore } from './store.ts';

interface PackFlags {
  withEvidence?: boolean;
  config?: string;
  store?: string;
  month?: string;
  out: string;
  key?: string;
  kmsKey?: string;
  publicKey?: string;
  json?: boolean;
  logLevel?: string;
}

async function readPem(file: string | undefined): Promise<string | undefined> {
  if (!file) return undefined;
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--public-key ${file}: ${(err as Error).message}`);
  }
}

export function registerPack(program: Command): void {
  const pack = program
    .command('pack')
    .description('write the monthly review pack: one signed zip with the summary, reports, manifests, evidence index and keys')
    .option('-c, --config <file>', 'config file')
    .option('--store <url>', 'evidence store URL (default from config)')
    .option('--month <YYYY-MM>', 'calendar month, UTC (default: the previous month)')
    .option('-o, --out <dir>', 'folder for the zip and its .sig', './packs')
    .option('--key <file>', 'Ed25519 signing key for the pack (default from config: signing.key)')
    .option('--kms-key <keyId>', 'sign the pack with this AWS KMS key instead (default from config: signing.kms.keyId)')
    .option('--public-key <file>', "trusted public key (PEM) of the runs' manifests; default: the keys kept in the store")
    .option('--with-evidence', 'also carry the raw evidence objects the month\'s runs pin (evidence/ in the zip, checked by pack verify)')
    .option('--json', 'print one JSON summary object as the last line of stdout')
    .option('--log-level <level>', 'log level on stderr: debug, info, warn, error, silent')
    .addHelpText(
      'after',
      `
Every run that started in the month is verified (signature, chain, objects re-hashed); only runs
that verify are packed, the others are listed with the reason in the summary and pack.json.

Exit codes:
  0  pack written (the zip's path is the first line of stdout)
  1  no complete, verified run in the month, or bad input

Examples:
  evidence pack --month 2026-11 --out ./packs
  evidence pack verify ./packs/evidence-pack-2026-11.zip --public-key signer.pem`,
    )
    .action(async (flags: PackFlags) => {
      process.exitCode = await packCommand(flags);
    });

  pack
    .command('verify')
    .argument('<zip>', 'the pack (its <zip>.sig beside it is checked too when present)')
    .description('verify a review pack offline: SHA256SUMS and its signature, every file, manifests, reports, chain and index')
    .option('--public-key <file>', 'trusted public key (PEM) of the pack signer; without it the key inside the pack is used, and said so')
    .option('--json', 'print the verification as JSON')
    .addHelpText(
      'after',
      `
Exit codes:
  0  the pack verified
  1  a problem was found (each one is named), or the zip could not be read

Problem kinds: unreadable-zip, bad-entry, missing-file, extra-file, changed-file, bad-signature,
unknown-key, broken-chain, bad-index, bad-metadata.`,
    )
    .action(async (zip: string, _flags: unknown, cmd: Command) => {
      // `pack` has --public-key and --json too: commander may have given them to the parent.
      process.exitCode = await verifyCommand(zip, cmd.optsWithGlobals<{ publicKey?: string; json?: boolean }>());
    });
}

async function packCommand(flags: PackFlags): Promise<number> {
  const log = makeLogger(flags.logLevel);
  const month = usage(() => parseMonth(flags.month));
  const { loaded, store } = await configuredStore(flags);
  const config = loaded.config;
  const signer = await runSigner({ ...(flags.key ? { key: flags.key } : {}), ...(flags.kmsKey ? { kmsKey: flags.kmsKey } : {}) }, config, log);
  const publicKeyPem = await readPem(flags.publicKey);
  const catalog = await loadCatalog(config.customFrameworks.map((p) => resolvePath(p)));
  const out = await writePack({
    store,
    signer,
    month,
    outDir: resolvePath(flags.out),
    ...(publicKeyPem ? { publicKeyPem } : {}),
    catalog,
    formats: config.reports.formats,
    failingResourceCap: config.reports.failingResourceCap,
    detail: config.reports.detail,
    withEvidence: flags.withEvidence === true,
    organization: config.organization?.name ?? null,
    log,
  });
  if (flags.json) {
    process.stdout.write(
      JSON.stringify({
        status: 'ok',
        month: out.month,
        zip: out.zip,
        signature: out.signature,
        sha256: out.sha256,
        size: out.size,
        files: out.files,
        runs: out.included,
        excluded: out.excluded,
        reportsRun: out.reportsRunId,
        signer: signer.keyId,
      }) + '\n',
    );
  } else {
    const lines = [
      out.zip,
      `  month      ${month.label} (${month.id}, UTC)`,
      `  runs       ${out.included.length} verified and included${out.excluded.length ? `, ${out.excluded.length} excluded:` : ''}`,
      ...out.excluded.map((r) => `             ${r.runId} (${r.status}): ${r.reason}`),
      `  reports    of run ${out.reportsRunId}, the month's last complete run`,
      `  files      ${out.files} in the zip (${out.size} bytes, sha256 ${out.sha256})`,
      `  signature  ${path.basename(out.signature)} and SHA256SUMS.sig by ${signer.keyId}`,
      `  verify     evidence pack verify ${path.relative(process.cwd(), out.zip) || out.zip} --public-key <signer's public key>`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
  return EXIT.OK;
}

async function verifyCommand(zip: string, flags: { publicKey?: string; json?: boolean }): Promise<number> {
  const v = await verifyPack(path.resolve(zip), { ...(flags.publicKey ? { publicKeyPem: await readPem(flags.publicKey) } : {}) });
  if (flags.json) {
    process.stdout.write(JSON.stringify(v) + '\n');
  } else {
    const key = v.keySource === 'pinned' ? 'pinned by --public-key' : 'read from the pack (pin it with --public-key)';
    const lines = [
      `pack ${zip}${v.month ? ` (${v.month})` : ''}: ${v.files} file(s), ${v.runs} manifest(s), ${v.reports} report(s)`,
      `signer key ${key}: sha256 ${v.keyFingerprint ?? 'unknown'}`,
      `zip signature: ${v.zipSignature === 'absent' ? `no ${path.basename(zip)}.sig beside the zip (the contents are still checked by SHA256SUMS.sig)` : v.zipSignature}`,
      ...v.problems.map((p) => `FAIL ${p.kind}: ${p.message}`),
      v.ok ? 'verified' : `VERIFICATION FAILED (${v.problems.length} problem(s))`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
  return v.ok ? EXIT.OK : EXIT.FAILED;
}
