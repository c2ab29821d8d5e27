// Builds the report view model for one (run, framework): a pure function of the run's stored
// results, the catalog and the manifest facts. Every format renders this and decides nothing.
import type { Framework } from '../catalog/schema.ts';
import type { CheckResult, RunResults } from '../run/results.ts';
import { checkStatus, countStatuses } from '../evaluate/rollup.ts';
import type { CheckView, ControlView, ReportViewModel } from './types.ts';

export interface ViewModelInput {
  results: RunResults;
  framework: Framework;
  manifest: { key: string; sha256: string; signatureKey: string };
  signer: { algorithm: string; keyId: string; publicKeyFingerprint: string; publicKeyFile: string };
  store: string;
  previousRunId: string | null;
  /** Non-compliant resources listed per check before "and N more". */
  failingResourceCap?: number;
}

function checkView(c: CheckResult | undefined, id: string, cap: number): CheckView {
  if (!c) {
    return { id, title: id, kind: id.startsWith('config:') ? 'config-rule' : 'api', status: 'ERROR', targets: [], failingResources: [], failingResourcesOmitted: 0 };
  }
  const failing = c.targets.flatMap((t) =>
    t.results
      .filter((r) => r.compliance === 'NON_COMPLIANT')
      .map((r) => ({ account: t.account, region: t.region, resourceType: r.resourceType, resourceId: r.resourceId, ...(r.annotation ? { annotation: r.annotation } : {}) })),
  );
  return {
    id: c.id,
    title: c.title,
    kind: c.kind,
    status: checkStatus(c),
    targets: c.targets.map((t) => ({
      account: t.account,
      region: t.region,
      status: t.status,
      counts: t.counts,
      ...(t.reason ? { reason: t.reason } : {}),
      evidenceKeys: t.evidenceKeys,
    })),
    failingResources: failing.slice(0, cap),
    failingResourcesOmitted: Math.max(0, failing.length - cap),
  };
}

export function buildViewModel(input: ViewModelInput): ReportViewModel {
  const { results, framework } = input;
  const cap = input.failingResourceCap ?? 25;
  const fr = results.frameworks.find((f) => f.id === framework.id);
  if (!fr) throw new Error(`run ${results.runId} has no results for framework ${framework.id}`);
  const statusById = new Map(fr.controls.map((c) => [c.id, c]));
  const checksById = new Map(results.checks.map((c) => [c.id, c]));

  const controls: ControlView[] = framework.controls.map((c) => {
    const r = statusById.get(c.id);
    return {
      id: c.id,
      title: c.title,
      ...(c.description ? { description: c.description } : {}),
      status: r?.status ?? 'ERROR',
      statusReason: r?.reason ?? 'no result recorded for this control in the run',
      manual: c.manual || c.checks.length === 0,
      ...(c.guidance ? { guidance: c.guidance } : {}),
      checks: c.checks.map((id) => checkView(checksById.get(id), id, cap)),
    };
  });
  const byStatus = countStatuses(controls);
  const judged = byStatus.PASS + byStatus.FAIL;
  const usedChecks = new Set(framework.controls.flatMap((c) => c.checks));
  const usedKeys = new Set(results.checks.filter((c) => usedChecks.has(c.id)).flatMap((c) => c.targets.flatMap((t) => t.evidenceKeys)));

  return {
    schema: 'report-view/v1',
    generatedAt: results.finishedAt,
    toolVersion: results.toolVersion,
    framework: { id: framework.id, name: framework.name, version: framework.version, ...(framework.description ? { description: framework.description } : {}) },
    run: {
      runId: results.runId,
      startedAt: results.startedAt,
      finishedAt: results.finishedAt,
      status: results.status,
      store: input.store,
      previousRunId: input.previousRunId,
    },
    scope: results.scope,
    signer: { algorithm: input.signer.algorithm, keyId: input.signer.keyId },
    summary: { total: controls.length, byStatus, passRate: judged === 0 ? null : byStatus.PASS / judged },
    controls,
    coverage: {
      collections: results.coverage.collections.map((c) => ({
        account: c.account,
        region: c.region,
        collector: c.collector,
        status: c.status,
        calls: c.calls,
        failedCalls: c.failedCalls,
        ...(c.reason ? { reason: c.reason } : {}),
      })),
      failures: results.coverage.collections
        .filter((c) => c.status === 'failed')
        .map((c) => ({ account: c.account, region: c.region, collector: c.collector, ...(c.operation ? { operation: c.operation } : {}), reason: c.reason ?? 'unknown' })),
      rulesNotDeployed: results.coverage.rulesNotDeployed.filter((r) => usedChecks.has(`config:${r.sourceIdentifier}`)),
      controlsWithoutEvidence: controls
        .filter((c) => c.status === 'ERROR' || c.status === 'NO_EVIDENCE' || c.status === 'MANUAL')
        .map((c) => ({ controlId: c.id, status: c.status, reason: c.statusReason })),
    },
    evidence: results.evidence
      .filter((e) => usedKeys.has(e.key))
      .map((e) => ({ key: e.key, versionId: e.versionId, sha256: e.sha256, collectedAt: e.collectedAt, size: e.size })),
    verification: {
      manifestKey: input.manifest.key,
      manifestSha256: input.manifest.sha256,
      manifestSignatureKey: input.manifest.signatureKey,
      publicKeyFingerprint: input.signer.publicKeyFingerprint,
      commands: [
        { label: 'Verify the whole run (hashes, manifest chain and signatures) with this tool', command: `evidence verify ${results.runId} --store <store-url> --public-key ${input.signer.publicKeyFile}` },
        {
          label: 'Verify this report with OpenSSL alone (Ed25519 over the file bytes; the signature is the "signature" field of the .sig file)',
          command: `grep '"signature"' ${framework.id}.pdf.sig | cut -d'"' -f4 | base64 -d > sig.bin && openssl pkeyutl -verify -pubin -inkey ${input.signer.publicKeyFile} -rawin -in ${framework.id}.pdf -sigfile sig.bin`,
        },
        { label: 'Check the manifest digest this report cites', command: `sha256sum manifest.json   # expect ${input.manifest.sha256}` },
      ],
    },
  };
}
