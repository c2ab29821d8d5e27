// Which LookupEvents queries each target of a run makes: IAM's events are in the event history of
// the partition's global-events region only, so they are read there once per account.
import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, GLOBAL_EVENT_NAMES, REGIONAL_EVENT_NAMES, eventLookups } from '../../src/domain/datasets.ts';
import { globalEventsRegion } from '../../src/domain/regions.ts';

const names = (region: string, regions: string[], where = region): string[] => eventLookups(region, regions).filter((l) => l.Region === where).map((l) => l.EventName);

describe('globalEventsRegion', () => {
  it("names each partition's global-events region", () => {
    expect(['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2'].map(globalEventsRegion)).toEqual(['us-east-1', 'us-east-1', 'us-east-1', 'us-east-1']);
    expect(['us-gov-east-1', 'us-gov-west-1'].map(globalEventsRegion)).toEqual(['us-gov-west-1', 'us-gov-west-1']);
    expect(['cn-northwest-1', 'cn-north-1'].map(globalEventsRegion)).toEqual(['cn-north-1', 'cn-north-1']);
  });
});

describe('eventLookups', () => {
  it('splits the names into regional and global ones, together every name once', () => {
    expect([...REGIONAL_EVENT_NAMES, ...GLOBAL_EVENT_NAMES].sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('reads every name in the global-events region and the regional ones elsewhere when the run collects it', () => {
    const regions = ['eu-west-1', 'us-east-1', 'eu-central-1'];
    expect(eventLookups('us-east-1', regions)).toEqual(EVENT_NAMES.map((EventName) => ({ EventName, Region: 'us-east-1' })));
    for (const r of ['eu-west-1', 'eu-central-1']) expect(eventLookups(r, regions)).toEqual(REGIONAL_EVENT_NAMES.map((EventName) => ({ EventName, Region: r })));
  });

  it("has the home region read IAM's events and the global sign-ins from the global-events region when the run does not collect it", () => {
    const regions = ['eu-west-1', 'eu-central-1'];
    expect(names('eu-west-1', regions)).toEqual([...REGIONAL_EVENT_NAMES]);
    expect(names('eu-west-1', regions, 'us-east-1')).toEqual(['ConsoleLogin', ...GLOBAL_EVENT_NAMES]);
    expect(eventLookups('eu-central-1', regions)).toEqual(REGIONAL_EVENT_NAMES.map((EventName) => ({ EventName, Region: 'eu-central-1' })));
    // each (name, region) is read by exactly one target of the account
    const all = regions.flatMap((r) => eventLookups(r, regions).map((l) => `${l.Region}/${l.EventName}`));
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((k) => k.endsWith('/CreateAccessKey'))).toEqual(['us-east-1/CreateAccessKey']);
  });

  it('follows the partition: GovCloud reads its global events in us-gov-west-1', () => {
    expect(names('us-gov-east-1', ['us-gov-east-1'], 'us-gov-west-1')).toEqual(['ConsoleLogin', ...GLOBAL_EVENT_NAMES]);
    expect(eventLookups('us-gov-west-1', ['us-gov-east-1', 'us-gov-west-1']).every((l) => l.Region === 'us-gov-west-1')).toBe(true);
    expect(names('us-gov-east-1', ['us-gov-east-1', 'us-gov-west-1'])).toEqual([...REGIONAL_EVENT_NAMES]);
  });
});
