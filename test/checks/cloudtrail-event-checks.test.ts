// The checks over CloudTrail's event selectors and event history, with compliant and
// non-compliant inputs (DESIGN habit 5).
import { describe, expect, it } from 'vitest';
import { cloudtrailManagementEvents } from '../../src/checks/cloudtrail-management-events.ts';
import { rootAccountNotUsed } from '../../src/checks/root-account-not-used.ts';
import { consoleLoginMfa } from '../../src/checks/console-login-mfa.ts';
import type { CloudTrailEventsDataset, TrailEvent, TrailEventSelectors, TrailWithStatus } from '../../src/domain/datasets.ts';
import type { CheckOutcome } from '../../src/domain/model.ts';

const target = { account: '111122223333', region: 'eu-west-1' };
const verdicts = (o: CheckOutcome): string[] => (o.kind === 'evaluated' ? o.results.map((r) => r.compliance) : [o.kind]);

describe('cloudtrail-management-events', () => {
  const trail = (over: Partial<TrailEventSelectors>): TrailEventSelectors => ({ TrailARN: `arn:${over.Name ?? 't'}`, Name: 't', HomeRegion: 'us-east-1', IsMultiRegionTrail: true, EventSelectors: basic('All'), AdvancedEventSelectors: [], ...over });
  const status = (t: TrailEventSelectors, IsLogging: boolean): TrailWithStatus => ({ Name: t.Name, TrailARN: t.TrailARN, HomeRegion: t.HomeRegion, IsMultiRegionTrail: t.IsMultiRegionTrail, IsOrganizationTrail: false, LogFileValidationEnabled: true, status: { IsLogging } });
  // Every trail is logging unless named in `stopped`.
  const run = (trails: TrailEventSelectors[], stopped: string[] = []) =>
    cloudtrailManagementEvents.evaluate({ 'cloudtrail-event-selectors': { trails }, 'cloudtrail-trails': { trails: trails.map((t) => status(t, !stopped.includes(t.Name))) } }, target);
  function basic(ReadWriteType: string, IncludeManagementEvents = true, ExcludeManagementEventSources: string[] = []) {
    return [{ ReadWriteType, IncludeManagementEvents, DataResources: [], ExcludeManagementEventSources }];
  }
  const advanced = (...FieldSelectors: { Field: string; Equals?: string[]; NotEquals?: string[] }[]) => [{ Name: 'mgmt', FieldSelectors }];
  it('passes a logging trail with basic selectors recording all management events, advanced ones on eventCategory Management, or no selectors', () => {
    expect(verdicts(run([trail({ EventSelectors: basic('All') })]))).toEqual(['COMPLIANT']);
    expect(verdicts(run([trail({ EventSelectors: [], AdvancedEventSelectors: advanced({ Field: 'eventCategory', Equals: ['Management'] }) })]))).toEqual(['COMPLIANT']);
    expect(verdicts(run([trail({ Name: 'w', EventSelectors: basic('WriteOnly') }), trail({ EventSelectors: basic('All') })]))).toEqual(['COMPLIANT']);
    // AWS logs all management events for a trail with no selectors configured
    expect(verdicts(run([trail({ EventSelectors: [] })]))).toEqual(['COMPLIANT']);
    // a single-region trail homed here covers this region
    expect(verdicts(run([trail({ HomeRegion: target.region, IsMultiRegionTrail: false })]))).toEqual(['COMPLIANT']);
  });
  it('fails with write-only, read-only, no management events, excluded event sources, or a narrowing advanced field', () => {
    expect(run([trail({ EventSelectors: basic('WriteOnly') })])).toMatchObject({ results: [{ resourceType: 'AWS::::Account', resourceId: target.account, compliance: 'NON_COMPLIANT', annotation: expect.stringMatching(/t \(logging\): WriteOnly/) }] });
    expect(verdicts(run([trail({ EventSelectors: basic('ReadOnly') })]))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(run([trail({ EventSelectors: basic('All', false) })]))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(run([trail({ EventSelectors: basic('All', true, ['kms.amazonaws.com']) })]))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(run([trail({ EventSelectors: [], AdvancedEventSelectors: advanced({ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }) })]))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(run([trail({ EventSelectors: [], AdvancedEventSelectors: advanced({ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }) })]))).toEqual(['NON_COMPLIANT']);
    expect(verdicts(run([trail({ EventSelectors: [], AdvancedEventSelectors: advanced({ Field: 'eventCategory', Equals: ['Data'] }) })]))).toEqual(['NON_COMPLIANT']);
  });
  it('fails when the only trail recording all management events is not logging', () => {
    const o = run([trail({ Name: 'all-stopped', EventSelectors: basic('All') }), trail({ Name: 'writes', EventSelectors: basic('WriteOnly') })], ['all-stopped']);
    expect(o).toMatchObject({ results: [{ compliance: 'NON_COMPLIANT', annotation: expect.stringMatching(/all-stopped \(not logging\)/) }] });
  });
  it('fails when the trail status was not read, or the trail does not cover this region', () => {
    const t = trail({ EventSelectors: basic('All') });
    const o = cloudtrailManagementEvents.evaluate({ 'cloudtrail-event-selectors': { trails: [t] }, 'cloudtrail-trails': { trails: [] } }, target);
    expect(o).toMatchObject({ results: [{ compliance: 'NON_COMPLIANT', annotation: expect.stringMatching(/logging status unknown/) }] });
    // a single-region trail homed elsewhere records nothing here
    expect(verdicts(run([trail({ HomeRegion: 'us-east-1', IsMultiRegionTrail: false })]))).toEqual(['NON_COMPLIANT']);
    expect(run([])).toMatchObject({ results: [{ compliance: 'NON_COMPLIANT', annotation: 'no trail covers eu-west-1' }] });
  });
});

