// `evidence report`: signed reports from a stored run, without calling AWS. The run's manifest
// signature is verified first (with --public-key, or the signing key when it signed the run),
// and the results file is read at the version the manifest pins and checked against its sha256.
import { createPublicKey } from 'node:crypto';
import { BASELINE_HELP, DETAIL_HELP, parseDetail, parseReportBaseline } from './report-options.ts';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadCatalog, selectFrameworks } from '../catalog/index.ts';
import type { Framework } from '../catalog/index.ts';
import { keys, readManifest, resolveRunId } from '../store/index.ts';
import { NotFoundError } from '../store/index.ts';
import { keyIdOf, parseEnvelope, verifyEnvelope } from '../sign/index.ts';
import { readPinnedResults, REPORT_FORMATS, writeReports, type ReportFormat } from '../run/index.ts';
import { padesFromConfig } from '../report/index.ts';
import { makeLogger } from '../util/index.ts';
import { resolvePath, splitList } from './common.ts';
import { EvidenceError } from '../domain/index.ts';
import { EXIT, usage, UsageError } from './exit.ts';
import { runSigner } from './runs.ts';
import { configuredStore } from './store.ts';
import { parseAsOf, runAsOf } from '../history/index.ts';
import type { EvidenceStore } from '../store/index.ts';
import type { Logger } from 'pino';
import { loadCompareMapping } from '../auditmanager/index.ts';

interface ReportFlags {
  config?: string;
  store?: string;
  run: string;
  asOf?: string;
  framework?: string[];
  format?: string[];
  out: string;
  key?: string;
  kmsKey?: string;
  publicKey?: string;
  pkcs12?: string;
  pkcs12PasswordEnv?: string;
  cap?: string;
  detail?: string;
  baseline?: string;
  json?: boolean;
  logLevel?: string;
}

/** The stored run cannot be trusted or read: its manifest signature, or a pinned file, does not check out. */
export class ReportSourceError extends EvidenceError {
  override readonly name = 'ReportSourceError';
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write signed reports (HTML, PDF, CSV, JSON) from a stored run, without calling AWS')
    .option('-c, --config <file>', 'config file')
    .option('--store <url>', 'evidence store URL (default from config)')
    .option('--run <id>', 'run id, "latest" or "previous"', 'latest')
    .option('--as-of <when>', 'instead of --run: the last complete run that verifies, finished by then (YYYY-MM-DD = end of that day, UTC; or an ISO time with a zone)')
    .option('-f, --framework <ids...>', 'frameworks (ids, comma-separated, or "all": every framework the run evaluated)', ['all'])
    .option('--format <list...>', `formats, comma-separated: ${REPORT_FORMATS.join(', ')} (default from config: reports.formats)`)
    .requiredOption('-o, --out <dir>', 'folder to write the reports into (with public-key.pem, manifest.json and its .sig)')
    .option('--key <file>', 'Ed25519 signing key for the reports (default from config: signing.key)')
    .option('--kms-key <keyId>', 'sign the reports with this AWS KMS key instead (default from config: signing.kms.keyId)')
    .option('--public-key <file>', "trusted public key (PEM) of the run's manifest signature; default: the signing key's, when it signed the run")
    .option('--pkcs12 <file>', 'embed a PAdES signature in PDFs with this PKCS#12 certificate (default from config: reports.pdf.pkcs12)')
    .option('--pkcs12-password-env <name>', 'environment variable holding the PKCS#12 password (default from config, else EVIDENCE_PKCS12_PASSWORD)')
    .option('--detail <level>', DETAIL_HELP)
    .option('--baseline <name>', BASELINE_HELP)
    .option('--cap <n>', 'non-compliant resources listed per check in HTML and PDF (default from config: reports.failingResourceCap); the CSV lists all')
    .option('--json', 'print one JSON summary object as the last line of stdout')
    .option('--log-level <level>', 'log level on stderr: debug, info, warn, error, silent')
    .addHelpText(
      'after',
      `
Exit codes:
  0  reports written
  1  the run's manifest signature or a pinned file did not verify, or bad input

Examples:
  evidence report --run latest --framework soc2 --format html,pdf --out ./audit-pack
  evidence report --as-of 2026-10-31 --framework soc2 --format pdf --out ./october
  evidence report --run 20261031T020000Z-7f3a2c --format csv,json --out ./exports --public-key signer.pem`,
    )
    .action(async (flags: ReportFlags) => {
      process.exitCode = await reportCommand(flags);
    });
}

