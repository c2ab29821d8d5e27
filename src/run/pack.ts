// The monthly review pack: one signed zip per month for the auditor (layout in pack-readme.ts).
// The month's runs are verified first (pack-runs.ts); the zip is streamed to disk entry by entry
// (pack-zip.ts); SHA256SUMS over every other file is signed with a raw signature that OpenSSL
// checks directly; the finished zip gets a detached signature envelope beside it.
import { createPublicKey } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Catalog } from '../catalog/index.ts';
import type { Framework } from '../catalog/index.ts';
import type { EvidenceStore } from '../store/index.ts';
import { keys } from '../store/index.ts';
import { encodeEnvelope, fingerprintOf, keyIdOf, parseEnvelope, verifyEnvelope, type Signer } from '../sign/index.ts';
import { readPinnedResults, writeReports, type ReportFormat } from './reports.ts';
import type { RunResults } from '../domain/index.ts';
import type { ReportDetail } from '../report/index.ts';
import { TOOL_VERSION } from '../util/index.ts';
import { PackInputError, type PackMonth } from '../history/index.ts';
import { chainAnchorOf, selectMonthRuns, type ExcludedRun, type IncludedRun } from '../history/index.ts';
import { buildSummary, type PackSummary } from '../history/index.ts';
import { diffRuns } from '../history/index.ts';
import { renderSummaryPdf } from '../history/index.ts';
import { carriedEvidence, indexRows, renderIndexCsv } from '../history/index.ts';
import { renderReadme } from '../history/index.ts';
import { createHashingZip, type HashingZip, renderSums } from '../history/index.ts';
import { PACK_SCHEMA, type PackMetadata } from '../history/index.ts';


export interface PackOptions {
  store: EvidenceStore;
  /** Signs SHA256SUMS and the zip (and re-rendered reports, if it comes to that). */
  signer: Signer;
  month: PackMonth;
  outDir: string;
  /** Trusted key for the runs' manifests; without it, the keys kept in the store. */
  publicKeyPem?: string;
  catalog: Catalog;
  /** Formats to render when the last complete run's stored reports are missing or do not verify. */
  formats: ReportFormat[];
  failingResourceCap: number;
  /** Depth of re-rendered HTML and PDF reports (config reports.detail). */
  detail?: ReportDetail;
  /** Carry every object the month's manifests pin in the zip (evidence/), listed with its digest in pack.json. */
  withEvidence?: boolean;
  organization?: string | null;
  now?: () => Date;
  log?: Logger;
}


export interface PackOutcome {
  zip: string;
  signature: string;
  sha256: string;
  size: number;
  month: string;
  included: string[];
  excluded: ExcludedRun[];
  reportsRunId: string;
  files: number;
  summary: PackSummary;
}

export const packFileName = (monthId: string): string => `evidence-pack-${monthId}.zip`;

interface PackFile {
  name: string;
  bytes: Uint8Array;
}

/** The stored, signed reports of a run, each checked against its signature; null (with why) when any is missing or bad. */
async function storedReports(store: EvidenceStore, runId: string, keyPem: (keyId: string) => Promise<string | null>): Promise<{ files: PackFile[] } | { problem: string }> {
  const listed = await store.list(`reports/${runId}/`);
  const reports = listed.filter((k) => !k.endsWith('.sig'));
  if (reports.length === 0) return { problem: `run ${runId} has no reports in the store` };
  const files: PackFile[] = [];
  for (const key of reports) {
    const name = path.posix.basename(key);
    if (!listed.includes(keys.signature(key))) return { problem: `${key} has no signature` };
    const bytes = await store.get(key);
    const sig = await store.get(keys.signature(key));
    const env = parseEnvelope(sig, keys.signature(key));
    const pem = await keyPem(env.keyId);
    if (!pem) return { problem: `${key} is signed by key ${env.keyId}, which is not in the store` };
    const verdict = verifyEnvelope(bytes, env, pem);
    if (!verdict.ok) return { problem: `${key}: ${verdict.reason}` };
    files.push({ name: `reports/${name}`, bytes }, { name: `reports/${name}.sig`, bytes: sig });
  }
  return { files };
}

