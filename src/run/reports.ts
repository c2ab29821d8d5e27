// Writes the signed reports of a run: one per framework and format, into a folder (with the
// public key and manifest beside them, so the folder verifies offline) and, for the pipeline,
// into the store. Used by `evidence run` and by `evidence report` (from stored runs).
//
// Order per PDF: render → embed the PAdES signature (when a PKCS#12 certificate is configured)
// → detached Ed25519 signature over the final bytes.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { Baseline, Framework } from '../catalog/index.ts';
import { controlsIn } from '../catalog/index.ts';
import type { EvidenceStore } from '../store/index.ts';
import { keys, readManifest, type ReportsRecord } from '../store/index.ts';
import { createPublicKey } from 'node:crypto';
import { algorithmOf, encodeEnvelope, fingerprintOf, type Signer } from '../sign/index.ts';
import { buildViewModel } from '../report/index.ts';
import { diffRuns } from '../report/index.ts';
import { renderHtml } from '../report/index.ts';
import { PdfRenderPool, renderPdfIsolated } from '../report/index.ts';
import { writeCsv } from '../report/index.ts';
import { openStoredResources, type ResourceIndex } from '../store/index.ts';
import { readTrustedResults } from '../history/index.ts';
import { writeJson } from '../report/index.ts';
import { writeOscalAssessmentResults } from '../report/index.ts';
import { writeOscalPoam } from '../report/index.ts';
import { writeOcsf } from '../report/index.ts';
import type { PadesCredentials } from '../report/index.ts';
import type { ReportDetail, ReportViewModel } from '../report/index.ts';
import type { RunResults } from '../domain/index.ts';
import { compareForReport, readRunAssessments, type LoadedMapping } from '../auditmanager/index.ts';
import type { AuditManagerAssessment } from '../domain/index.ts';

export { REPORT_FORMATS, REPORT_EXTENSIONS, parseReportFormats, reportFileNames, type ReportFormat } from './formats.ts';
import { REPORT_EXTENSIONS, type ReportFormat } from './formats.ts';

const CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json',
  'oscal-ar': 'application/oscal.ar+json',
  'oscal-poam': 'application/oscal.poam+json',
  ocsf: 'application/x-ndjson',
};

/** Formats that read every resource verdict (the run's resources.ndjson), not only the capped lists. */
const NEEDS_RESOURCES: readonly ReportFormat[] = ['csv', 'ocsf'];

export interface ReportInput {
  store: EvidenceStore;
  signer: Signer;
  results: RunResults;
  frameworks: Framework[];
  formats: ReportFormat[];
  /** Reports go to <outDir>/<runId>/, or to outDir itself with `exactDir`. */
  outDir: string;
  exactDir?: boolean;
  failingResourceCap: number;
  previousRunId: string | null;
  manifest: { key: string; bytes: Uint8Array; sig: Uint8Array; sha256: string };
  /** The key that signed the manifest; written as public-key.pem (with the report signer's when they differ). */
  publicKeyPem: string;
  now: () => Date;
  organization?: string | null;
  /** Embeds a PAdES signature in each PDF. */
  pades?: PadesCredentials | null;
  /** Keep the reports in the store too (reports/<runId>/...); the pipeline does, `evidence report` does not. */
  storeReports?: boolean;
  /** The previous run's results; read from the store (its pinned version) when omitted. */
  previousResults?: RunResults | null;
  log?: Logger;
  /** The run's every resource verdict, for the CSV and OCSF; read from the store (pinned) when omitted. */
  resources?: ResourceIndex | null;
  /** Pairs for the Audit Manager comparison (shown when the run collected auditmanager-assessments). */
  auditManagerMapping?: LoadedMapping | null;
  /** Filled with each report stored (key, version, sha256, and its signature's), for the run's reports record. */
  stored?: ReportsRecord['reports'];
  /** Told after each report is written and signed: how many of how many, and the file. */
  onReport?: (written: number, total: number, file: string) => void;
  /** Render the PDFs on this pool (started earlier by the caller, who closes it) instead of one of its own. */
  pdfPool?: PdfRenderPool;
  /** How deep the HTML and PDF go (default full); the CSV and OCSF always list every verdict. */
  detail?: ReportDetail;
  /** Only the controls of this NIST SP 800-53B baseline (frameworks carrying baselines only). */
  baseline?: Baseline | null;
}

/** The results a run's manifest pins, read at that version and checked against its sha256. */
export async function readPinnedResults(store: EvidenceStore, runId: string): Promise<RunResults> {
  const { manifest } = await readManifest(store, runId);
  return readTrustedResults(store, manifest);
}

