// The sandbox through the real SDK clients over HTTP: every served operation, pagination to the
// last page, AWS's error codes, determinism, and the oracle endpoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigServiceClient,
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecorderStatusCommand,
  GetComplianceDetailsByConfigRuleCommand,
  type EvaluationResult,
} from '@aws-sdk/client-config-service';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';

let sb: RunningSandbox;
const clients: { destroy(): void }[] = [];
function make<T extends { destroy(): void }>(C: new (cfg: object) => T, region?: string): T {
  const c = new C({ endpoint: sb.url, region: region ?? sb.regions[0], credentials: sb.credentials, maxAttempts: 1 });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 3 });
});
afterAll(async () => {
  clients.forEach((c) => c.destroy());
  await sb.close();
});

async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).name;
  }
  return 'no error';
}

describe('Config over awsJson1_1', () => {
  it('pages DescribeConfigRules through every deployed rule', async () => {
    const c = make(ConfigServiceClient);
    const names: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const out = await c.send(new DescribeConfigRulesCommand(NextToken ? { NextToken } : {}));
      names.push(...(out.ConfigRules ?? []).map((r) => r.ConfigRuleName!));
      expect((out.ConfigRules ?? []).length).toBeLessThanOrEqual(25);
      NextToken = out.NextToken;
      pages += 1;
    } while (NextToken);
    const truth = sb.truth().configRules[sb.accountId]![sb.regions[0]!]!;
    expect(names).toEqual(truth.map((r) => r.ConfigRuleName));
    expect(pages).toBeGreaterThan(1);
  });

  it('pages GetComplianceDetailsByConfigRule at Limit 100 to exactly the truth', async () => {
    const c = make(ConfigServiceClient);
    const rule = sb.truth().configRules[sb.accountId]![sb.regions[0]!]!.find((r) => r.SourceIdentifier === 'INCOMING_SSH_DISABLED')!;
    const got: EvaluationResult[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const out = await c.send(
        new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule.ConfigRuleName, Limit: 100, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'], NextToken }),
      );
      expect(out.EvaluationResults!.length).toBeLessThanOrEqual(100);
      got.push(...out.EvaluationResults!);
      NextToken = out.NextToken;
      pages += 1;
    } while (NextToken);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(got.map((r) => [r.EvaluationResultIdentifier!.EvaluationResultQualifier!.ResourceId, r.ComplianceType])).toEqual(rule.results.map((r) => [r.resourceId, r.compliance]));
    expect(got[0]!.ResultRecordedTime).toBeInstanceOf(Date);
  });

  it('defaults to 10 results a page, and to COMPLIANT and NON_COMPLIANT only', async () => {
    const c = make(ConfigServiceClient);
    const rule = sb.truth().configRules[sb.accountId]![sb.regions[0]!]!.find((r) => r.SourceIdentifier === 'INCOMING_SSH_DISABLED')!;
    const out = await c.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule.ConfigRuleName }));
    expect(out.EvaluationResults).toHaveLength(10);
    expect(out.EvaluationResults!.every((r) => r.ComplianceType !== 'NOT_APPLICABLE')).toBe(true);
  });

  it('summarises compliance per rule, INSUFFICIENT_DATA for a rule with no results', async () => {
    const second = sb.regions[1]!;
    const c = make(ConfigServiceClient, second);
    const out = await c.send(new DescribeComplianceByConfigRuleCommand({}));
    const byName = new Map(out.ComplianceByConfigRules!.map((r) => [r.ConfigRuleName, r.Compliance?.ComplianceType]));
    const empty = sb.truth().configRules[sb.accountId]![second]!.find((r) => r.results.length === 0)!;
    expect(byName.get(empty.ConfigRuleName)).toBe('INSUFFICIENT_DATA');
  });

  it('answers recorder status per region', async () => {
    for (const region of sb.regions) {
      const out = await make(ConfigServiceClient, region).send(new DescribeConfigurationRecorderStatusCommand({}));
      expect(out.ConfigurationRecordersStatus!.map((r) => [r.name, r.recording])).toEqual(sb.truth().configRecorders[sb.accountId]![region]!.map((r) => [r.name, r.recording]));
    }
  });

  it("surfaces AWS's error codes", async () => {
    const c = make(ConfigServiceClient);
    expect(await errorName(c.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'no-such-rule' })))).toBe('NoSuchConfigRuleException');
    const name = sb.truth().configRules[sb.accountId]![sb.regions[0]!]![0]!.ConfigRuleName;
    expect(await errorName(c.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: name, Limit: 101 })))).toBe('ValidationException');
    expect(await errorName(c.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: name, NextToken: 'garbage' })))).toBe('InvalidNextTokenException');
    expect(await errorName(c.send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['nope'] })))).toBe('NoSuchConfigRuleException');
    expect(await errorName(c.send(new DescribeConfigRulesCommand({ ConfigRuleNames: Array.from({ length: 26 }, (_, i) => `r${i}`) })))).toBe('ValidationException');
    // a token from another rule's listing is not accepted
    const other = await c.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: sb.truth().configRules[sb.accountId]![sb.regions[0]!]!.find((r) => r.results.length > 10)!.ConfigRuleName }));
    expect(await errorName(c.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: name, NextToken: other.NextToken })))).toBe('InvalidNextTokenException');
  });

  it('refuses a region the account has not enabled', async () => {
    expect(await errorName(make(ConfigServiceClient, 'ap-south-1').send(new DescribeConfigRulesCommand({})))).toBe('UnrecognizedClientException');
    expect(await errorName(make(STSClient, 'ap-south-1').send(new GetCallerIdentityCommand({})))).toBe('InvalidClientTokenId');
  });
});

