// Judges whether the trails seen from this region record all management events.
// COMPLIANT: a trail homed here or multi-region from elsewhere has a basic selector including management events with ReadWriteType All, or an advanced selector on eventCategory Management without a readOnly filter.
import { defineCheck } from './define.ts';
import type { TrailEventSelectors } from '../domain/index.ts';

/** Whether a trail's selectors record every management event, reads and writes. */
export function recordsAllManagementEvents(t: TrailEventSelectors): boolean {
  const basic = t.EventSelectors.some((s) => s.IncludeManagementEvents !== false && (s.ReadWriteType ?? 'All') === 'All');
  const advanced = t.AdvancedEventSelectors.some((a) => {
    const category = a.FieldSelectors.find((f) => f.Field === 'eventCategory');
    // A readOnly field selector would keep only reads or only writes.
    return category?.Equals?.includes('Management') === true && !a.FieldSelectors.some((f) => f.Field === 'readOnly');
  });
  return basic || advanced;
}

// Trails seen from this region are those homed here and multi-region trails homed elsewhere
// (the collector lists shadow trails), so any of them recording all management events covers it.
export const cloudtrailManagementEvents = defineCheck({
  id: 'cloudtrail-management-events',
  title: 'A trail records all management events (read and write) in this region',
  rationale: 'Management events are the control-plane record of who changed or read configuration (IAM, networking, logging); a trail that skips them, or only reads or only writes, leaves gaps auditors rely on to reconstruct changes.',
  remediation: 'Edit the trail\'s event selectors to include management events, read and write: CloudTrail console > Trails > the trail > Management events > Edit > API activity: Read and Write, or `aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors \'[{"ReadWriteType":"All","IncludeManagementEvents":true}]\'`.',
  resourceType: 'AWS::::Account',
  uses: ['cloudtrail-event-selectors'],
  evaluate({ 'cloudtrail-event-selectors': ds }, target) {
    const base = { resourceType: 'AWS::::Account', resourceId: target.account };
    const good = ds.trails.filter(recordsAllManagementEvents);
    if (good.length > 0) return { kind: 'evaluated', results: [{ ...base, compliance: 'COMPLIANT', annotation: `recorded by ${good.map((t) => t.Name).join(', ')}` }] };
    const seen = ds.trails.map((t) => `${t.Name}: ${t.EventSelectors.map((s) => (s.IncludeManagementEvents === false ? 'no management events' : (s.ReadWriteType ?? 'All'))).join(', ') || 'advanced selectors without all management events'}`);
    return { kind: 'evaluated', results: [{ ...base, compliance: 'NON_COMPLIANT', annotation: seen.length > 0 ? `no trail records read and write management events (${seen.join('; ')})` : `no trail in ${target.region}` }] };
  },
});