// --as-of chooses the run with the same key the manifest check below trusts.
async function asOfRun(store: EvidenceStore, flags: ReportFlags, signerPem: string, log: Logger): Promise<string> {
  if (flags.run !== 'latest') throw new UsageError('--as-of and --run both choose the run: give one of them');
  let pem = signerPem;
  if (flags.publicKey) {
    try {
      pem = await fs.readFile(flags.publicKey, 'utf8');
    } catch (err) {
      throw new UsageError(`--public-key ${flags.publicKey}: ${(err as Error).message}`);
    }
  }
  const choice = await runAsOf(store, usage(() => parseAsOf(flags.asOf!)), { publicKeyPem: pem });
  for (const p of choice.passedOver) log.warn({ run: p.runId, reason: p.reason }, 'as-of: run passed over');
  process.stderr.write(`as of ${choice.asOf}: run ${choice.runId} (started ${choice.startedAt})\n`);
  return choice.runId;
}

function parseFormats(v: string[] | undefined, fallback: ReportFormat[]): ReportFormat[] {
  const list = splitList(v);
  if (!list) return fallback;
  const bad = list.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (bad.length > 0) throw new UsageError(`--format: unknown format ${bad.join(', ')}; known: ${REPORT_FORMATS.join(', ')}`);
  return [...new Set(list)] as ReportFormat[];
}

