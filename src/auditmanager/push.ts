// `evidence auditmanager push`: imports a stored run's evidence into an Audit Manager assessment
// as manual evidence, control by control. It respects the API's batch size (50) and the daily
// quota (100 imports per control per UTC day, counted from the control's evidence folders), never
// imports an item twice (the ledger), and reports per control what was imported, skipped (already
// there), deferred (over today's quota: the next push on a later day imports it) and rejected (a
// per-item error from the API; retried by the next push too, since it is not in the ledger).
import {
  BatchImportEvidenceToAssessmentControlCommand,
  GetAssessmentCommand,
  GetEvidenceFoldersByAssessmentControlCommand,
  type AuditManagerClient,
} from '@aws-sdk/client-auditmanager';
import type { Framework } from '../catalog/index.ts';
import type { EvidenceStore } from '../store/index.ts';
import type { Logger } from '../util/index.ts';
import { LIMITS } from './limits.ts';
import { chooseFramework, matchControls, type AssessmentShape, type MappingFile } from './mapping.ts';
import { itemsForControl, sameEvidence, type PushItem, type RunFacts } from './items.ts';
import { readLedger, writeLedger } from './ledger.ts';
import { EvidenceError } from '../domain/index.ts';

export interface PushInput extends RunFacts {
  client: AuditManagerClient;
  store: EvidenceStore;
  assessmentId: string;
  /** The run's frameworks as the catalog has them. */
  frameworks: Framework[];
  framework?: string;
  mapping?: MappingFile | null;
  mappingSource?: string;
  /** The AWS side's clock: which UTC day's quota applies. */
  now: () => Date;
  log?: Logger;
}

export interface ControlPush {
  ours: string;
  controlSetId: string;
  controlId: string;
  controlName: string;
  matchedBy: 'id' | 'mapping';
  items: number;
  imported: number;
  skipped: number;
  deferred: number;
  rejected: { errorCode: string; errorMessage: string; identity: string }[];
  /** Manual imports Audit Manager had counted for this control today before this push. */
  usedToday: number;
  message: string;
}

export interface PushReport {
  assessmentId: string;
  assessmentName: string;
  framework: string;
  runId: string;
  day: string;
  controls: ControlPush[];
  /** Assessment controls no control of ours matched. */
  unmatched: { controlSetId: string; controlId: string; name: string }[];
  totals: { items: number; imported: number; skipped: number; deferred: number; rejected: number };
}

export class PushError extends EvidenceError {
  override readonly name = 'PushError';
}

/** A per-item error that means "over today's quota" rather than "this item is wrong". */
export function isQuotaError(e: { errorCode?: string; errorMessage?: string }): boolean {
  return e.errorCode === '429' || /\b(quota|limit)\b/i.test(e.errorMessage ?? '');
}

async function manualImportsOn(client: AuditManagerClient, assessmentId: string, controlSetId: string, controlId: string, day: string): Promise<number> {
  let n = 0;
  let nextToken: string | undefined;
  do {
    const out = await client.send(new GetEvidenceFoldersByAssessmentControlCommand({ assessmentId, controlSetId, controlId, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }));
    for (const f of out.evidenceFolders ?? []) if (f.date && f.date.toISOString().slice(0, 10) === day) n += f.evidenceByTypeManualCount ?? 0;
    nextToken = out.nextToken;
  } while (nextToken);
  return n;
}

function message(c: Omit<ControlPush, 'message'>): string {
  const parts = [`${c.imported} imported`, `${c.skipped} already there`];
  if (c.deferred) parts.push(`${c.deferred} deferred: Audit Manager takes ${LIMITS.dailyManualEvidence} manual evidence imports per control per day (${c.usedToday} were already used today); the next push on a later day imports them`);
  if (c.rejected.length) parts.push(`${c.rejected.length} rejected: ${[...new Set(c.rejected.map((r) => `${r.errorCode} ${r.errorMessage}`))].join('; ')} (retried by the next push)`);
  return parts.join(', ');
}

