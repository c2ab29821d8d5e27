// What has been pushed into an assessment, kept in the evidence store (versioned like everything
// else) at auditmanager/<assessmentId>/pushed.json. Audit Manager's own manual evidence cannot be
// matched back to our items reliably (the API does not promise to return the text or S3 path of a
// manual import as sent), so the ledger is the record; it is rewritten after every accepted batch,
// so an interrupted push repeats at most one batch (≤ 50 items) of one control.
import type { EvidenceStore } from '../store/index.ts';
import { NotFoundError } from '../store/index.ts';
import { encodeJson } from '../store/index.ts';
import { EvidenceError } from '../domain/index.ts';

export interface LedgerEntry {
  /** When Audit Manager accepted it (ISO). */
  at: string;
  runId: string;
}

export interface Ledger {
  schema: 'auditmanager-pushed/v1';
  assessmentId: string;
  /** "<controlSetId>/<controlId>" → item identity → entry. */
  controls: Record<string, Record<string, LedgerEntry>>;
}

export const ledgerKey = (assessmentId: string): string => `auditmanager/${assessmentId}/pushed.json`;

export class LedgerError extends EvidenceError {
  override readonly name = 'LedgerError';
}

export async function readLedger(store: EvidenceStore, assessmentId: string): Promise<Ledger> {
  const key = ledgerKey(assessmentId);
  let bytes: Uint8Array;
  try {
    bytes = await store.get(key);
  } catch (err) {
    if (err instanceof NotFoundError) return { schema: 'auditmanager-pushed/v1', assessmentId, controls: {} };
    throw err;
  }
  let v: Ledger;
  try {
    v = JSON.parse(Buffer.from(bytes).toString('utf8')) as Ledger;
  } catch (err) {
    throw new LedgerError(`${key} in ${store.url} is not valid JSON: fix or remove it (a removed ledger makes the next push import everything again)`, { cause: err });
  }
  if (v?.schema !== 'auditmanager-pushed/v1' || v.assessmentId !== assessmentId || typeof v.controls !== 'object' || v.controls === null) {
    throw new LedgerError(`${key} in ${store.url} is not an auditmanager-pushed/v1 ledger of assessment ${assessmentId}`);
  }
  return v;
}

export async function writeLedger(store: EvidenceStore, ledger: Ledger): Promise<void> {
  await store.put(ledgerKey(ledger.assessmentId), encodeJson(ledger), { contentType: 'application/json' });
}
