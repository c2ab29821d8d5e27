// GuardDuty, Security Hub, IAM Access Analyzer and Audit Manager over restJson1 through the
// real SDK clients: each operation, pagination to the last page, and restJson1's errors (the
// code in x-amzn-ErrorType, the message in the JSON body), in the management account and in
// members reached through AssumeRole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetDetectorCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { DescribeHubCommand, GetEnabledStandardsCommand } from '@aws-sdk/client-securityhub';
import { ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { GetAssessmentCommand, ListAssessmentsCommand } from '@aws-sdk/client-auditmanager';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { AwsClients } from '../../src/collect/clients.ts';
import { startSandbox, type RunningSandbox, type SandboxTruth } from '../../src/sandbox/index.ts';

let sb: RunningSandbox;
let truth: SandboxTruth;
let base: AwsClients;
const members = new Map<string, AwsClients>();

async function failure(p: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await p;
  } catch (err) {
    return { name: (err as Error).name, status: (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode };
  }
  return { name: 'no error' };
}
async function as(account: string): Promise<AwsClients> {
  if (account === sb.accountId) return base;
  let c = members.get(account);
  if (!c) {
    const out = await base.sts(sb.regions[0]!).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${sb.collectorRole}`, RoleSessionName: 'restjson-test' }));
    c = base.withCredentials({ accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! });
    members.set(account, c);
  }
  return c;
}
const auth = (service: string, region = sb.regions[0]) => `AWS4-HMAC-SHA256 Credential=AKIAX/20261129/${region}/${service}/aws4_request, SignedHeaders=host, Signature=00`;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 9, faults: { throttling: false } });
  truth = sb.truth();
  base = new AwsClients({ endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 });
});
afterAll(async () => {
  members.forEach((c) => c.destroy());
  base.destroy();
  await sb.close();
});

describe('GuardDuty', () => {
  it("lists and describes each account-region's detector as the truth has it, none or suspended included", async () => {
    const statuses = new Set<string>();
    for (const account of truth.accounts) {
      const c = await as(account);
      for (const region of truth.regions) {
        const want = truth.datasets[account]![region]!['guardduty-detectors']!.detectors;
        const list = await c.guardduty(region).send(new ListDetectorsCommand({}));
        expect(list.DetectorIds).toEqual(want.map((d) => d.DetectorId));
        for (const d of want) {
          const got = await c.guardduty(region).send(new GetDetectorCommand({ DetectorId: d.DetectorId }));
          const { DetectorId, ...rest } = d;
          expect({ DetectorId, Status: got.Status, CreatedAt: got.CreatedAt, UpdatedAt: got.UpdatedAt, ServiceRole: got.ServiceRole, FindingPublishingFrequency: got.FindingPublishingFrequency }).toEqual({ DetectorId, ...rest });
        }
        statuses.add(want[0]?.Status ?? 'none');
        // Config's GUARDDUTY_ENABLED_CENTRALIZED agrees wherever it runs
        const rule = truth.configRules[account]![region]!.find((r) => r.SourceIdentifier === 'GUARDDUTY_ENABLED_CENTRALIZED');
        if (rule) expect(rule.results[0]!.compliance).toBe(want[0]?.Status === 'ENABLED' ? 'COMPLIANT' : 'NON_COMPLIANT');
      }
    }
    expect([...statuses].sort()).toEqual(['DISABLED', 'ENABLED', 'none']);
    const last = sb.regions.at(-1)!;
    expect(truth.datasets[sb.memberAccounts[0]!]![last]!['guardduty-detectors']!.detectors[0]!.Status).toBe('DISABLED');
    expect(truth.datasets[sb.memberAccounts.at(-1)!]![last]!['guardduty-detectors']!.detectors).toEqual([]);
  });

  it('pages with maxResults and rejects what GuardDuty rejects', async () => {
    const gd = base.guardduty(sb.regions[0]!);
    const page = await gd.send(new ListDetectorsCommand({ MaxResults: 1 }));
    expect(page.NextToken).toBeUndefined();
    expect(await failure(gd.send(new ListDetectorsCommand({ MaxResults: 51 })))).toEqual({ name: 'BadRequestException', status: 400 });
    expect(await failure(gd.send(new ListDetectorsCommand({ NextToken: 'garbage' })))).toEqual({ name: 'BadRequestException', status: 400 });
    expect(await failure(gd.send(new GetDetectorCommand({ DetectorId: '0123456789abcdef0123456789abcdef' })))).toEqual({ name: 'BadRequestException', status: 400 });
  });
});

describe('Security Hub', () => {
  it('describes the hub and its standards, or answers InvalidAccessException (401) where not enabled', async () => {
    let off = 0;
    for (const account of truth.accounts) {
      const c = await as(account);
      for (const region of truth.regions) {
        const want = truth.datasets[account]![region]!['securityhub-standards']!;
        const sh = c.securityhub(region);
        if (!want.hub) {
          off += 1;
          expect(await failure(sh.send(new DescribeHubCommand({})))).toEqual({ name: 'InvalidAccessException', status: 401 });
          expect(await failure(sh.send(new GetEnabledStandardsCommand({})))).toEqual({ name: 'InvalidAccessException', status: 401 });
          continue;
        }
        const hub = await sh.send(new DescribeHubCommand({}));
        expect({ HubArn: hub.HubArn, SubscribedAt: hub.SubscribedAt, AutoEnableControls: hub.AutoEnableControls }).toEqual(want.hub);
        const std = await sh.send(new GetEnabledStandardsCommand({ MaxResults: 1 }));
        const all = [...std.StandardsSubscriptions!];
        if (std.NextToken) all.push(...(await sh.send(new GetEnabledStandardsCommand({ MaxResults: 1, NextToken: std.NextToken }))).StandardsSubscriptions!);
        expect(all.map((s) => ({ StandardsArn: s.StandardsArn, StandardsSubscriptionArn: s.StandardsSubscriptionArn, StandardsStatus: s.StandardsStatus }))).toEqual(want.standards);
      }
    }
    expect(off).toBeGreaterThan(0);
    const arns = truth.accounts.flatMap((a) => truth.regions.flatMap((r) => truth.datasets[a]![r]!['securityhub-standards']!.standards.map((s) => s.StandardsArn)));
    expect(arns.some((a) => a.includes('/aws-foundational-security-best-practices/'))).toBe(true);
    expect(arns.some((a) => a.includes('/cis-aws-foundations-benchmark/'))).toBe(true);
  });

  it('rejects MaxResults over 100 with InvalidInputException, in its Code/Message body', async () => {
    const account = truth.accounts.find((a) => truth.datasets[a]![sb.regions[0]!]!['securityhub-standards']!.hub)!;
    const c = await as(account);
    expect(await failure(c.securityhub(sb.regions[0]!).send(new GetEnabledStandardsCommand({ MaxResults: 101 })))).toEqual({ name: 'InvalidInputException', status: 400 });
    const res = await fetch(`${sb.url}/standards/get`, { method: 'POST', headers: { Authorization: auth('securityhub') }, body: '{"MaxResults":0}' });
    expect(res.status).toBe(res.headers.get('x-amzn-errortype') === 'InvalidAccessException' ? 401 : 400);
    expect(Object.keys((await res.json()) as object).sort()).toEqual(['Code', 'Message']);
    // the newest member never enabled it in the last region
    expect(truth.datasets[sb.memberAccounts.at(-1)!]![sb.regions.at(-1)!]!['securityhub-standards']!.hub).toBeNull();
  });
});

describe('IAM Access Analyzer', () => {
  it('lists analyzers (organization analyzer in the management account), pages, and filters by type', async () => {
    for (const account of truth.accounts) {
      const c = await as(account);
      for (const region of truth.regions) {
        const want = truth.datasets[account]![region]!['access-analyzer-analyzers']!.analyzers;
        const got: { arn?: string; name?: string; type?: string; status?: string; createdAt?: Date }[] = [];
        let nextToken: string | undefined;
        do {
          const out = await c.accessanalyzer(region).send(new ListAnalyzersCommand({ maxResults: 1, ...(nextToken ? { nextToken } : {}) }));
          got.push(...out.analyzers!);
          nextToken = out.nextToken;
        } while (nextToken);
        expect(got.map((a) => ({ arn: a.arn, name: a.name, type: a.type, status: a.status, createdAt: a.createdAt!.toISOString() }))).toEqual(want);
      }
    }
    const org = await base.accessanalyzer(sb.regions[0]!).send(new ListAnalyzersCommand({ type: 'ORGANIZATION' }));
    expect(org.analyzers!.map((a) => a.type)).toEqual(['ORGANIZATION']);
    expect((await base.accessanalyzer(sb.regions[0]!).send(new ListAnalyzersCommand({ type: 'ACCOUNT' }))).analyzers).toEqual([]);
    expect(truth.datasets[sb.memberAccounts.at(-1)!]![sb.regions.at(-1)!]!['access-analyzer-analyzers']!.analyzers).toEqual([]);
  });

  it('answers a bad type with ValidationException', async () => {
    const res = await fetch(`${sb.url}/analyzer?type=EVERYTHING`, { headers: { Authorization: auth('access-analyzer') } });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(await res.json()).toEqual({ message: expect.stringMatching(/Value 'EVERYTHING' at 'type'/) });
  });
});

describe('Audit Manager', () => {
  it('lists the management account\'s assessments page by page and describes each', async () => {
    const am = base.auditmanager(sb.regions[0]!);
    const ids: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const out = await am.send(new ListAssessmentsCommand({ maxResults: 1, ...(nextToken ? { nextToken } : {}) }));
      ids.push(...out.assessmentMetadata!.map((a) => a.id!));
      nextToken = out.nextToken;
      pages += 1;
    } while (nextToken);
    const want = truth.datasets[sb.accountId]![sb.regions[0]!]!['auditmanager-assessments']!.assessments;
    expect(ids).toEqual(want.map((a) => a.id));
    expect(pages).toBe(want.length);
    for (const w of want) {
      const a = (await am.send(new GetAssessmentCommand({ assessmentId: w.id }))).assessment!;
      expect(a.metadata!.status).toBe(w.status);
      expect(a.metadata!.scope!.awsAccounts!.map((x) => x.id)).toEqual(w.scope.awsAccounts);
      expect(a.framework!.controlSets!.map((s) => [s.id, s.systemEvidenceCount, s.controls!.map((c) => c.evidenceCount)])).toEqual(w.controlSets.map((s) => [s.id, s.systemEvidenceCount, s.controls.map((c) => c.evidenceCount)]));
    }
    const active = await am.send(new ListAssessmentsCommand({ status: 'ACTIVE' }));
    expect(active.assessmentMetadata!.every((a) => a.status === 'ACTIVE')).toBe(true);
    // members and other regions have none
    const member = await as(sb.memberAccounts[0]!);
    expect((await member.auditmanager(sb.regions[0]!).send(new ListAssessmentsCommand({}))).assessmentMetadata).toEqual([]);
  });

  it('grows an active assessment\'s evidence day by day', () => {
    const count = (day: number) => sb.truth(day).datasets[sb.accountId]![sb.regions[0]!]!['auditmanager-assessments']!.assessments[0]!.controlSets[0]!.systemEvidenceCount;
    expect(count(2)).toBeGreaterThan(count(0));
  });

  it('answers ResourceNotFoundException (404, with resourceId) and ValidationException', async () => {
    const am = base.auditmanager(sb.regions[0]!);
    expect(await failure(am.send(new GetAssessmentCommand({ assessmentId: '11111111-2222-3333-4444-555555555555' })))).toEqual({ name: 'ResourceNotFoundException', status: 404 });
    expect(await failure(am.send(new ListAssessmentsCommand({ maxResults: 1001 })))).toEqual({ name: 'ValidationException', status: 400 });
    const res = await fetch(`${sb.url}/assessments/11111111-2222-3333-4444-555555555555`, { headers: { Authorization: auth('auditmanager') } });
    expect(res.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(await res.json()).toMatchObject({ message: expect.any(String), resourceId: '11111111-2222-3333-4444-555555555555', resourceType: 'ASSESSMENT' });
  });
});

describe('restJson1 protocol edges', () => {
  it('answers a route no operation has with UnknownOperationException (404)', async () => {
    const res = await fetch(`${sb.url}/detector/abc/nothing-here`, { method: 'DELETE', headers: { Authorization: auth('guardduty') } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(await res.json()).toMatchObject({ message: expect.stringMatching(/not supported/) });
  });
  it('refuses a region the account has not enabled', async () => {
    expect(await failure(base.guardduty('ap-south-1').send(new ListDetectorsCommand({})))).toEqual({ name: 'UnrecognizedClientException', status: 403 });
  });
  it('counts requests per service and operation', async () => {
    await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST' });
    await base.guardduty(sb.regions[0]!).send(new ListDetectorsCommand({}));
    await base.auditmanager(sb.regions[0]!).send(new ListAssessmentsCommand({}));
    const stats = (await (await fetch(`${sb.url}/_sandbox/stats`)).json()) as { requests: Record<string, number> };
    expect(stats.requests).toMatchObject({ 'guardduty.ListDetectors': 1, 'auditmanager.ListAssessments': 1 });
  });
});
