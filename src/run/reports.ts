// Writes the signed reports of a run: one per framework and format, into <out>/<runId>/ (with
// the public key and manifest beside them, so the folder verifies offline) and into the store.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Framework } from '../catalog/schema.ts';
import type { EvidenceStore } from '../store/store.ts';
import { keys } from '../store/manifest.ts';
import { encodeEnvelope, fingerprintOf, type Signer } from '../sign/signer.ts';
import { buildViewModel } from '../report/view-model.ts';
import { renderHtml } from '../report/html.ts';
import { renderPdf } from '../report/pdf.ts';
import type { RunResults } from './results.ts';

export type ReportFormat = 'html' | 'pdf';

export interface ReportInput {
  store: EvidenceStore;
  signer: Signer;
  results: RunResults;
  frameworks: Framework[];
  formats: ReportFormat[];
  outDir: string;
  failingResourceCap: number;
  previousRunId: string | null;
  manifest: { key: string; bytes: Uint8Array; sig: Uint8Array; sha256: string };
  publicKeyPem: string;
  now: () => Date;
}

export async function writeReports(input: ReportInput): Promise<string[]> {
  const { results, signer } = input;
  const runId = results.runId;
  const dir = path.resolve(input.outDir, runId);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'public-key.pem'), input.publicKeyPem);
  await fs.writeFile(path.join(dir, 'manifest.json'), input.manifest.bytes);
  await fs.writeFile(path.join(dir, 'manifest.json.sig'), input.manifest.sig);
  const written: string[] = [];
  for (const fw of input.frameworks) {
    const vm = buildViewModel({
      results,
      framework: fw,
      manifest: { key: input.manifest.key, sha256: input.manifest.sha256, signatureKey: keys.signature(input.manifest.key) },
      signer: { algorithm: signer.algorithm, keyId: signer.keyId, publicKeyFingerprint: fingerprintOf(input.publicKeyPem), publicKeyFile: 'public-key.pem' },
      store: input.store.url,
      previousRunId: input.previousRunId,
      failingResourceCap: input.failingResourceCap,
    });
    for (const format of input.formats) {
      const file = path.join(dir, `${fw.id}.${format}`);
      if (format === 'html') await fs.writeFile(file, renderHtml(vm));
      else await renderPdf(vm, file);
      const bytes = await fs.readFile(file);
      const sig = encodeEnvelope(await signer.sign(bytes, path.basename(file), input.now()));
      await fs.writeFile(`${file}.sig`, sig);
      const key = keys.report(runId, path.basename(file));
      await input.store.put(key, bytes, { contentType: format === 'html' ? 'text/html' : 'application/pdf' });
      await input.store.put(keys.signature(key), sig, { contentType: 'application/json' });
      written.push(file);
    }
  }
  return written;
}
