// Builds the report view model for one (run, framework): a pure function of the run's stored
// results, the catalog and the manifest facts. Every format renders this and decides nothing.
import type { Baseline, CheckPair, Framework } from '../catalog/index.ts';
import { controlsIn, resolveCheck } from '../catalog/index.ts';
import type { CheckResult, CheckTargetResult, ControlResult, ControlStatus, ExceptionRecord, RunResults } from '../domain/index.ts';
import { CommandLineError } from '../domain/index.ts';
import { checkStatus, countStatuses } from '../evaluate/index.ts';
import { passRate } from '../domain/index.ts';
import { exceptionCovers } from '../evaluate/index.ts';
import type { AuditManagerComparison } from '../auditmanager/index.ts';
import { agreementView } from './agreement.ts';
import type { CertificateView, ChangesView, CheckView, ControlView, CoverageView, EvidenceIndexEntry, FailingResource, ReportDetail, ReportViewModel, TargetGroup, TargetStatus } from './types.ts';

export interface ViewModelInput {
  results: RunResults;
  framework: Framework;
  /** The run's manifest; `signer` when the manifest was signed with another key than the reports. */
  manifest: { key: string; sha256: string; signatureKey: string; signer?: { algorithm: string; publicKeyFile: string } };
  signer: { algorithm: string; keyId: string; publicKeyFingerprint: string; publicKeyFile: string };
  store: string;
  previousRunId: string | null;
  /** Non-compliant resources listed per check before "and N more". */
  failingResourceCap?: number;
  /** config `organization.name` */
  organization?: string | null;
  /** The diff with the previous run (src/report/changes.ts), when there is one. */
  changes?: ChangesView | null;
  /** The PAdES signing certificate, when the PDF is signed with one. */
  pdfCertificate?: CertificateView | null;
  /** Audit Manager assessments of this framework compared with the run (src/auditmanager/compare.ts). */
  auditManager?: AuditManagerComparison[] | null;
  /** How deep the report goes (default: full). */
  detail?: ReportDetail;
  /** Report only the controls of this NIST SP 800-53B baseline; the framework must carry baselines. */
  baseline?: Baseline | null;
}

/** A baseline asked of a framework whose controls carry none: a usage mistake. */
export class BaselineNotApplicableError extends CommandLineError {}

/** Worst news first: the order groups of targets are listed in. */
const GROUP_ORDER: readonly TargetStatus[] = ['FAIL', 'ERROR', 'NO_EVIDENCE', 'PASS'];

/** Targets sharing a status, reason and evaluator become one group; failing groups first. */
export function groupTargets(targets: readonly Pick<CheckTargetResult, 'account' | 'region' | 'status' | 'reason' | 'source' | 'capturedAt' | 'counts' | 'evidenceKeys'>[], names: Record<string, string> = {}): TargetGroup[] {
  const groups = new Map<string, TargetGroup>();
  for (const t of targets) {
    const key = JSON.stringify([t.status, t.reason ?? '', t.source ?? '']);
    let g = groups.get(key);
    if (!g) {
      g = {
        status: t.status,
        ...(t.reason ? { reason: t.reason } : {}),
        ...(t.source ? { source: t.source } : {}),
        size: 0,
        of: targets.length,
        accounts: [],
        counts: { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 },
        evidenceKeys: [],
      };
      groups.set(key, g);
    }
    g.size += 1;
    let acct = g.accounts.find((a) => a.account === t.account);
    if (!acct) {
      const accountName = names[t.account];
      acct = { account: t.account, ...(accountName ? { accountName } : {}), regions: [] };
      g.accounts.push(acct);
    }
    acct.regions.push(t.region);
    for (const k of Object.keys(g.counts) as (keyof TargetGroup['counts'])[]) g.counts[k] += t.counts[k] ?? 0;
    for (const k of t.evidenceKeys) if (!g.evidenceKeys.includes(k)) g.evidenceKeys.push(k);
    if (t.capturedAt && (!g.capturedAt || t.capturedAt > g.capturedAt)) g.capturedAt = t.capturedAt;
  }
  const rank = (s: TargetStatus): number => GROUP_ORDER.indexOf(s);
  // Stable: groups of one status keep the order their first target had.
  return [...groups.values()].sort((a, b) => rank(a.status) - rank(b.status));
}

/** Whether a control's checks are shown at a detail level: summary shows none, failing only the failing and errored. */
function detailShown(detail: ReportDetail, status: ControlStatus, checks: readonly CheckView[]): boolean {
  if (detail === 'full') return true;
  if (detail === 'summary') return false;
  return status === 'FAIL' || status === 'ERROR' || checks.some((c) => c.status === 'FAIL' || c.status === 'ERROR');
}