async function renderedReports(o: PackOptions, run: IncludedRun, results: RunResults, manifestPem: string, tmp: string): Promise<PackFile[]> {
  const frameworks = results.frameworks.map((f) => o.catalog.byId.get(f.id)).filter((f): f is Framework => f !== undefined);
  const dir = path.join(tmp, 'reports');
  const written = await writeReports({
    store: o.store,
    signer: o.signer,
    results,
    frameworks,
    formats: o.formats,
    outDir: dir,
    exactDir: true,
    storeReports: false,
    failingResourceCap: o.failingResourceCap,
    ...(o.detail ? { detail: o.detail } : {}),
    previousRunId: run.manifest.previousManifest?.runId ?? null,
    manifest: { key: keys.manifest(run.runId), bytes: run.manifestBytes, sig: run.signatureBytes, sha256: run.manifestSha256 },
    publicKeyPem: manifestPem,
    now: o.now ?? (() => new Date()),
    organization: o.organization ?? null,
    ...(o.log ? { log: o.log } : {}),
  });
  const files: PackFile[] = [];
  for (const f of written) {
    files.push({ name: `reports/${path.basename(f)}`, bytes: await fs.readFile(f) }, { name: `reports/${path.basename(f)}.sig`, bytes: await fs.readFile(`${f}.sig`) });
  }
  return files;
}

