// Applies accepted risks (exceptions) and attestations to controls judged from evidence:
// - an unexpired exception turns FAIL into EXCEPTION, only when every failing resource of the
//   control is covered; it never hides ERROR or NO_EVIDENCE, and an expired one changes nothing
//   (the control stays FAIL and the exception is listed as expired);
// - a valid attestation turns MANUAL into ATTESTED; a missing or expired one leaves MANUAL.
// The exceptions file, the attestation files and the attached documents are stored in the
// evidence store and listed as the run's evidence, so the signed manifest pins them.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Control, Framework } from '../catalog/index.ts';
import type { EvidenceStore } from '../store/index.ts';
import type { AttestationRecord, CheckResult, CheckTargetResult, ControlResult, EvidenceRef, ExceptionRecord, SourceRef } from '../domain/index.ts';
import { evaluateControl } from './rollup.ts';
import { exceptionCovers, isExceptionActive, namesCheck, loadExceptions, type CatalogIndex, type ExceptionDef, type LoadedExceptions } from './exceptions.ts';
import { attestationState, loadAttestations, type AttestationDef, type LoadedAttestations } from './attestations.ts';
import { utcDate } from './yaml-source.ts';

export interface AcceptanceInput {
  exceptions?: LoadedExceptions | undefined;
  attestations?: LoadedAttestations | undefined;
}

/** An exception or attestation with the stored file it came from. */
export type SourcedException = ExceptionDef & { source: SourceRef };
export type SourcedAttestation = Omit<AttestationDef, 'document' | 'file' | 'line'> & { source: SourceRef; document?: AttestationRecord['document'] };

export interface AcceptanceContext {
  exceptions: SourcedException[];
  attestations: SourcedAttestation[];
  /** Observation date (UTC, YYYY-MM-DD): what "expired" and "valid" are judged against. */
  asOfDate: string;
}

/** A file name safe as the last segment of a store key. */
export function storeFileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.~]+/, '').slice(-120);
  return safe || 'file';
}

export const acceptanceKeys = {
  exceptions: (sha256: string, name: string) => `exceptions/${sha256}/${storeFileName(name)}`,
  attestation: (sha256: string, name: string) => `attestations/${sha256}/${storeFileName(name)}`,
};

/**
 * Stores the exceptions file, the attestation files and the attached documents (deduplicated by
 * content: `attestations/<sha256>/<filename>`), and returns the context to apply them with.
 */