async function reportCommand(flags: ReportFlags): Promise<number> {
  const log = makeLogger(flags.logLevel);
  const { loaded, store } = await configuredStore(flags);
  const config = loaded.config;
  const formats = parseFormats(flags.format, config.reports.formats);
  const cap = flags.cap === undefined ? config.reports.failingResourceCap : Number(flags.cap);
  if (!Number.isInteger(cap) || cap < 1) throw new UsageError(`--cap must be a positive integer, got ${JSON.stringify(flags.cap)}`);
  const signer = await runSigner({ ...(flags.key ? { key: flags.key } : {}), ...(flags.kmsKey ? { kmsKey: flags.kmsKey } : {}) }, config, log);
  const runId = flags.asOf ? await asOfRun(store, flags, signer.publicKeyPem(), log) : await resolveRunId(store, flags.run);

  // 1. The manifest's signature, with a key the caller trusts.
  const loadedManifest = await readManifest(store, runId);
  const manifestKey = keys.manifest(runId);
  let trustedPem: string;
  if (flags.publicKey) {
    try {
      trustedPem = await fs.readFile(flags.publicKey, 'utf8');
    } catch (err) {
      throw new UsageError(`--public-key ${flags.publicKey}: ${(err as Error).message}`);
    }
  } else if (loadedManifest.manifest.signer.keyId === signer.keyId) {
    trustedPem = signer.publicKeyPem();
  } else {
    throw new ReportSourceError(
      `run ${runId} was signed by key ${loadedManifest.manifest.signer.keyId}, not by the signing key ${signer.keyId}: pass the signer's public key with --public-key`,
    );
  }
  let sigBytes: Uint8Array;
  try {
    sigBytes = await store.get(keys.signature(manifestKey));
  } catch (err) {
    if (err instanceof NotFoundError) throw new ReportSourceError(`${manifestKey} has no signature ${keys.signature(manifestKey)}`);
    throw err;
  }
  const verdict = verifyEnvelope(loadedManifest.bytes, parseEnvelope(sigBytes, keys.signature(manifestKey)), trustedPem);
  if (!verdict.ok) throw new ReportSourceError(`${manifestKey}: ${verdict.reason}`);
  log.info({ run: runId, keyId: keyIdOf(createPublicKey(trustedPem)) }, 'manifest signature verified');

  // 2. The results it pins (version and sha256), then the frameworks to report on.
  let results;
  try {
    results = await readPinnedResults(store, runId);
  } catch (err) {
    throw new ReportSourceError((err as Error).message, { cause: err });
  }
  const catalog = await loadCatalog(config.customFrameworks.map((p) => resolvePath(p)));
  const evaluated = new Map(results.frameworks.map((f) => [f.id, f]));
  const wanted = splitList(flags.framework);
  const chosen: Framework[] =
    !wanted || wanted.includes('all')
      ? results.frameworks.map((f) => catalog.byId.get(f.id)).filter((f): f is Framework => f !== undefined)
      : selectFrameworks(catalog, wanted);
  for (const fw of chosen) {
    const r = evaluated.get(fw.id);
    if (!r) throw new UsageError(`run ${runId} did not evaluate framework ${fw.id}; it evaluated: ${[...evaluated.keys()].join(', ')}`);
    if (r.version !== fw.version) log.warn({ framework: fw.id, run: r.version, catalog: fw.version }, 'the catalog has another version of this framework than the run used; titles and guidance come from the catalog');
  }
  if (chosen.length === 0) throw new UsageError(`none of the frameworks run ${runId} evaluated (${[...evaluated.keys()].join(', ')}) is in the catalog`);
  const detail = parseDetail(flags.detail, config.reports.detail);
  const baseline = parseReportBaseline(flags.baseline, chosen);

  // 3. Render, embed the PDF signature when configured, sign every file.
  const pdfConfig = flags.pkcs12
    ? { pkcs12: flags.pkcs12, passwordEnv: flags.pkcs12PasswordEnv ?? config.reports.pdf?.passwordEnv ?? 'EVIDENCE_PKCS12_PASSWORD' }
    : config.reports.pdf && { ...config.reports.pdf, ...(flags.pkcs12PasswordEnv ? { passwordEnv: flags.pkcs12PasswordEnv } : {}) };
  const pades = formats.includes('pdf') ? await padesFromConfig(pdfConfig, resolvePath) : null;
 
  const amMapping = config.auditManager?.mapping ? await loadCompareMapping(resolvePath(config.auditManager.mapping), chosen) : null;
  const out = resolvePath(flags.out);
  const written = await writeReports({
    store,
    signer,
    results,
    frameworks: chosen,
    formats,
    outDir: out,
    exactDir: true,
    storeReports: false,
    failingResourceCap: cap,
    detail,
    baseline,
    previousRunId: loadedManifest.manifest.previousManifest?.runId ?? null,
    manifest: { key: manifestKey, bytes: loadedManifest.bytes, sig: sigBytes, sha256: loadedManifest.sha256 },
    publicKeyPem: trustedPem,
    now: () => new Date(),
    organization: config.organization?.name ?? null,
    pades,
    log,
    auditManagerMapping: amMapping,
  });

  if (flags.json) {
    process.stdout.write(JSON.stringify({ status: 'ok', runId, store: store.url, frameworks: chosen.map((f) => f.id), formats, out, reports: written, pades: pades !== null }) + '\n');
  } else {
    const rel = (p: string): string => path.relative(process.cwd(), p) || p;
    const lines = [`Reports for run ${runId} (manifest signature verified, results pinned by sha256)`, `  folder     ${rel(out)}/`];
    for (const f of written) lines.push(`             ${path.basename(f)} (+ .sig${f.endsWith('.pdf') && pades ? ', PAdES signed' : ''})`);
    process.stdout.write(lines.join('\n') + '\n');
  }
  return EXIT.OK;
}
