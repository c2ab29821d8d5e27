import { LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { allPages } from '../paging.ts';
import { defineCollector } from '../define.ts';
import { isoTime, pick } from '../absent.ts';
import { redact } from '../redact.ts';
import { EVENT_NAMES, WINDOW_MS, type TrailEvent } from '../../domain/index.ts';

export { EVENT_NAMES, WINDOW_MS };

/** LookupEvents answers at most 50 events a page. */
const PAGE = 50;


function parseRecord(text: string | undefined): Record<string, unknown> | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { unparsed: text };
  }
}

function toEvent(e: Event): TrailEvent {
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
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.cloudtrail(target.region);
    // Whole seconds, so the same window gives the same requests and the same evidence bytes.
    const end = new Date(Math.floor(clients.now().getTime() / 1000) * 1000);
    const start = new Date(end.getTime() - WINDOW_MS);
    const lookups: { EventName: string; events: TrailEvent[] }[] = [];
    for (const name of EVENT_NAMES) {
      // The recorded request shows the window as ISO strings.
      const found = await allPages(runner, requests, {
        service: 'cloudtrail',
        command: LookupEventsCommand,
        send: (c: LookupEventsCommand) => client.send(c),
        input: { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }], StartTime: start, EndTime: end },
        token: { request: 'NextToken', response: 'NextToken' },
        items: 'Events',
        pageSize: { field: 'MaxResults', value: PAGE },
      });
      lookups.push({ EventName: name, events: found.map(toEvent) });
    }
    return { StartTime: start.toISOString(), EndTime: end.toISOString(), lookups };
  },
});