describe('CloudTrail over awsJson1_1', () => {
  it('lists trails with shadow trails and answers status by ARN from another region', async () => {
    const second = sb.regions[1]!;
    const c = make(CloudTrailClient, second);
    const out = await c.send(new DescribeTrailsCommand({}));
    expect(out.trailList!.map((t) => t.TrailARN).sort()).toEqual(sb.truth().trails[sb.accountId]![second]!.map((t) => t.TrailARN).sort());
    const shadow = out.trailList!.find((t) => t.HomeRegion !== second)!;
    expect((await c.send(new GetTrailStatusCommand({ Name: shadow.TrailARN }))).IsLogging).toBe(true);
    const own = await c.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
    expect(own.trailList!.every((t) => t.HomeRegion === second)).toBe(true);
    expect(await errorName(c.send(new GetTrailStatusCommand({ Name: 'missing' })))).toBe('TrailNotFoundException');
  });

  it('accepts the long X-Amz-Target form that boto3 sends', async () => {
    const res = await fetch(sb.url, {
      method: 'POST',
      headers: {
        'X-Amz-Target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails',
        'Content-Type': 'application/x-amz-json-1.1',
        Authorization: `AWS4-HMAC-SHA256 Credential=AKIAX/20261129/${sb.regions[0]}/cloudtrail/aws4_request, SignedHeaders=host, Signature=00`,
      },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { trailList: unknown[] }).trailList.length).toBeGreaterThan(0);
  });
});

describe('STS over awsQuery', () => {
  it('answers GetCallerIdentity with the synthetic account', async () => {
    const out = await make(STSClient).send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(sb.accountId);
    expect(out.Arn).toMatch(new RegExp(`^arn:aws:iam::${sb.accountId}:`));
  });
});

describe('protocol edges', () => {
  const auth = (svc: string) => `AWS4-HMAC-SHA256 Credential=AKIAX/20261129/${sb.regions[0]}/${svc}/aws4_request, SignedHeaders=host, Signature=00`;
  it('answers an unknown JSON operation with UnknownOperationException', async () => {
    const res = await fetch(sb.url, { method: 'POST', headers: { 'X-Amz-Target': 'StarlingDoveService.DeleteEverything', Authorization: auth('config') }, body: '{}' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(await res.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
  it('answers an unknown query action with InvalidAction in XML', async () => {
    const res = await fetch(sb.url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: auth('sts') }, body: 'Action=Nope&Version=2011-06-15' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/<Code>InvalidAction<\/Code>/);
  });
  it('refuses a request without an Authorization header', async () => {
    const res = await fetch(sb.url, { method: 'POST', headers: { 'X-Amz-Target': 'StarlingDoveService.DescribeConfigRules' }, body: '{}' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });
});

describe('determinism, days and the oracle', () => {
  it('gives the same account for the same seed and another for another seed', async () => {
    const again = await startSandbox({ port: 0, seed: 3 });
    const other = await startSandbox({ port: 0, seed: 4 });
    try {
      expect(again.truth()).toEqual(sb.truth());
      expect(other.accountId).not.toBe(sb.accountId);
    } finally {
      await again.close();
      await other.close();
    }
  });

  it('flips about 5% of verdicts per day, never the NOT_APPLICABLE ones', () => {
    const flat = (day: number) =>
      sb.regions.flatMap((r) => sb.truth(day).configRules[sb.accountId]![r]!.flatMap((rule) => rule.results.map((x) => [`${r}/${rule.ConfigRuleName}/${x.resourceId}`, x.compliance] as const)));
    const d0 = new Map(flat(0));
    const d1 = flat(1);
    const changed = d1.filter(([k, c]) => d0.get(k) !== c);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length / d1.length).toBeGreaterThan(0.02);
    expect(changed.length / d1.length).toBeLessThan(0.09);
    expect(changed.every(([k, c]) => c !== 'NOT_APPLICABLE' && d0.get(k) !== 'NOT_APPLICABLE')).toBe(true);
  });

  it('serves truth, stats, reset and day over HTTP', async () => {
    await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST' });
    await make(STSClient).send(new GetCallerIdentityCommand({}));
    await make(ConfigServiceClient).send(new DescribeConfigRulesCommand({}));
    const stats = (await (await fetch(`${sb.url}/_sandbox/stats`)).json()) as { requests: Record<string, number>; throttled: number; faults: number };
    expect(stats).toMatchObject({ requests: { 'sts.GetCallerIdentity': 1, 'config.DescribeConfigRules': 1 }, throttled: 0, faults: 0 });

    const truth2 = await (await fetch(`${sb.url}/_sandbox/truth?day=2`)).json();
    expect(truth2).toEqual(JSON.parse(JSON.stringify(sb.truth(2))));
    const set = await fetch(`${sb.url}/_sandbox/day`, { method: 'POST', body: JSON.stringify({ day: 2 }) });
    expect(set.status).toBe(200);
    expect(((await (await fetch(`${sb.url}/_sandbox/truth`)).json()) as { day: number }).day).toBe(2);
    const bad = await fetch(`${sb.url}/_sandbox/day`, { method: 'POST', body: JSON.stringify({ day: 'soon' }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: expect.stringMatching(/field "day"/) });
    sb.setDay(0);
  });

  it('rejects bad options naming them', async () => {
    await expect(startSandbox({ regions: ['mars-1'] })).rejects.toThrow(/regions: "mars-1"/);
    await expect(startSandbox({ day: -1 })).rejects.toThrow(/option day/);
  });
});
