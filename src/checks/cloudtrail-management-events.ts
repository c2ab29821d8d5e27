// Judges whether a logging trail records all management events for this region.
// COMPLIANT: some trail that covers this region (homed here, or multi-region from elsewhere) is
// logging (GetTrailStatus IsLogging, read in its home region) and its selectors keep every
// management event: no selectors configured at all (AWS then logs all management events), a basic
// selector with IncludeManagementEvents true, ReadWriteType All and no excluded event sources, or
// an advanced selector on eventCategory Management with no other field narrowing it.
import { defineCheck } from './define.ts';
import type { TrailEventSelectors } from '../domain/index.ts';

/** Whether a trail's selectors record every management event, reads and writes. */
export function recordsAllManagementEvents(t: TrailEventSelectors): boolean {
  if (t.EventSelectors.length === 0 && t.AdvancedEventSelectors.length === 0) return true;
  const basic = t.EventSelectors.some((s) => s.IncludeManagementEvents !== false && (s.ReadWriteType ?? 'All') === 'All' && s.ExcludeManagementEventSources.length === 0);
  const advanced = t.AdvancedEventSelectors.some((a) => {
    const category = a.FieldSelectors.find((f) => f.Field === 'eventCategory');
    // Any other field (readOnly, eventSource) keeps only part of the management events.
    return category?.Equals?.includes('Management') === true && a.FieldSelectors.every((f) => f.Field === 'eventCategory');
  });
  return basic || advanced;
}

function describeSelectors(t: TrailEventSelectors): string {
  if (t.EventSelectors.length === 0 && t.AdvancedEventSelectors.length === 0) return 'no selectors (all management events)';
  const basic = t.EventSelectors.map((s) => (s.IncludeManagementEvents === false ? 'no management events' : `${s.ReadWriteType ?? 'All'}${s.ExcludeManagementEventSources.length > 0 ? ` excluding ${s.ExcludeManagementEventSources.join(', ')}` : ''}`));
  return basic.join(', ') || 'advanced selectors without all management events';
}

export const cloudtrailManagementEvents = defineCheck({
  id: 'cloudtrail-management-events',
  title: 'A logging trail records all management events (read and write) in this region',
  rationale: 'Management events are the control-plane record of who changed or read configuration (IAM, networking, logging); a trail that skips them, only reads or only writes, or is stopped, leaves gaps auditors rely on to reconstruct changes.',
  remediation: 'Edit the trail\'s event selectors to include management events, read and write, and make sure it is logging: CloudTrail console > Trails > the trail > Management events > Edit > API activity: Read and Write, or `aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors \'[{"ReadWriteType":"All","IncludeManagementEvents":true}]\'` and `aws cloudtrail start-logging --name <trail>`.',
  resourceType: 'AWS::::Account',
  uses: ['cloudtrail-event-selectors', 'cloudtrail-trails'],
  evaluate({ 'cloudtrail-event-selectors': ds, 'cloudtrail-trails': status }, target) {
    const base = { resourceType: 'AWS::::Account', resourceId: target.account };
    const logging = new Map(status.trails.map((t) => [t.TrailARN, t.status.IsLogging]));
    const covering = ds.trails.filter((t) => t.HomeRegion === target.region || t.IsMultiRegionTrail);
    const good = covering.filter((t) => logging.get(t.TrailARN) === true && recordsAllManagementEvents(t));
    if (good.length > 0) return { kind: 'evaluated', results: [{ ...base, compliance: 'COMPLIANT', annotation: `recorded by ${good.map((t) => t.Name).join(', ')}` }] };
    const seen = covering.map((t) => {
      const state = logging.get(t.TrailARN) === true ? 'logging' : logging.has(t.TrailARN) ? 'not logging' : 'logging status unknown';
      return `${t.Name} (${state}): ${describeSelectors(t)}`;
    });
    return { kind: 'evaluated', results: [{ ...base, compliance: 'NON_COMPLIANT', annotation: seen.length > 0 ? `no logging trail records read and write management events (${seen.join('; ')})` : `no trail covers ${target.region}` }] };
  },
});
