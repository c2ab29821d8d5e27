// The SDK's own AWS_ENDPOINT_URL variable points every client at another endpoint; S3 Control
// would put the account id in front of its host (an invalid URL for an IP address), so the
// clients must treat the variable as they treat a configured endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { AwsClients } from '../../src/collect/clients.ts';
import { CallRunner, type RecordedRequest } from '../../src/collect/calls.ts';
import { datasetContext } from '../../src/collect/define.ts';
import { collectorFor } from '../../src/collect/collectors/index.ts';

let sandbox: RunningSandbox;
const saved = process.env.AWS_ENDPOINT_URL;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 3, accounts: 1, resources: 10 });
  process.env.AWS_ENDPOINT_URL = sandbox.url;
});
afterAll(async () => {
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
  else process.env.AWS_ENDPOINT_URL = saved;
  await sandbox?.close();
});

describe('AWS_ENDPOINT_URL', () => {
  it('reaches S3 Control and S3 at the endpoint the variable names', async () => {
    const clients = new AwsClients({ credentials: sandbox.credentials, maxAttempts: 1 });
    try {
      const target = { account: sandbox.accountId, region: sandbox.regions[0]! };
      for (const id of ['s3-account-public-access-block', 's3-buckets'] as const) {
        const requests: RecordedRequest[] = [];
        const data = await collectorFor(id).collect(datasetContext(new CallRunner(pLimit(2)), target, clients, requests));
        expect(data, id).toBeTruthy();
        expect(requests.length, id).toBeGreaterThan(0);
      }
      const truth = sandbox.truth();
      const pab = await collectorFor('s3-account-public-access-block').collect(datasetContext(new CallRunner(pLimit(2)), target, clients, []));
      expect(pab).toEqual(truth.datasets[sandbox.accountId]!.global!['s3-account-public-access-block']);
    } finally {
      clients.destroy();
    }
  });
});
