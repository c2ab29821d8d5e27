// The Audit Manager comparison as part of a run (config auditManager.compare, `run
// --auditmanager-compare`): the run collects the assessments dataset besides what its checks read,
// and the reports compare each framework with the assessments read back from the run's own
// evidence at the versions it pins, so `evidence report` from a stored run shows the same table
// without calling AWS.
import type { Framework } from '../catalog/index.ts';
import type { AuditManagerAssessment, DatasetId } from '../domain/index.ts';
import type { RunResults } from '../domain/index.ts';
import { sha256Hex, type EvidenceStore } from '../store/index.ts';
import { compareWithAuditManager, type AuditManagerComparison } from './compare.ts';
import { loadMapping, MappingError, type MappingFile } from './mapping.ts';
import { EvidenceError } from '../domain/index.ts';

export const AUDIT_MANAGER_DATASET = 'auditmanager-assessments' satisfies DatasetId;

/** A mapping file as loaded, with its path for error messages. */
export interface LoadedMapping {
  file: string;
  mapping: MappingFile;
}

const EVIDENCE_KEY = /^evidence\/[^/]+\/[^/]+\/auditmanager-assessments\.json$/;

export class AuditManagerEvidenceError extends EvidenceError {
  override readonly name = 'AuditManagerEvidenceError';
}

/**
 * Loads the mapping file and checks it fits the frameworks it will be applied to: it is applied
 * to the framework it names, or, naming none, to the only framework reported on (with several,
 * its control ids would be looked up in frameworks it was not written for). A mapping for a
 * framework not reported on this time is unused, not an error: the config's mapping stays valid
 * for `run -f other` or `report -f other`.
 */
export async function loadCompareMapping(file: string, frameworks: Framework[]): Promise<LoadedMapping> {
  const mapping = await loadMapping(file);
  if (mapping.framework === undefined && frameworks.length > 1) {
    throw new MappingError(`${file}: framework: name the framework the mapping is for; this run reports on several (${frameworks.map((f) => f.id).join(', ')})`);
  }
  const fw = mapping.framework === undefined ? frameworks[0] : frameworks.find((f) => f.id === mapping.framework);
  if (!fw) return { file, mapping };
  const ours = new Set(fw.controls.map((c) => c.id));
  mapping.controls.forEach((m, i) => {
    if (!ours.has(m.ours)) throw new MappingError(`${file}: controls.${i}.ours: ${fw.id} has no control ${JSON.stringify(m.ours)}`);
  });
  return { file, mapping };
}

/**
 * The assessments in the run's auditmanager-assessments evidence, each object read at its pinned
 * version and checked against its sha256; null when the run collected none (the comparison was
 * not asked for, or every collection failed: the coverage section says which).
 */
export async function readRunAssessments(store: EvidenceStore, results: RunResults): Promise<AuditManagerAssessment[] | null> {
  const refs = results.evidence.filter((e) => EVIDENCE_KEY.test(e.key));
  if (refs.length === 0) return null;
  const out: AuditManagerAssessment[] = [];
  for (const ref of refs) {
    const bytes = await store.get(ref.key, ref.versionId);
    const digest = sha256Hex(bytes);
    if (digest !== ref.sha256) throw new AuditManagerEvidenceError(`${ref.key} version ${ref.versionId} has sha256 ${digest}, but run ${results.runId} pins ${ref.sha256}`);
    let body: { data?: { assessments?: unknown } };
    try {
      body = JSON.parse(Buffer.from(bytes).toString('utf8')) as typeof body;
    } catch (err) {
      throw new AuditManagerEvidenceError(`${ref.key} version ${ref.versionId}: not JSON: ${(err as Error).message}`, { cause: err });
    }
    if (!Array.isArray(body.data?.assessments)) throw new AuditManagerEvidenceError(`${ref.key} version ${ref.versionId}: data.assessments is not a list`);
    out.push(...(body.data.assessments as AuditManagerAssessment[]));
  }
  return out;
}

/** Some entry of the mapping names a control of this assessment (by id or name, in its control set when given). */
function mappingMeets(mapping: MappingFile, a: AuditManagerAssessment): boolean {
  return mapping.controls.some((m) => a.controlSets.some((s) => (m.controlSet === undefined || s.id === m.controlSet) && s.controls.some((c) => c.id === m.theirs || c.name === m.theirs)));
}

/**
 * The comparison for one framework's report. The mapping applies only to the framework it is for,
 * and only to the assessments it was written for: those where some entry names a control. An
 * account holds assessments of other frameworks too (the sandbox's CIS one), where every entry
 * would fail to resolve; in an assessment the mapping does meet, an entry that does not resolve
 * is an error naming the file and entry.
 */
export function compareForReport(results: RunResults, framework: Framework, assessments: AuditManagerAssessment[], loaded: LoadedMapping | null, frameworks: Framework[]): AuditManagerComparison[] {
  const forThis = loaded && (loaded.mapping.framework ?? (frameworks.length === 1 ? frameworks[0]!.id : undefined)) === framework.id ? loaded : null;
  return assessments.flatMap((a) => {
    const mapping = forThis && mappingMeets(forThis.mapping, a) ? forThis : null;
    try {
      return compareWithAuditManager(results, framework, [a], mapping?.mapping ?? null);
    } catch (err) {
      // matchControls names the entry ("mapping file: controls.2.theirs: ..."); add which file and assessment.
      if (err instanceof MappingError && mapping) throw new MappingError(`${mapping.file}: assessment ${JSON.stringify(a.name)} (${a.id}): ${err.message}`, { cause: err });
      throw err;
    }
  });
}
