// Seals a run: results stored, then the manifest naming every object (pinned version and
// sha256) and chaining to the previous manifest. Signature first, manifest last: a manifest
// present in the store is always a finished run, and nothing it names is missing.
import type { EvidenceStore } from '../store/store.ts';
import { encodeJson, keys, listRunIds, readManifest, type Manifest } from '../store/manifest.ts';
import { encodeEnvelope, type SignatureEnvelope, type Signer } from '../sign/signer.ts';
import type { RunResults } from './results.ts';

export interface FinalizeInput {
  store: EvidenceStore;
  signer: Signer;
  results: RunResults;
  identity: string;
  toolVersion: string;
  configDigest: string;
  now: () => Date;
}

export interface Finalized {
  manifestKey: string;
  manifestBytes: Uint8Array;
  manifestSig: SignatureEnvelope;
  publicKeyPem: string;
  previousId: string | null;
}

export async function finalizeRun(input: FinalizeInput): Promise<Finalized> {
  const { store, signer, results } = input;
  const runId = results.runId;
  const resultsKey = keys.results(runId);
  const resultsPut = await store.put(resultsKey, encodeJson(results), { contentType: 'application/json' });
  const publicKeyPem = signer.publicKeyPem();
  const publicKeyKey = keys.publicKey(signer.keyId);
  await store.put(publicKeyKey, Buffer.from(publicKeyPem), { dedupe: true, contentType: 'application/x-pem-file' });

  const previousId = (await listRunIds(store)).filter((id) => id < runId).at(-1) ?? null;
  let previousManifest: Manifest['previousManifest'] = null;
  if (previousId) {
    const prev = await readManifest(store, previousId);
    previousManifest = { runId: previousId, key: keys.manifest(previousId), versionId: prev.versionId, sha256: prev.sha256 };
  }
  const collections = results.coverage.collections;
  const calls = results.coverage.calls;
  const manifest: Manifest = {
    schema: 'run-manifest/v1',
    runId,
    startedAt: results.startedAt,
    finishedAt: results.finishedAt,
    status: results.status,
    tool: { name: 'aws-evidence-collector', version: input.toolVersion },
    configDigest: input.configDigest,
    scope: { accounts: results.scope.accounts, regions: results.scope.regions, identity: input.identity },
    frameworks: results.frameworks.map((f) => ({ id: f.id, version: f.version, controls: f.byStatus })),
    coverage: {
      collections: collections.length,
      failedCollections: collections.filter((c) => c.status === 'failed').length,
      rulesNotDeployed: results.coverage.rulesNotDeployed.length,
      calls: calls.calls,
      failedCalls: calls.calls - calls.byOutcome.ok - calls.byOutcome.retried,
    },
    objects: [
      ...results.evidence.map((e) => ({ key: e.key, versionId: e.versionId, sha256: e.sha256, size: e.size, collectedAt: e.collectedAt })),
      { key: resultsKey, versionId: resultsPut.versionId, sha256: resultsPut.sha256, size: resultsPut.size, collectedAt: results.finishedAt },
    ],
    results: { key: resultsKey, versionId: resultsPut.versionId, sha256: resultsPut.sha256 },
    previousManifest,
    signer: { algorithm: signer.algorithm, keyId: signer.keyId, publicKey: publicKeyKey },
  };
  const manifestKey = keys.manifest(runId);
  const manifestBytes = encodeJson(manifest);
  const manifestSig = await signer.sign(manifestBytes, 'manifest.json', input.now());
  await store.put(keys.signature(manifestKey), encodeEnvelope(manifestSig), { contentType: 'application/json' });
  await store.put(manifestKey, manifestBytes, { contentType: 'application/json' });
  return { manifestKey, manifestBytes, manifestSig, publicKeyPem, previousId };
}
