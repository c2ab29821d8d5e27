// aws.requestTimeoutMs bounds a call: an endpoint that accepts the request and never answers
// fails the call after the timeout (the SDK otherwise only warns and waits on).
import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsClients } from '../../src/collect/clients.ts';

let server: http.Server;
let url: string;
beforeAll(async () => {
  server = http.createServer(() => undefined); // reads the request, never answers
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

it('ends a call that gets no answer after requestTimeoutMs, with an error', async () => {
  const clients = new AwsClients({ endpoint: url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1, requestTimeoutMs: 500 });
  const started = Date.now();
  try {
    const err = await clients.client(STSClient, 'us-east-1').send(new GetCallerIdentityCommand({})).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(5_000);
  } finally {
    clients.destroy();
  }
}, 30_000);
