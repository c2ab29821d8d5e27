// runs/<id>/notifications.json: every delivery attempt of a run's notifications (first send and
// re-sends appended), written through the store after the run. A log of what was sent, not
// evidence: no manifest pins it and it is not signed.
import { keys, NotFoundError, type EvidenceStore } from '../store/index.ts';

export type DeliveryOutcome = 'delivered' | 'failed' | 'not-matched';

export interface DeliveryRecord {
  target: string;
  kind: 'sns' | 'webhook' | 'slack' | 'eventbridge' | 'metric';
  /** When the last attempt ended. */
  time: string;
  attempts: number;
  outcome: DeliveryOutcome;
  /** Why it failed (the last attempt's error) or was not sent (the filter). */
  detail?: string;
  /** The service's id for what it accepted (SNS MessageId, EventBridge EventId). */
  messageId?: string;
  /** After the run itself, or a re-send by `evidence notify --run`. */
  trigger: 'run' | 'resend';
}

export interface NotificationsRecord {
  schema: 'run-notifications/v1';
  runId: string;
  deliveries: DeliveryRecord[];
}

export async function readNotifications(store: EvidenceStore, runId: string): Promise<NotificationsRecord | null> {
  let bytes: Uint8Array;
  try {
    bytes = await store.get(keys.notifications(runId));
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
  const rec = JSON.parse(Buffer.from(bytes).toString('utf8')) as NotificationsRecord;
  if (rec.schema !== 'run-notifications/v1' || !Array.isArray(rec.deliveries)) throw new Error(`${keys.notifications(runId)}: not a run-notifications/v1 record`);
  return rec;
}

/** Appends deliveries to the run's record (a new version of the key). */
export async function appendNotifications(store: EvidenceStore, runId: string, deliveries: DeliveryRecord[]): Promise<NotificationsRecord> {
  let previous: DeliveryRecord[] = [];
  try {
    previous = (await readNotifications(store, runId))?.deliveries ?? [];
  } catch {
    // an unreadable record is replaced: the log must not stop the next delivery being recorded
  }
  const rec: NotificationsRecord = { schema: 'run-notifications/v1', runId, deliveries: [...previous, ...deliveries] };
  await store.put(keys.notifications(runId), Buffer.from(JSON.stringify(rec, null, 2) + '\n'));
  return rec;
}

/** "2/3 sent, 1 failed" for `runs list`: the latest record per target. */
export function deliverySummary(rec: NotificationsRecord | null): string {
  if (!rec) return '-';
  const last = new Map<string, DeliveryRecord>();
  for (const d of rec.deliveries) if (d.kind !== 'metric') last.set(d.target, d);
  const all = [...last.values()];
  const sent = all.filter((d) => d.outcome === 'delivered').length;
  const failed = all.filter((d) => d.outcome === 'failed').length;
  const matched = all.filter((d) => d.outcome !== 'not-matched').length;
  if (matched === 0) return all.length === 0 ? '-' : 'none matched';
  return `${sent}/${matched} sent${failed > 0 ? `, ${failed} failed` : ''}`;
}