/** Ids of the active exceptions of a control that cover this failing resource. */
export function coveringExceptionIds(exceptions: readonly ExceptionRecord[] | undefined, checkId: string, account: string, region: string, r: { resourceId: string; resourceType: string }): string[] {
  if (!exceptions?.length) return [];
  return exceptions.filter((e) => e.state === 'active' && exceptionCovers(e, checkId, account, region, r)).map((e) => e.id);
}

/** The check definition's rationale and remediation, for the reader of a failing result. */
function guidanceOf(id: string): Pick<CheckView, 'rationale' | 'remediation'> {
  const def = resolveCheck(id);
  if (!def || def.kind !== 'api') return {};
  return { rationale: def.rationale, remediation: def.remediation };
}

function withMapping(view: CheckView, pair: CheckPair | undefined): CheckView {
  return {
    ...view,
    ...(pair?.parameters ? { parameters: { ...pair.parameters } } : {}),
    ...(pair?.rationale ? { mappingRationale: pair.rationale } : {}),
    ...(pair?.source ? { mappingSource: pair.source } : {}),
  };
}

function checkView(c: CheckResult | undefined, id: string, cap: number, control: ControlResult | undefined, names: Record<string, string>): CheckView {
  if (!c) {
    return { id, title: id, kind: id.startsWith('config:') ? 'config-rule' : 'api', status: 'ERROR', ...guidanceOf(id), targets: [], groups: [], failingResources: [], failingResourcesOmitted: 0 };
  }
  const failing: FailingResource[] = [];
  let total = 0;
  for (const t of c.targets) {
    for (const r of t.results) {
      if (r.compliance !== 'NON_COMPLIANT') continue;
      total += 1;
      if (failing.length >= cap) continue;
      const ids = coveringExceptionIds(control?.exceptions, c.id, t.account, t.region, r);
      const accountName = names[t.account];
      failing.push({
        account: t.account,
        ...(accountName ? { accountName } : {}),
        region: t.region,
        resourceType: r.resourceType,
        resourceId: r.resourceId,
        ...(r.resourceName ? { resourceName: r.resourceName } : {}),
        ...(r.tags && Object.keys(r.tags).length > 0 ? { tags: r.tags } : {}),
        ...(r.annotation ? { annotation: r.annotation } : {}),
        ...(ids.length ? { exceptionIds: ids } : {}),
      });
    }
  }
  return {
    id: c.id,
    title: c.title,
    kind: c.kind,
    status: checkStatus(c),
    ...guidanceOf(c.id),
    targets: c.targets.map((t) => ({
      account: t.account,
      region: t.region,
      status: t.status,
      counts: t.counts,
      ...(t.reason ? { reason: t.reason } : {}),
      evidenceKeys: t.evidenceKeys,
      ...(t.source ? { source: t.source } : {}),
      ...(t.capturedAt ? { capturedAt: t.capturedAt } : {}),
    })),
    groups: groupTargets(c.targets, names),
    failingResources: failing,
    failingResourcesOmitted: total - failing.length,
  };
}

/** The AWS service a collector reads, from a recorded `service` or the collector id's first word. */
export function serviceOf(collection: { collector: string; service?: string }): string {
  if (collection.service) return collection.service;
  const id = collection.collector;
  if (id.startsWith('config-rule/') || id.startsWith('config-') || id === 'configuration-items') return 'config';
  if (id.startsWith('access-analyzer')) return 'access-analyzer';
  return id.split(/[-/]/)[0] || id;
}