async function previousResults(input: ReportInput): Promise<RunResults | null> {
  if (input.previousResults !== undefined) return input.previousResults;
  if (!input.previousRunId) return null;
  try {
    return await readPinnedResults(input.store, input.previousRunId);
  } catch (err) {
    // The comparison is a convenience; the report stands without it and says there is none.
    input.log?.warn({ previousRunId: input.previousRunId, err: (err as Error).message }, 'cannot read the previous run for the changes section');
    return null;
  }
}

async function renderFile(format: ReportFormat, vm: ReportViewModel, results: RunResults, file: string, input: ReportInput, resources: ResourceIndex | null, pdf?: Promise<unknown>): Promise<void> {
  switch (format) {
    case 'html':
      await fs.writeFile(file, renderHtml(vm));
      return;
    case 'pdf':
      await (pdf ?? renderPdfIsolated(vm, file, { log: input.log }));
      // Signed here, once its child has finished.
      if (input.pades) {
        const pdf = await fs.readFile(file);
        const at = input.now();
        const signed = await input.pades.sign(pdf, {
          signingTime: at,
          reason: `Compliance evidence report: ${vm.framework.name} ${vm.framework.version}, run ${vm.run.runId}`,
          location: vm.organization?.name ?? '',
        });
        await fs.writeFile(file, signed);
      }
      return;
    case 'csv':
      await writeCsv(vm, results, file, resources);
      return;
    case 'json':
      await writeJson(vm, file);
      return;
    case 'oscal-ar':
      await writeOscalAssessmentResults(vm, file);
      return;
    case 'oscal-poam':
      await writeOscalPoam(vm, file);
      return;
    case 'ocsf':
      await writeOcsf(vm, results, file, resources);
      return;
  }
}

const algorithmOfPem = (pem: string): string => algorithmOf(createPublicKey(pem)) ?? 'unknown';

export async function writeReports(input: ReportInput): Promise<string[]> {
  const { results, signer } = input;
  const runId = results.runId;
  const dir = input.exactDir ? path.resolve(input.outDir) : path.resolve(input.outDir, runId);
  await fs.mkdir(dir, { recursive: true });
  const reportKeyPem = signer.publicKeyPem();
  await fs.writeFile(path.join(dir, 'public-key.pem'), reportKeyPem);
  const otherManifestKey = fingerprintOf(input.publicKeyPem) !== fingerprintOf(reportKeyPem);
  if (otherManifestKey) {
    // The manifest was signed by another key (an earlier one): keep it beside the reports too.
    await fs.writeFile(path.join(dir, 'manifest-public-key.pem'), input.publicKeyPem);
  }
  await fs.writeFile(path.join(dir, 'manifest.json'), input.manifest.bytes);
  await fs.writeFile(path.join(dir, 'manifest.json.sig'), input.manifest.sig);
  const previous = await previousResults(input);
  const stored = input.resources === undefined && input.formats.some((f) => NEEDS_RESOURCES.includes(f)) ? await openStoredResources(input.store, results) : null;
  const resources = input.resources ?? stored?.index ?? null;
  try {
    const assessments = await readRunAssessments(input.store, results);
    return await renderAll(input, dir, reportKeyPem, otherManifestKey, previous, resources, assessments);
  } finally {
    await stored?.close();
  }
}

