// The message `evidence notify test` sends: the shape of a real one, with invented figures and
// marked as a sample, so a receiver can be set up before the first regression.
import type { RunMessage } from './message.ts';
import { DETAIL_TYPES } from './message.ts';

export function sampleMessage(store: string, now: Date): RunMessage {
  const day = now.toISOString().slice(0, 10);
  const until = new Date(now.getTime() + 5 * 86_400_000).toISOString().slice(0, 10);
  const runId = `${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z-sample`;
  return {
    schema: 'run-notification/v1',
    event: DETAIL_TYPES.regression,
    runId,
    status: 'partial',
    startedAt: now.toISOString(),
    finishedAt: now.toISOString(),
    store,
    previousRunId: `${day.replace(/-/g, '')}T000000Z-sample`,
    frameworks: [
      { id: 'soc2', name: 'SOC 2', passRate: 0.8, previousPassRate: 0.85, change: -0.05 },
      { id: 'aws-baseline', name: 'AWS baseline', passRate: 0.9, previousPassRate: 0.9, change: 0 },
    ],
    regressions: { total: 1, controls: [{ framework: 'soc2', control: 'CC6.1', title: 'Logical access security (sample)', from: 'PASS', to: 'FAIL' }] },
    coverageLost: { total: 0, controls: [], targets: 0 },
    fixes: 0,
    lapsed: { exceptions: 0, attestations: 0 },
    expiring: { withinDays: 14, items: [{ framework: 'soc2', control: 'CC7.2', title: 'System monitoring (sample)', exception: 'EXC-SAMPLE', kind: 'exception', until, daysLeft: 5 }] },
    link: null,
    sample: true,
  };
}
