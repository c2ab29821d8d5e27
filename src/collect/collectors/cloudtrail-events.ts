import { LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { allPages } from '../paging.ts';
import { defineCollector } from '../define.ts';
import { isoTime, pick } from '../absent.ts';
import { redact } from '../redact.ts';
import { EVENT_NAMES, WINDOW_MS, eventLookups, type TrailEvent } from '../../domain/index.ts';
import { malformedAnswer, timestamp, validated, z } from '../validate.ts';

export { EVENT_NAMES, WINDOW_MS };

/** LookupEvents answers at most 50 events a page. */
const PAGE = 50;


// The checks read who acted and how from the record itself: an event without a readable record
// (a JSON object naming its userIdentity) cannot be judged, so it fails the lookup.
const EVENTS = z.array(z.object({ EventId: z.string().min(1), EventName: z.string().min(1), EventTime: timestamp, CloudTrailEvent: z.string() }));

function parseRecord(text: string): Record<string, unknown> {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return malformedAnswer('cloudtrail', 'LookupEvents', 'CloudTrailEvent is not JSON');
  }
  if (!record || typeof record !== 'object' || Array.isArray(record)) return malformedAnswer('cloudtrail', 'LookupEvents', 'CloudTrailEvent is not an object');
  const identity = (record as Record<string, unknown>).userIdentity;
  if (!identity || typeof identity !== 'object') return malformedAnswer('cloudtrail', 'LookupEvents', 'CloudTrailEvent.userIdentity is missing');
  return record as Record<string, unknown>;
}

function toEvent(e: Event & { CloudTrailEvent: string }): TrailEvent {
  // Records carry access key ids (the caller's, a new key's): redacted before they are evidence.
  return redact({
    EventId: e.EventId ?? '',
    EventName: e.EventName ?? '',
    EventTime: isoTime(e.EventTime) ?? '',
    ...pick(e, ['EventSource', 'Username', 'ReadOnly', 'AccessKeyId'] as const),
    Resources: (e.Resources ?? []).map((r) => pick(r, ['ResourceType', 'ResourceName'] as const)),
    CloudTrailEvent: parseRecord(e.CloudTrailEvent),
  });
}

export const cloudtrailEvents = defineCollector({
  id: 'cloudtrail-events',
  service: 'cloudtrail',
  scope: 'region',
  permissions: ['cloudtrail:LookupEvents'],
  // 2: lookups name the region they read; IAM's events are read once per account, in the global-events region.
  schemaVersion: 2,
  async collect({ target, clients, runner, runnerIn, regions, requests }) {
    // Whole seconds, so the same window gives the same requests and the same evidence bytes.
    const end = new Date(Math.floor(clients.now().getTime() / 1000) * 1000);
    const start = new Date(end.getTime() - WINDOW_MS);
    const lookups: { EventName: string; Region: string; events: TrailEvent[] }[] = [];
    for (const { EventName: name, Region } of eventLookups(target.region, regions)) {
      const client = clients.cloudtrail(Region);
      // The recorded request shows the window as ISO strings.
      const found = await allPages(Region === target.region ? runner : runnerIn(Region), requests, {
        service: 'cloudtrail',
        command: LookupEventsCommand,
        send: (c: LookupEventsCommand) => client.send(c),
        input: { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }], StartTime: start, EndTime: end },
        token: { request: 'NextToken', response: 'NextToken' },
        items: 'Events',
        pageSize: { field: 'MaxResults', value: PAGE },
      });
      validated(EVENTS, found, 'cloudtrail', 'LookupEvents');
      lookups.push({ EventName: name, Region, events: found.map((e) => toEvent(e as Event & { CloudTrailEvent: string })) });
    }
    return { StartTime: start.toISOString(), EndTime: end.toISOString(), lookups };
  },
});
