// Account ids and Region names that AWS returns become parts of store keys, so they are checked
// first: a malformed one is reported (that account or Region reads ERROR) and never names an
// object. The endpoint below answers Organizations ListAccounts, STS GetCallerIdentity and Account
// ListRegions in AWS's wire formats with one malformed entry each; the real SDK clients read it.
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AwsClients } from '../../src/collect/clients.ts';
import { resolveScope } from '../../src/collect/scope.ts';
import { collectEvidence } from '../../src/collect/engine.ts';
import { FileStore } from '../../src/store/file.ts';
import { silentLogger } from '../../src/util/log.ts';
import { tempDir } from '../helpers.ts';

const CALLER = '111111111111';
let server: http.Server;
let url: string;
let dir: string;
let cleanup: () => Promise<void>;
const seen: string[] = [];

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('aws-names-'));
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      seen.push(target || `${req.method} ${req.url} ${body.slice(0, 40)}`);
      if (target.endsWith('.ListAccounts')) {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ Accounts: [{ Id: CALLER, Name: 'mgmt', Status: 'ACTIVE' }, { Id: '../../etc', Name: 'evil', Status: 'ACTIVE' }] }));
      } else if (req.url === '/listRegions') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ Regions: [{ RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }, { RegionName: '../../x', RegionOptStatus: 'ENABLED' }] }));
      } else if (body.includes('Action=GetCallerIdentity')) {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${CALLER}:user/t</Arn><UserId>AIDA</UserId><Account>${CALLER}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`);
      } else {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ __type: 'UnknownOperationException', message: 'not served here' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await cleanup?.();
});

it('a malformed account id from ListAccounts is unreachable with the reason; no role is assumed for it', async () => {
  const clients = new AwsClients({ endpoint: url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 });
  try {
    const scope = await resolveScope(clients, 'us-east-1', { accounts: 'organization', include: [], exclude: [], includeManagement: true, role: { name: 'R', durationSeconds: 3600 } }, 'names');
    expect(scope.accounts.map((a) => a.account)).toEqual([CALLER]);
    expect(scope.unreachable).toEqual([{ account: '../../etc', reason: 'organizations:ListAccounts returned "../../etc", not a 12-digit account id; the account is not collected' }]);
    expect(seen.some((s) => s.includes('AssumeRole'))).toBe(false);
  } finally {
    clients.destroy();
  }
});

it('a malformed Region name from ListRegions is a failed collection, and names no store object', async () => {
  const clients = new AwsClients({ endpoint: url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 });
  const root = path.join(dir, 'store');
  try {
    const out = await collectEvidence({ store: new FileStore(root), accounts: [{ account: CALLER, clients }], regions: ['us-east-1'], discoverRegions: true, checks: [], concurrency: 2, log: silentLogger(), now: () => new Date() });
    expect(out.regions).toEqual(['us-east-1']);
    const failed = out.coverage.collections.filter((c) => c.status === 'failed');
    expect(failed).toMatchObject([{ account: CALLER, collector: 'account-regions', operation: 'ListRegions', reason: 'account:ListRegions returned "../../x", not a Region name; it is not collected' }]);
    const files = await fs.readdir(root, { recursive: true });
    expect(files.filter((f) => f.includes('..') || f.includes('/x/'))).toEqual([]);
    expect(files.some((f) => f.includes('account-regions'))).toBe(true);
  } finally {
    clients.destroy();
  }
});
