// Judges the CloudTrail events of the evidence window for activity by the root user.
// COMPLIANT: no recorded event made as the root user succeeded (failed root sign-ins are attempts, not use).
import { defineCheck } from './define.ts';
import type { TrailEvent } from '../domain/index.ts';

const field = (e: TrailEvent, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), e.CloudTrailEvent);

export const rootAccountNotUsed = defineCheck({
  id: 'root-account-not-used',
  title: 'The root user was not used in the evidence window',
  rationale: 'Day-to-day work should happen through IAM roles and users whose rights are limited and attributable; root activity means someone used the one identity that no policy restrains, which auditors expect to be rare and explained.',
  remediation: 'Review the events (CloudTrail console > Event history, or `aws cloudtrail lookup-events`) with the account owner, move that work to an IAM role, and alert on root use with an EventBridge rule matching userIdentity.type Root.',
  resourceType: 'AWS::::Account',
  uses: ['cloudtrail-events'],
  evaluate({ 'cloudtrail-events': ds }, target) {
    const base = { resourceType: 'AWS::::Account', resourceId: target.account };
    // Failed root sign-ins are attempts, not use; they show in the evidence either way.
    const found = ds.lookups
      .flatMap((l) => l.events.map((e) => ({ e, region: l.Region })))
      .filter(({ e }) => field(e, 'userIdentity', 'type') === 'Root' && field(e, 'responseElements', 'ConsoleLogin') !== 'Failure' && field(e, 'errorCode') === undefined);
    const used = found.map((f) => f.e);
    // IAM's events may have been read from another region's event history (the global-events region): say so.
    const where = (regions: string[]): string => (regions.some((r) => r !== target.region) ? ` in the event history of ${[...new Set(regions)].sort().join(', ')}` : '');
    const window = `${ds.StartTime} to ${ds.EndTime}`;
    if (used.length === 0) return { kind: 'evaluated', results: [{ ...base, compliance: 'COMPLIANT', annotation: `no root activity ${window}${where(ds.lookups.map((l) => l.Region))}` }] };
    const latest = used.map((e) => e.EventTime).sort().at(-1)!;
    const names = [...new Set(used.map((e) => e.EventName))].join(', ');
    return { kind: 'evaluated', results: [{ ...base, compliance: 'NON_COMPLIANT', annotation: `${used.length} root event(s) ${window}${where(found.map((f) => f.region))} (${names}; latest ${latest})` }] };
  },
});