export async function writePack(o: PackOptions): Promise<PackOutcome> {
  const now = o.now ?? (() => new Date());
  const createdAt = now();
  const { store, month, signer } = o;
  const runs = await selectMonthRuns(store, month, o.publicKeyPem ? { publicKeyPem: o.publicKeyPem } : {});
  const complete = runs.included.filter((r) => r.status === 'complete');
  if (complete.length === 0) {
    const seen = runs.included.length + runs.excluded.length;
    const why = [
      runs.included.length ? `${runs.included.length} verified run(s), none complete (${runs.included.map((r) => `${r.runId}: ${r.status}`).join(', ')})` : '',
      ...runs.excluded.map((r) => `${r.runId} excluded: ${r.reason}`),
    ].filter(Boolean);
    throw new PackInputError(`no complete, verified run in ${month.id} in ${store.url}${seen === 0 ? ': no run started in that month' : `: ${why.join('; ')}`}`);
  }
  o.log?.info({ month: month.id, included: runs.included.length, excluded: runs.excluded.length }, 'runs of the month verified');

  // Public keys by key id: the pinned one, the signer's, or the store's copy.
  const pems = new Map<string, string>();
  if (o.publicKeyPem) pems.set(keyIdOf(createPublicKey(o.publicKeyPem)), o.publicKeyPem);
  pems.set(signer.keyId, signer.publicKeyPem());
  const keyPem = async (keyId: string): Promise<string | null> => {
    if (!pems.has(keyId)) {
      try {
        const pem = Buffer.from(await store.get(keys.publicKey(keyId))).toString('utf8');
        if (keyIdOf(createPublicKey(pem)) !== keyId) return null;
        pems.set(keyId, pem);
      } catch {
        return null;
      }
    }
    return pems.get(keyId)!;
  };
  const usedKeys = new Set<string>([signer.keyId]);
  for (const r of runs.included) usedKeys.add(r.manifest.signer.keyId);

  const lastRun = complete.at(-1)!;
  const first = await readPinnedResults(store, complete[0]!.runId);
  const last = complete.length > 1 ? await readPinnedResults(store, lastRun.runId) : first;
  // Controls and resources that changed, exactly as `evidence diff` reads the two runs.
  const diff = complete.length > 1 ? await diffRuns(store, complete[0]!.runId, lastRun.runId, { catalog: o.catalog, ...(o.publicKeyPem ? { publicKeyPem: o.publicKeyPem } : {}) }) : null;
  const degraded: RunResults[] = [];
  for (const r of runs.included) if (r.status !== 'complete') degraded.push(await readPinnedResults(store, r.runId));

  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'evidence-pack-'));
  await fs.mkdir(path.resolve(o.outDir), { recursive: true });
  const zipPath = path.resolve(o.outDir, packFileName(month.id));
  const partial = `${zipPath}.partial-${process.pid}`;
  let zip: HashingZip | null = null;
  try {
    // Reports: the stored, signed ones; re-rendered (and signed now) only when they cannot be used.
    const stored = await storedReports(store, lastRun.runId, keyPem);
    let reportFiles: PackFile[];
    let reportsMeta: PackMetadata['reports'];
    if ('files' in stored) {
      reportFiles = stored.files;
      reportsMeta = { runId: lastRun.runId, source: 'store', files: [] };
    } else {
      o.log?.warn({ run: lastRun.runId, problem: stored.problem }, 'stored reports cannot be used; rendering them from the verified run');
      const manifestPem = (await keyPem(lastRun.manifest.signer.keyId)) ?? signer.publicKeyPem();
      reportFiles = await renderedReports(o, lastRun, last, manifestPem, tmp);
      reportsMeta = { runId: lastRun.runId, source: 're-rendered', note: stored.problem, files: [] };
    }
    reportsMeta.files = reportFiles.filter((f) => !f.name.endsWith('.sig')).map((f) => f.name);
    for (const f of reportFiles.filter((x) => x.name.endsWith('.sig'))) usedKeys.add(parseEnvelope(f.bytes, f.name).keyId);

    const catalogFw = (id: string): Framework | undefined => o.catalog.byId.get(id);
    const summary = buildSummary({
      month,
      included: runs.included,
      excluded: runs.excluded,
      first,
      last,
      degraded,
      titles: (fw, c) => catalogFw(fw)?.controls.find((x) => x.id === c)?.title,
      diff,
      organization: o.organization ?? null,
      store: store.url,
      generatedAt: createdAt,
      verification: { keySource: runs.keySource, keyFingerprints: runs.keyFingerprints, objectsVerified: runs.objectsVerified },
      earlierProblems: runs.earlierProblems.map((p) => `${p.kind}: ${p.message}`),
    });
    const summaryPdf = path.join(tmp, 'summary.pdf');
    await renderSummaryPdf(summary, summaryPdf);

    const signerKeyFile = keys.publicKey(signer.keyId);
    const meta: PackMetadata = {
      schema: PACK_SCHEMA,
      month: month.id,
      createdAt: createdAt.toISOString(),
      tool: { name: 'aws-evidence-collector', version: TOOL_VERSION },
      store: store.url,
      signer: { algorithm: signer.algorithm, keyId: signer.keyId, publicKey: signerKeyFile, fingerprint: fingerprintOf(signer.publicKeyPem()) },
      runs: runs.included.map((r) => ({ runId: r.runId, status: r.status, manifestSha256: r.manifestSha256 })),
      excluded: runs.excluded,
      chainAnchor: chainAnchorOf(runs),
      reports: reportsMeta,
      summary,
    };
    const rows = indexRows(runs.included);
    const carried = o.withEvidence ? carriedEvidence(rows) : [];
    if (o.withEvidence) meta.evidence = carried;

    zip = await createHashingZip(partial, createdAt);
    await zip.add('README.md', Buffer.from(
      renderReadme({
        zipName: packFileName(month.id),
        monthLabel: month.label,
        monthId: month.id,
        signer: { algorithm: signer.algorithm, keyId: signer.keyId, keyFile: signerKeyFile, fingerprint: meta.signer.fingerprint },
        runsIncluded: runs.included.length,
        runsExcluded: runs.excluded.length,
        reportsRunId: lastRun.runId,
        reportFiles: reportsMeta.files,
      }),
    ));
    await zip.add('pack.json', Buffer.from(JSON.stringify(meta, null, 2) + '\n'));
    await zip.add('summary.pdf', createReadStream(summaryPdf));
    await zip.add('evidence-index.csv', Buffer.from(renderIndexCsv(rows)));
    for (const keyId of [...usedKeys].sort()) {
      const pem = await keyPem(keyId);
      if (!pem) throw new PackInputError(`the public key ${keyId} is neither pinned nor in the store (${keys.publicKey(keyId)})`);
      await zip.add(keys.publicKey(keyId), Buffer.from(pem));
    }
    for (const r of runs.included) {
      await zip.add(`runs/${r.runId}/manifest.json`, r.manifestBytes);
      await zip.add(`runs/${r.runId}/manifest.json.sig`, r.signatureBytes);
      await zip.add(`runs/${r.runId}/results.json`, await store.getStream(r.manifest.results.key, r.manifest.results.versionId));
    }
    for (const f of reportFiles) await zip.add(f.name, f.bytes);
    // The exact pinned versions; pack verify checks each against the manifests' sha256.
    for (const e of carried) await zip.add(e.file, await store.getStream(e.key, e.versionId));

    const sums = renderSums(zip.sums());
    const sumsSig = await signer.sign(sums, 'SHA256SUMS', createdAt);
    await zip.add('SHA256SUMS', sums);
    await zip.add('SHA256SUMS.sig', Buffer.from(sumsSig.signature, 'base64'));
    const files = zip.sums().size;
    await zip.finish();

    // Ed25519 signs the whole message (no streaming form), so the finished zip is read back once.
    const bytes = await fs.readFile(partial);
    const envelope = await signer.sign(bytes, path.basename(zipPath), createdAt);
    await fs.rename(partial, zipPath);
    await fs.writeFile(`${zipPath}.sig`, encodeEnvelope(envelope));
    return {
      zip: zipPath,
      signature: `${zipPath}.sig`,
      sha256: envelope.sha256,
      size: bytes.byteLength,
      month: month.id,
      included: runs.included.map((r) => r.runId),
      excluded: runs.excluded,
      reportsRunId: lastRun.runId,
      files,
      summary,
    };
  } catch (err) {
    await zip?.abort();
    await fs.rm(partial, { force: true });
    throw err;
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