export async function pushRun(input: PushInput): Promise<PushReport> {
  const { client, assessmentId } = input;
  const got = (await client.send(new GetAssessmentCommand({ assessmentId }))).assessment;
  const meta = got?.metadata;
  if (meta?.status && meta.status !== 'ACTIVE') throw new PushError(`assessment ${assessmentId} (${meta.name ?? ''}) is ${meta.status}: Audit Manager takes manual evidence only into active assessments`);
  const shape: AssessmentShape = {
    controlSets: (got?.framework?.controlSets ?? []).map((s) => ({ id: s.id ?? '', controls: (s.controls ?? []).map((c) => ({ id: c.id ?? '', name: c.name ?? '' })) })),
  };
  const evaluated = input.frameworks.filter((f) => input.results.frameworks.some((r) => r.id === f.id));
  const framework = chooseFramework(evaluated, shape, input.framework ?? input.mapping?.framework);
  const matches = matchControls(framework, shape, input.mapping ?? null, input.mappingSource);
  const day = input.now().toISOString().slice(0, 10);
  const ledger = await readLedger(input.store, assessmentId);
  const byId = new Map(framework.controls.map((c) => [c.id, c]));
  const controls: ControlPush[] = [];

  for (const m of matches) {
    const items = itemsForControl(input, framework, byId.get(m.ours)!);
    const ledgerKey = `${m.controlSetId}/${m.controlId}`;
    const done = (ledger.controls[ledgerKey] ??= {});
    const pending = items.filter((i) => !done[i.identity]);
    const c: Omit<ControlPush, 'message'> = {
      ours: m.ours,
      controlSetId: m.controlSetId,
      controlId: m.controlId,
      controlName: m.controlName,
      matchedBy: m.how,
      items: items.length,
      imported: 0,
      skipped: items.length - pending.length,
      deferred: 0,
      rejected: [],
      usedToday: 0,
    };
    if (pending.length > 0) {
      c.usedToday = await manualImportsOn(client, assessmentId, m.controlSetId, m.controlId, day);
      const room = Math.max(0, LIMITS.dailyManualEvidence - c.usedToday);
      const now = pending.slice(0, room);
      c.deferred = pending.length - now.length;
      for (let i = 0; i < now.length; i += LIMITS.importBatch) {
        const batch: PushItem[] = now.slice(i, i + LIMITS.importBatch);
        const out = await client.send(new BatchImportEvidenceToAssessmentControlCommand({ assessmentId, controlSetId: m.controlSetId, controlId: m.controlId, manualEvidence: batch.map((b) => b.evidence) }));
        const errors = out.errors ?? [];
        const at = new Date().toISOString();
        for (const item of batch) {
          const err = errors.find((e) => sameEvidence(e.manualEvidence, item.evidence));
          if (!err) {
            done[item.identity] = { at, runId: input.results.runId };
            c.imported += 1;
          } else if (isQuotaError(err)) c.deferred += 1;
          else c.rejected.push({ errorCode: err.errorCode ?? '', errorMessage: err.errorMessage ?? '', identity: item.identity });
        }
        if (errors.length < batch.length) await writeLedger(input.store, ledger);
      }
    }
    input.log?.info({ assessment: assessmentId, control: m.ours, controlId: m.controlId, imported: c.imported, skipped: c.skipped, deferred: c.deferred, rejected: c.rejected.length }, 'audit manager push');
    controls.push({ ...c, message: message(c) });
  }
  const paired = new Set(matches.map((m) => `${m.controlSetId}/${m.controlId}`));
  const sum = (k: 'items' | 'imported' | 'skipped' | 'deferred'): number => controls.reduce((n, c) => n + c[k], 0);
  return {
    assessmentId,
    assessmentName: meta?.name ?? '',
    framework: framework.id,
    runId: input.results.runId,
    day,
    controls,
    unmatched: shape.controlSets.flatMap((s) => s.controls.filter((c) => !paired.has(`${s.id}/${c.id}`)).map((c) => ({ controlSetId: s.id, controlId: c.id, name: c.name }))),
    totals: { items: sum('items'), imported: sum('imported'), skipped: sum('skipped'), deferred: sum('deferred'), rejected: controls.reduce((n, c) => n + c.rejected.length, 0) },
  };
}
