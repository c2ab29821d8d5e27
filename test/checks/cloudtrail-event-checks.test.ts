// The checks over CloudTrail's event selectors and event history, with compliant and
// non-compliant inputs (DESIGN habit 5).
import { describe, expect, it } from 'vitest';
import { cloudtrailManagementEvents } from '../../src/checks/cloudtrail-management-events.ts';
import { rootAccountNotUsed } from '../../src/checks/root-account-not-used.ts';
import { consoleLoginMfa } from '../../src/checks/console-login-mfa.ts';
import type { CloudTrailEventsDataset, TrailEvent, TrailEventSelectors } from '../../src/domain/datasets.ts';
import type { CheckOutcome } from '../../src/domain/model.ts';

const target = { account: '111122223333', region: 'eu-west-1' };
const verdicts = (o: CheckOutcome): string[] => (o.kind === 'evaluated' ? o.results.map((r) => r.compliance) : [o.kind]);

describe('cloudtrail-management-events', () => {
  const trail = (over: Partial<TrailEventSelectors>): TrailEventSelectors => ({ TrailARN: 'arn:t', Name: 't', HomeRegion: 'us-east-1', IsMultiRegionTrail: true, EventSelectors: [], AdvancedEventSelectors: [], ...over });
  const run = (trails: TrailEventSelectors[]) => cloudtrailManagementEvents.evaluate({ 'cloudtrail-event-selectors': { trails } }, target);
  const basic = (ReadWriteType: string, IncludeManagementEvents = true) => [{ ReadWriteType, IncludeManagementEvents, DataResources: [], ExcludeManagementEventSources: [] }];
  it('passes with basic selectors recording all management events, or advanced ones on eventCategory Management', () => {
    expect(verdicts(run([trail({ EventSelectors: basic('All') })]))).toEqual(['COMPLIANT']);
    expect(verdicts(run([trail({ AdvancedEventSelectors: [{ Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] })]))).toEqual(['COMPLIANT']);
    expect(verdicts(run([trail({ Name: 'w', EventSelectors: basic('WriteOnly') }), trail({ EventSelectors: basic('All') })]))).toEqual(['COMPLIANT']);
  });
  it('fails with write-only, no management events, a readOnly filter, or no trail', () => {
    expect(run([trail({ EventSelectors: basic('WriteOnly') })])).toMatchObject({ results: [{ resourceType: 'AWS::::Account', resourceId: target.account, compliance: 'NON_COMPLIANT', annotation: expect.stringMatching(/t: WriteOnly/) }] });
    expect(verdicts(run([trail({ EventSelectors: basic('All', false) })]))).toEqual(['NON_COMPLIANT']);
    const readsOnly = [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] }];
    expect(verdicts(run([trail({ AdvancedEventSelectors: readsOnly })]))).toEqual(['NON_COMPLIANT']);
    expect(run([])).toMatchObject({ results: [{ compliance: 'NON_COMPLIANT', annotation: 'no trail in eu-west-1' }] });
  });
});

const event = (name: string, record: Record<string, unknown>): TrailEvent => ({ EventId: `${name}-${JSON.stringify(record).length}`, EventName: name, EventTime: '2026-11-01T03:00:00.000Z', Username: 'x', Resources: [], CloudTrailEvent: record });
const signIn = (type: string, mfa: string, ok = true) => event('ConsoleLogin', { userIdentity: { type }, responseElements: { ConsoleLogin: ok ? 'Success' : 'Failure' }, additionalEventData: { MFAUsed: mfa } });
const events = (list: TrailEvent[]): { 'cloudtrail-events': CloudTrailEventsDataset } => ({
  'cloudtrail-events': {
    StartTime: '2026-10-31T06:00:00.000Z',
    EndTime: '2026-11-01T06:00:00.000Z',
    lookups: [
      { EventName: 'ConsoleLogin', events: list.filter((e) => e.EventName === 'ConsoleLogin') },
      { EventName: 'PutUserPolicy', events: list.filter((e) => e.EventName === 'PutUserPolicy') },
    ],
  },
});

describe('root-account-not-used', () => {
  it('passes without root events in the window', () => {
    expect(rootAccountNotUsed.evaluate(events([signIn('IAMUser', 'Yes')]), target)).toMatchObject({ results: [{ resourceType: 'AWS::::Account', resourceId: target.account, compliance: 'COMPLIANT' }] });
  });
  it('fails on a root sign-in or a root API call, not on a failed root sign-in', () => {
    expect(verdicts(rootAccountNotUsed.evaluate(events([signIn('Root', 'Yes')]), target))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(rootAccountNotUsed.evaluate(events([event('PutUserPolicy', { userIdentity: { type: 'Root' } })]), target))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(rootAccountNotUsed.evaluate(events([signIn('Root', 'No', false)]), target))).toEqual(['COMPLIANT']);
  });
});

describe('console-login-mfa', () => {
  it('passes when every IAM user sign-in used MFA (federated sign-ins and failures aside)', () => {
    const o = consoleLoginMfa.evaluate(events([signIn('IAMUser', 'Yes'), signIn('AssumedRole', 'No'), signIn('IAMUser', 'No', false)]), target);
    expect(o).toMatchObject({ results: [{ resourceType: 'AWS::::Account', compliance: 'COMPLIANT', annotation: expect.stringMatching(/^1 IAM user console sign-in/) }] });
    expect(verdicts(consoleLoginMfa.evaluate(events([]), target))).toEqual(['COMPLIANT']);
  });
  it('fails on a successful IAM user sign-in without MFA', () => {
    expect(verdicts(consoleLoginMfa.evaluate(events([signIn('IAMUser', 'Yes'), signIn('IAMUser', 'No')]), target))).toEqual(['NON_COMPLIANT']);
  });
});