export async function storeAcceptance(
  store: EvidenceStore,
  input: AcceptanceInput,
  asOf: Date,
  now: () => Date,
): Promise<{ context: AcceptanceContext; evidence: EvidenceRef[] }> {
  const evidence = new Map<string, EvidenceRef>();
  const put = async (keyOf: (sha: string) => string, bytes: Uint8Array, contentType: string): Promise<EvidenceRef> => {
    const sha = createHash('sha256').update(bytes).digest('hex');
    const key = keyOf(sha);
    const known = evidence.get(key);
    if (known) return known;
    const r = await store.put(key, bytes, { dedupe: true, contentType });
    const ref: EvidenceRef = { key, versionId: r.versionId, sha256: r.sha256, size: r.size, collectedAt: now().toISOString(), reused: r.reused };
    evidence.set(key, ref);
    return ref;
  };

  const exceptions: SourcedException[] = [];
  if (input.exceptions) {
    const ex = input.exceptions;
    const ref = await put((sha) => acceptanceKeys.exceptions(sha, ex.name), ex.bytes, 'application/yaml');
    for (const e of ex.exceptions) exceptions.push({ ...e, source: { file: ex.name, key: ref.key, line: e.line } });
  }

  const attestations: SourcedAttestation[] = [];
  if (input.attestations) {
    const fileRefs = new Map<string, EvidenceRef>();
    for (const f of input.attestations.files) {
      fileRefs.set(f.file, await put((sha) => acceptanceKeys.attestation(sha, f.name), f.bytes, 'application/yaml'));
    }
    for (const a of input.attestations.attestations) {
      const from = fileRefs.get(a.file);
      if (!from) throw new Error(`attestation file ${a.file} was not loaded`);
      let document: AttestationRecord['document'];
      if (a.document) {
        const bytes = await readFile(a.document.path);
        const d = await put((sha) => acceptanceKeys.attestation(sha, a.document!.name), bytes, 'application/octet-stream');
        document = { name: a.document.name, key: d.key, versionId: d.versionId, sha256: d.sha256, size: d.size };
      }
      const { document: _doc, file: _file, line, ...rest } = a;
      attestations.push({ ...rest, source: { file: from.key.slice(from.key.lastIndexOf('/') + 1), key: from.key, line }, ...(document ? { document } : {}) });
    }
  }
  const ordered = [...evidence.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  return { context: { exceptions, attestations, asOfDate: utcDate(asOf) }, evidence: ordered };
}

interface Failing {
  checkId: string;
  target: CheckTargetResult;
  resourceType: string;
  resourceId: string;
}

function failingResources(control: Control, checks: Map<string, CheckResult>): Failing[] {
  const out: Failing[] = [];
  for (const checkId of control.checks) {
    for (const target of checks.get(checkId)?.targets ?? []) {
      for (const r of target.results) {
        if (r.compliance === 'NON_COMPLIANT') out.push({ checkId, target, resourceType: r.resourceType, resourceId: r.resourceId });
      }
    }
  }
  return out;
}

const inScope = (e: ExceptionDef, f: Failing): boolean => e.control !== undefined || namesCheck(e.check!, f.checkId);
const covers = (e: ExceptionDef, f: Failing): boolean => exceptionCovers(e, f.checkId, f.target.account, f.target.region, f);

function describeException(e: ExceptionDef): string {
  return `${e.id} (approved by ${e.approver}, expires ${e.expires}): ${e.reason}`;
}

function applyExceptions(fw: Framework, control: Control, evaluated: ControlResult, checks: Map<string, CheckResult>, ctx: AcceptanceContext): ControlResult {
  const named = ctx.exceptions.filter(
    (e) => (e.framework === undefined || e.framework === fw.id) && (e.control !== undefined ? e.control === control.id : control.checks.some((id) => namesCheck(e.check!, id))),
  );
  if (named.length === 0) return evaluated;
  const failing = failingResources(control, checks);
  const records: ExceptionRecord[] = named.map((e) => {
    const scoped = failing.filter((f) => inScope(e, f));
    const { line: _line, source, ...def } = e;
    return {
      ...def,
      state: isExceptionActive(e.expires, ctx.asOfDate) ? 'active' : 'expired',
      failingResources: scoped.length,
      coveredResources: scoped.filter((f) => covers(e, f)).length,
      source,
    };
  });
  const active = named.filter((e) => isExceptionActive(e.expires, ctx.asOfDate));
  const expired = named.filter((e) => !isExceptionActive(e.expires, ctx.asOfDate));
  const expiredNote = expired.length ? `; exception ${expired.map((e) => `${e.id} expired on ${e.expires}`).join(', ')}` : '';
  if (evaluated.status !== 'FAIL' || active.length === 0) {
    return { ...evaluated, reason: evaluated.status === 'FAIL' ? `${evaluated.reason}${expiredNote}` : evaluated.reason, exceptions: records };
  }

  // Re-judge with every target whose failing resources are all covered read as passing: what
  // remains decides. Only if nothing else fails, errs or lacks evidence does it read EXCEPTION.
  const isCovered = (f: Failing): boolean => active.some((e) => covers(e, f));
  const covered = failing.filter(isCovered);
  const usedIds = new Set(active.filter((e) => failing.some((f) => covers(e, f))).map((e) => e.id));
  const adjusted = new Map(checks);
  for (const checkId of control.checks) {
    const c = checks.get(checkId);
    if (!c) continue;
    adjusted.set(checkId, {
      ...c,
      targets: c.targets.map((t) =>
        t.status === 'FAIL' && failing.filter((f) => f.checkId === checkId && f.target === t).every(isCovered) ? { ...t, status: 'PASS' as const } : t,
      ),
    });
  }
  const rejudged = evaluateControl(control, adjusted);
  const used = active.filter((e) => usedIds.has(e.id));
  let result: ControlResult;
  if (rejudged.status === 'PASS') {
    result = { id: control.id, status: 'EXCEPTION', reason: `accepted risk, all ${failing.length} failing resource(s) covered: ${used.map(describeException).join('; ')}`, evaluatedStatus: 'FAIL' };
  } else if (rejudged.status === 'FAIL') {
    const note = covered.length > 0 ? `; exception ${[...usedIds].join(', ')} cover(s) ${covered.length} of ${failing.length} failing resources, not all` : `; no active exception covers its failing resources`;
    result = { id: control.id, status: 'FAIL', reason: `${rejudged.reason}${note}${expiredNote}` };
  } else {
    // ERROR or NO_EVIDENCE elsewhere in the control: an exception never hides it.
    result = { id: control.id, status: rejudged.status, reason: `${rejudged.reason} (its failing resources are covered by exception ${[...usedIds].join(', ')})`, evaluatedStatus: 'FAIL' };
  }
  return { ...result, exceptions: records };
}

const STATE_ORDER = { valid: 0, 'not-yet-valid': 1, expired: 2 } as const;

function applyAttestations(fw: Framework, control: Control, evaluated: ControlResult, ctx: AcceptanceContext): ControlResult {
  const mine = ctx.attestations.filter((a) => a.framework === fw.id && a.control === control.id);
  if (mine.length === 0) return evaluated;
  const records: AttestationRecord[] = mine
    .map((a): AttestationRecord => ({ ...a, state: attestationState(a, ctx.asOfDate) }))
    // The one relied on first: valid before others, then the most recent.
    .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || (a.date < b.date ? 1 : a.date > b.date ? -1 : 0) || (a.source.line - b.source.line));
  if (evaluated.status !== 'MANUAL') return { ...evaluated, attestations: records };
  const best = records[0]!;
  if (best.state === 'valid') {
    return {
      id: control.id,
      status: 'ATTESTED',
      reason: `attested by ${best.attester} on ${best.date}, valid until ${best.validUntil}: ${best.statement}`,
      evaluatedStatus: 'MANUAL',
      attestations: records,
    };
  }
  const why =
    best.state === 'expired'
      ? `the attestation by ${best.attester} expired on ${best.validUntil}`
      : `the attestation by ${best.attester} is dated ${best.date}, after the observation date ${ctx.asOfDate}`;
  return { ...evaluated, reason: `manual control: needs a valid attestation; ${why}`, attestations: records };
}

/** The control's result after exceptions and attestations; unchanged when none name it. */
export function applyAcceptance(fw: Framework, control: Control, evaluated: ControlResult, checks: Map<string, CheckResult>, ctx: AcceptanceContext): ControlResult {
  return applyAttestations(fw, control, applyExceptions(fw, control, evaluated, checks, ctx), ctx);
}

/** Loads and validates the configured exceptions file and attestations file or folder (absolute paths). */
export async function loadAcceptance(paths: { exceptions?: string | undefined; attestations?: string | undefined }, catalog: CatalogIndex): Promise<AcceptanceInput> {
  return {
    ...(paths.exceptions ? { exceptions: await loadExceptions(paths.exceptions, catalog) } : {}),
    ...(paths.attestations ? { attestations: await loadAttestations(paths.attestations, catalog) } : {}),
  };
}