function coverageView(results: RunResults, usedChecks: Set<string>, controls: ControlView[]): CoverageView {
  // managed rules the framework uses, with or without parameters
  const usedRules = new Set([...usedChecks].flatMap((id) => {
    const def = resolveCheck(id);
    return def?.kind === 'config-rule' ? [def.sourceIdentifier] : [];
  }));
  const collections = results.coverage.collections;
  const services = new Map<string, { service: string; collected: number; failed: number; accounts: Set<string>; regions: Set<string> }>();
  for (const c of collections) {
    const name = serviceOf(c as { collector: string; service?: string });
    const s = services.get(name) ?? { service: name, collected: 0, failed: 0, accounts: new Set<string>(), regions: new Set<string>() };
    if (c.status === 'collected') s.collected += 1;
    else if (c.status === 'failed') s.failed += 1;
    s.accounts.add(c.account);
    s.regions.add(c.region);
    services.set(name, s);
  }
  const o = results.coverage.calls.byOutcome;
  return {
    collections: collections.map((c) => ({
      account: c.account,
      region: c.region,
      collector: c.collector,
      status: c.status,
      calls: c.calls,
      failedCalls: c.failedCalls,
      ...(c.reason ? { reason: c.reason } : {}),
    })),
    failures: collections
      .filter((c) => c.status === 'failed')
      .map((c) => ({ account: c.account, region: c.region, collector: c.collector, ...(c.operation ? { operation: c.operation } : {}), reason: c.reason ?? 'unknown' })),
    services: [...services.values()]
      .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0))
      .map((s) => ({ service: s.service, collected: s.collected, failed: s.failed, accounts: [...s.accounts].sort(), regions: [...s.regions].sort() })),
    calls: {
      total: results.coverage.calls.calls,
      ok: o.ok ?? 0,
      retried: o.retried ?? 0,
      throttled: o.throttled ?? 0,
      denied: o.denied ?? 0,
      failed: o.failed ?? 0,
      notFound: o.not_found ?? 0,
    },
    rulesNotDeployed: results.coverage.rulesNotDeployed.filter((r) => usedRules.has(r.sourceIdentifier)),
    controlsWithoutEvidence: controls
      .filter((c) => c.status === 'ERROR' || c.status === 'NO_EVIDENCE' || c.status === 'MANUAL')
      .map((c) => ({ controlId: c.id, status: c.status, reason: c.statusReason })),
  };
}

function evidenceKind(key: string): EvidenceIndexEntry['kind'] {
  if (key.startsWith('attestations/')) return 'attestation';
  if (key.startsWith('exceptions/')) return 'exceptions';
  return 'aws';
}

