// Every client of a run shares one connection pool: at organization scale a pool per account,
// region and service held some 1,700 pools of idle keep-alive sockets. A TCP relay in front of
// the sandbox counts the connections the clients really open.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { AwsClients } from '../../src/collect/clients.ts';

let sandbox: RunningSandbox;
let relay: net.Server;
let relayUrl: string;
const opened: net.Socket[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 5, accounts: 3, resources: 5 });
  relay = net.createServer((inbound) => {
    opened.push(inbound);
    const outbound = net.connect(sandbox.port, '127.0.0.1');
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  relayUrl = `http://127.0.0.1:${(relay.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => relay?.close(() => resolve()));
  await sandbox?.close();
});

const member = (base: AwsClients, account: string): AwsClients => base.withCredentials(async () => {
  // Assumed-role keys identify the member: the calls below then come from four accounts.
  const out = await base.sts(sandbox.regions[0]!).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${sandbox.collectorRole}`, RoleSessionName: 'clients-test' }));
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!, expiration: c.Expiration! };
});

describe('AwsClients connections', () => {
  it('clients of every account, region and service take turns on the same connection', async () => {
    opened.length = 0;
    const base = new AwsClients({ endpoint: relayUrl, credentials: sandbox.credentials, maxAttempts: 1 });
    try {
      const members = sandbox.memberAccounts.map((a) => member(base, a));
      const seen: string[] = [];
      // One call at a time, each through a different client object.
      for (const clients of [base, ...members]) {
        for (const region of sandbox.regions) {
          const who = await clients.sts(region).send(new GetCallerIdentityCommand({}));
          seen.push(who.Account!);
        }
      }
      expect(new Set(seen)).toEqual(new Set([sandbox.accountId, ...sandbox.memberAccounts]));
      expect(seen.length).toBe((1 + members.length) * sandbox.regions.length);
      // Calls one after another never need a second connection, whichever client makes them.
      expect(opened.length).toBe(1);

      // A member's destroy() closes its clients, not the connections the others use.
      members[0]!.destroy();
      const still = await members[1]!.sts(sandbox.regions[0]!).send(new GetCallerIdentityCommand({}));
      expect(still.Account).toBe(sandbox.memberAccounts[1]);
      expect(opened.length).toBe(1);
      expect(opened[0]!.destroyed).toBe(false);
    } finally {
      base.destroy();
    }
    // The base made the pool, so its destroy() closes the idle connection.
    await expect.poll(() => opened.every((s) => s.destroyed), { timeout: 5_000 }).toBe(true);
  });

  it('calls in flight together open the connections they need and no more', async () => {
    opened.length = 0;
    const base = new AwsClients({ endpoint: relayUrl, credentials: sandbox.credentials, maxAttempts: 1 });
    try {
      const members = sandbox.memberAccounts.map((a) => member(base, a));
      const all = [base, ...members].flatMap((c) => sandbox.regions.map((r) => c.sts(r)));
      await Promise.all(all.map((c) => c.send(new GetCallerIdentityCommand({}))));
      const first = opened.length;
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThanOrEqual(all.length + members.length);
      // A second round reuses them: nothing new is opened.
      await Promise.all(all.map((c) => c.send(new GetCallerIdentityCommand({}))));
      expect(opened.length).toBeLessThanOrEqual(first + 1);
    } finally {
      base.destroy();
    }
  });
});
