// A trail's event selectors and status are asked in the trail's home region, also when it is seen
// from another region as the shadow of a multi-region trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { AwsClients } from '../../src/collect/clients.ts';
import { CallRunner } from '../../src/collect/calls.ts';
import { datasetContext } from '../../src/collect/define.ts';
import { collectorFor } from '../../src/collect/collectors/index.ts';

/** Clients that note, per call, the operation and the region of the client that sent it. */
class Recording extends AwsClients {
  readonly sent: string[] = [];
  override client<T extends { destroy(): void }>(Class: new (config: never) => T, region: string, extra: Record<string, unknown> = {}): T {
    const c = super.client(Class as never, region, extra) as T & { send: (cmd: object) => Promise<unknown>; recorded?: boolean };
    if (!c.recorded) {
      const send = c.send.bind(c);
      c.send = (cmd: object) => {
        this.sent.push(`${cmd.constructor.name.replace(/Command$/, '')}@${region}`);
        return send(cmd);
      };
      c.recorded = true;
    }
    return c;
  }
}

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 16, accounts: 0, resources: 20, faults: { throttling: false } });
}, 60_000);
afterAll(async () => {
  await sandbox?.close();
});

describe('per-trail calls in the home region', () => {
  it.each(['cloudtrail-event-selectors', 'cloudtrail-trails'] as const)('%s asks a shadow trail in its home region', async (id) => {
    const collected: Record<string, { trails: { HomeRegion: string }[] }> = {};
    const sent: Record<string, string[]> = {};
    for (const region of sandbox.regions) {
      const clients = new Recording({ endpoint: sandbox.url, credentials: sandbox.credentials, maxAttempts: 1 });
      const target = { account: sandbox.accountId, region };
      collected[region] = (await collectorFor(id).collect(datasetContext(new CallRunner(pLimit(2)), target, clients, []))) as { trails: { HomeRegion: string }[] };
      sent[region] = clients.sent.filter((s) => !s.startsWith('DescribeTrails@'));
      clients.destroy();
      expect(clients.sent.filter((s) => s.startsWith('DescribeTrails@'))).toEqual([`DescribeTrails@${region}`]);
    }
    const op = id === 'cloudtrail-trails' ? 'GetTrailStatus' : 'GetEventSelectors';
    // some region sees a trail homed elsewhere, and asks about it there
    const shadowed = sandbox.regions.filter((r) => collected[r]!.trails.some((t) => t.HomeRegion !== r));
    expect(shadowed.length).toBeGreaterThan(0);
    for (const region of sandbox.regions) {
      expect(sent[region]).toEqual(collected[region]!.trails.map((t) => `${op}@${t.HomeRegion}`));
    }
  });
});