export function buildViewModel(input: ViewModelInput): ReportViewModel {
  const { results } = input;
  const baseline = input.baseline ?? null;
  if (baseline && !input.framework.controls.some((c) => c.baselines)) {
    throw new BaselineNotApplicableError(`framework ${input.framework.id} has no baselines: --baseline applies to NIST SP 800-53 reports only`);
  }
  const framework: Framework = baseline ? { ...input.framework, controls: controlsIn(input.framework, baseline) } : input.framework;
  const detail = input.detail ?? 'full';
  const names = results.scope.accountNames ?? {};
  const cap = input.failingResourceCap ?? 25;
  const fr = results.frameworks.find((f) => f.id === framework.id);
  if (!fr) throw new Error(`run ${results.runId} has no results for framework ${framework.id}`);
  const statusById = new Map(fr.controls.map((c) => [c.id, c]));
  const checksById = new Map(results.checks.map((c) => [c.id, c]));

  const controls: ControlView[] = framework.controls.map((c) => {
    const r = statusById.get(c.id);
    const status = r?.status ?? 'ERROR';
    // pairs and checks are in the same order (a pair's check id carries its parameters)
    const checks = c.checks.map((id, j) => withMapping(checkView(checksById.get(id), id, cap, r, names), c.pairs?.[j]));
    return {
      id: c.id,
      title: c.title,
      ...(c.description ? { description: c.description } : {}),
      status,
      statusReason: r?.reason ?? 'no result recorded for this control in the run',
      ...(r?.evaluatedStatus ? { evaluatedStatus: r.evaluatedStatus } : {}),
      manual: c.manual || c.checks.length === 0,
      ...(c.guidance ? { guidance: c.guidance } : {}),
      checks,
      detailShown: detailShown(detail, status, checks),
      exceptions: r?.exceptions ?? [],
      attestations: r?.attestations ?? [],
    };
  });
  const byStatus = countStatuses(controls);
  const usedChecks = new Set(framework.controls.flatMap((c) => c.checks));
  const agreement = agreementView(results.checks, usedChecks);
  const usedKeys = new Set(results.checks.filter((c) => usedChecks.has(c.id)).flatMap((c) => c.targets.flatMap((t) => t.evidenceKeys)));
  const exceptionStates = new Map<string, 'active' | 'expired'>();
  const attestationStates = { valid: 0, expired: 0, notYetValid: 0 };
  for (const c of controls) {
    for (const e of c.exceptions) {
      exceptionStates.set(e.id, e.state);
      usedKeys.add(e.source.key);
    }
    for (const a of c.attestations) {
      if (a.state === 'valid') attestationStates.valid += 1;
      else if (a.state === 'expired') attestationStates.expired += 1;
      else attestationStates.notYetValid += 1;
      usedKeys.add(a.source.key);
      if (a.document) usedKeys.add(a.document.key);
    }
  }
  const states = [...exceptionStates.values()];
  const pades = input.pdfCertificate != null;
  const fwFile = framework.id;
  const pub = input.signer.publicKeyFile;
  const manifestSigner = input.manifest.signer ?? { algorithm: input.signer.algorithm, publicKeyFile: pub };
  const detached = (file: string, algorithm: string, key: string): string =>
    algorithm === 'ECDSA_P256_SHA256'
      ? `grep '"signature"' ${file}.sig | cut -d'"' -f4 | base64 -d > sig.der && openssl dgst -sha256 -verify ${key} -signature sig.der ${file}`
      : `grep '"signature"' ${file}.sig | cut -d'"' -f4 | base64 -d > sig.bin && openssl pkeyutl -verify -pubin -inkey ${key} -rawin -in ${file} -sigfile sig.bin`;
  const how = (algorithm: string): string => (algorithm === 'ECDSA_P256_SHA256' ? 'ECDSA P-256 with SHA-256, DER signature' : 'Ed25519 over the file bytes');

  return {
    schema: 'report-view/v1',
    generatedAt: results.finishedAt,
    toolVersion: results.toolVersion,
    organization: input.organization ? { name: input.organization } : null,
    framework: {
      id: framework.id,
      name: framework.name,
      version: framework.version,
      ...(framework.description ? { description: framework.description } : {}),
      ...(baseline ? { baseline: { id: baseline, controls: framework.controls.length, of: input.framework.controls.length } } : {}),
    },
    detail,
    run: {
      runId: results.runId,
      startedAt: results.startedAt,
      finishedAt: results.finishedAt,
      status: results.status,
      store: input.store,
      previousRunId: input.previousRunId,
      ...(results.shard ? { shard: { index: results.shard.index, count: results.shard.count, accounts: results.scope.accounts.length, of: results.shard.of.length } } : {}),
      ...(results.shards ? { mergedFrom: results.shards.map((s) => s.runId) } : {}),
      ...(results.resources ? { resourcesKey: results.resources.key } : {}),
    },
    scope: { accounts: results.scope.accounts, regions: results.scope.regions, accountNames: names },
    signer: { algorithm: input.signer.algorithm, keyId: input.signer.keyId, pdfCertificate: input.pdfCertificate ?? null },
    summary: {
      total: controls.length,
      byStatus,
      passRate: passRate(byStatus),
      changes: input.changes ?? null,
      exceptions: { active: states.filter((s) => s === 'active').length, expired: states.filter((s) => s === 'expired').length },
      attestations: attestationStates,
    },
    controls,
    coverage: { ...coverageView(results, usedChecks, controls), ...(input.auditManager?.length ? { auditManager: input.auditManager } : {}) },
    ...(agreement ? { agreement } : {}),
    evidence: results.evidence
      .filter((e) => usedKeys.has(e.key))
      .map((e) => ({ kind: evidenceKind(e.key), key: e.key, versionId: e.versionId, sha256: e.sha256, collectedAt: e.collectedAt, size: e.size })),
    verification: {
      manifestKey: input.manifest.key,
      manifestSha256: input.manifest.sha256,
      manifestSignatureKey: input.manifest.signatureKey,
      publicKeyFingerprint: input.signer.publicKeyFingerprint,
      pades,
      commands: [
        { label: 'Verify the whole run (hashes of every evidence object, manifest chain and signatures) with this tool', command: `evidence verify ${results.runId} --store <store-url> --public-key ${pub}` },
        { label: 'Verify the report files against their detached signatures with this tool', command: `evidence verify --file ${fwFile}.pdf ${fwFile}.html --public-key ${pub}` },
        {
          label: `Verify this report with OpenSSL alone (${how(input.signer.algorithm)}; the signature is the "signature" field of the .sig file; the same works for the .html, .csv and .json files)`,
          command: detached(`${fwFile}.pdf`, input.signer.algorithm, pub),
        },
        { label: `Verify the run manifest's signature with OpenSSL alone (${how(manifestSigner.algorithm)})`, command: detached('manifest.json', manifestSigner.algorithm, manifestSigner.publicKeyFile) },
        { label: 'Check the manifest digest this report cites', command: `sha256sum manifest.json   # expect ${input.manifest.sha256}` },
        { label: 'Confirm the public key is the one the signer published (SHA-256 of the DER key)', command: `openssl pkey -pubin -in ${pub} -outform DER | sha256sum   # expect ${input.signer.publicKeyFingerprint}` },
        ...(pades
          ? [{ label: 'Check the PDF\'s embedded PAdES signature with poppler (expect "Signature is Valid." and the certificate named on the cover; "Certificate issuer is unknown" only means your trust store does not hold the issuer)', command: `pdfsig ${fwFile}.pdf` }]
          : []),
      ],
    },
  };
}