async function renderAll(input: ReportInput, dir: string, reportKeyPem: string, otherManifestKey: boolean, previous: RunResults | null, resources: ResourceIndex | null, assessments: AuditManagerAssessment[] | null): Promise<string[]> {
  const { results, signer } = input;
  const runId = results.runId;
  const written: string[] = [];
  const total = input.frameworks.length * input.formats.length;
  input.onReport?.(0, total, '');
  const vms = input.frameworks.map((fw) => {
    // The changes since the previous run are about the controls the report shows.
    const shown = input.baseline ? { ...fw, controls: controlsIn(fw, input.baseline) } : fw;
    return buildViewModel({
      results,
      framework: fw,
      manifest: {
        key: input.manifest.key,
        sha256: input.manifest.sha256,
        signatureKey: keys.signature(input.manifest.key),
        ...(otherManifestKey ? { signer: { algorithm: algorithmOfPem(input.publicKeyPem), publicKeyFile: 'manifest-public-key.pem' } } : {}),
      },
      signer: { algorithm: signer.algorithm, keyId: signer.keyId, publicKeyFingerprint: fingerprintOf(reportKeyPem), publicKeyFile: 'public-key.pem' },
      store: input.store.url,
      previousRunId: input.previousRunId,
      failingResourceCap: input.failingResourceCap,
      organization: input.organization ?? null,
      changes: previous ? diffRuns(previous, results, shown) : null,
      pdfCertificate: input.pades?.certificate ?? null,
      ...(assessments ? { auditManager: compareForReport(results, fw, assessments, input.auditManagerMapping ?? null, input.frameworks) } : {}),
      detail: input.detail ?? 'full',
      baseline: input.baseline ?? null,
    });
  });
  // The PDFs are the slow part: every framework's is queued at once on the run's pool of render
  // children (as many at once as there are cores), while the loops below write, sign and store
  // the reports. The largest are queued first, so the last one to finish is a small one.
  const ownPool = input.formats.includes('pdf') && !input.pdfPool ? new PdfRenderPool(input.log ? { log: input.log } : {}) : null;
  const pool = input.formats.includes('pdf') ? (input.pdfPool ?? ownPool) : null;
  const pdfs: Promise<unknown>[] = [];
  if (pool) {
    const size = (vm: ReportViewModel): number => vm.controls.reduce((n, c) => n + 1 + c.checks.length, 0);
    const largestFirst = vms.map((vm, i) => ({ i, size: size(vm) })).sort((a, b) => b.size - a.size);
    for (const { i } of largestFirst) pdfs[i] = pool.render(vms[i]!, path.join(dir, `${input.frameworks[i]!.id}.${REPORT_EXTENSIONS.pdf}`));
  }
  // Awaited below; a failure before then must not count as an unhandled rejection.
  for (const p of pdfs) p.catch(() => undefined);
  const slots: { file: string; stored?: NonNullable<ReportInput['stored']>[number] }[] = [];
  let finished = 0;
  // Each file is signed and stored as soon as it is final (two at a time; Ed25519 over a file of
  // megabytes runs on libuv's threads), not in one pass after the last PDF: that pass left one
  // core idle while the other signed every file in turn.
  const finishing = pLimit(2);
  const finish = (slot: number, format: ReportFormat, file: string): Promise<void> =>
    finishing(async () => {
      // The detached signature is made over the final bytes (after any embedded PDF signature).
      const bytes = await fs.readFile(file);
      const sig = encodeEnvelope(await signer.sign(bytes, path.basename(file), input.now()));
      await fs.writeFile(`${file}.sig`, sig);
      let stored: (typeof slots)[number]['stored'];
      if (input.storeReports !== false) {
        const key = keys.report(runId, path.basename(file));
        const put = await input.store.put(key, bytes, { contentType: CONTENT_TYPES[format] });
        const sigPut = await input.store.put(keys.signature(key), sig, { contentType: 'application/json' });
        stored = { key, versionId: put.versionId, sha256: put.sha256, size: put.size, signature: { key: sigPut.key, versionId: sigPut.versionId, sha256: sigPut.sha256 } };
      }
      slots[slot] = { file, ...(stored ? { stored } : {}) };
      finished += 1;
      input.onReport?.(finished, total, file);
    });
  const pending: Promise<void>[] = [];
  let failure: { error: unknown } | undefined;
  try {
    // Each PDF is finished when its child is done; the other formats are written meanwhile, in
    // the report order, each finished as soon as it is written.
    for (const [i, fw] of input.frameworks.entries()) {
      for (const [j, format] of input.formats.entries()) {
        const file = path.join(dir, `${fw.id}.${REPORT_EXTENSIONS[format]}`);
        const slot = i * input.formats.length + j;
        if (format === 'pdf') pending.push(renderFile(format, vms[i]!, results, file, input, resources, pdfs[i]).then(() => finish(slot, format, file)));
      }
    }
    for (const [i, fw] of input.frameworks.entries()) {
      for (const [j, format] of input.formats.entries()) {
        if (format === 'pdf') continue;
        const file = path.join(dir, `${fw.id}.${REPORT_EXTENSIONS[format]}`);
        await renderFile(format, vms[i]!, results, file, input, resources);
        pending.push(finish(i * input.formats.length + j, format, file));
      }
    }
  } catch (error) {
    failure = { error };
  }
  // A failure leaves no child running, no file half-stored and no temporary file behind.
  const settled = await Promise.allSettled([...pending, ...pdfs]);
  await ownPool?.close();
  if (failure) throw failure.error;
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  // The written files and the stored record keep the report order, whatever order they finished in.
  for (const s of slots) {
    written.push(s.file);
    if (s.stored) input.stored?.push(s.stored);
  }
  return written;
}