const event = (name: string, record: Record<string, unknown>): TrailEvent => ({ EventId: `${name}-${JSON.stringify(record).length}`, EventName: name, EventTime: '2026-11-01T03:00:00.000Z', Username: 'x', Resources: [], CloudTrailEvent: record });
const signIn = (type: string, mfa: string, ok = true) => event('ConsoleLogin', { userIdentity: { type }, responseElements: { ConsoleLogin: ok ? 'Success' : 'Failure' }, additionalEventData: { MFAUsed: mfa } });
const events = (list: TrailEvent[]): { 'cloudtrail-events': CloudTrailEventsDataset } => ({
  'cloudtrail-events': {
    StartTime: '2026-10-31T06:00:00.000Z',
    EndTime: '2026-11-01T06:00:00.000Z',
    lookups: [
      { EventName: 'ConsoleLogin', Region: target.region, events: list.filter((e) => e.EventName === 'ConsoleLogin') },
      { EventName: 'PutUserPolicy', Region: target.region, events: list.filter((e) => e.EventName === 'PutUserPolicy') },
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

// A target outside us-east-1 whose run does not collect it: IAM's events and the global sign-ins
// are read from us-east-1's event history, in lookups of their own.
const fromGlobal = (local: TrailEvent[], global: TrailEvent[]): { 'cloudtrail-events': CloudTrailEventsDataset } => ({
  'cloudtrail-events': {
    StartTime: '2026-10-31T06:00:00.000Z',
    EndTime: '2026-11-01T06:00:00.000Z',
    lookups: [
      { EventName: 'ConsoleLogin', Region: target.region, events: local },
      { EventName: 'ConsoleLogin', Region: 'us-east-1', events: global.filter((e) => e.EventName === 'ConsoleLogin') },
      { EventName: 'CreateAccessKey', Region: 'us-east-1', events: global.filter((e) => e.EventName === 'CreateAccessKey') },
    ],
  },
});

describe('events read from the global-events region', () => {
  it('root-account-not-used fails on root activity found there, and says where it was read', () => {
    expect(rootAccountNotUsed.evaluate(fromGlobal([], [signIn('Root', 'Yes')]), target)).toMatchObject({ results: [{ compliance: 'NON_COMPLIANT', annotation: expect.stringMatching(/in the event history of us-east-1 \(ConsoleLogin;/) }] });
    expect(verdicts(rootAccountNotUsed.evaluate(fromGlobal([], [event('CreateAccessKey', { userIdentity: { type: 'Root' } })]), target))).toEqual(['NON_COMPLIANT']);
    expect(rootAccountNotUsed.evaluate(fromGlobal([signIn('IAMUser', 'Yes')], []), target)).toMatchObject({ results: [{ compliance: 'COMPLIANT', annotation: expect.stringMatching(/no root activity .* in the event history of eu-west-1, us-east-1$/) }] });
  });
  it('console-login-mfa counts the sign-ins of both regions, each once', () => {
    const o = consoleLoginMfa.evaluate(fromGlobal([signIn('IAMUser', 'Yes')], [signIn('IAMUser', 'No')]), target);
    expect(o).toMatchObject({ results: [{ compliance: 'NON_COMPLIANT', annotation: expect.stringMatching(/^1 sign-in\(s\) without MFA/) }] });
    expect(consoleLoginMfa.evaluate(fromGlobal([signIn('IAMUser', 'Yes')], [signIn('IAMUser', 'Yes')]), target)).toMatchObject({ results: [{ compliance: 'COMPLIANT', annotation: expect.stringMatching(/^2 IAM user console sign-in/) }] });
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
