// Declared paging against the sandbox, which pages as AWS does and rejects page sizes AWS would:
// one item a page walks every token to the same answer as full pages, each page is one accounted
// call, and an answer that would loop or is malformed stops the listing with an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import { ListRegionsCommand, type ListRegionsCommandOutput } from '@aws-sdk/client-account';
import { GetComplianceDetailsByConfigRuleCommand } from '@aws-sdk/client-config-service';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { AwsClients } from '../../src/collect/clients.ts';
import { CallRunner, CollectCallError, type RecordedRequest } from '../../src/collect/calls.ts';
import { allPages, operationOf, pages } from '../../src/collect/paging.ts';
import { collectConfigRuleResults } from '../../src/collect/config-rule-results.ts';

let sandbox: RunningSandbox;
let clients: AwsClients;
let target: { account: string; region: string };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 11, accounts: 0, resources: 40, faults: { throttling: false } });
  clients = new AwsClients({ endpoint: sandbox.url, credentials: sandbox.credentials, maxAttempts: 1 });
  target = { account: sandbox.accountId, region: sandbox.regions[0]! };
});
afterAll(async () => {
  clients?.destroy();
  await sandbox?.close();
});

const regionsListing = (size: number, send?: (c: ListRegionsCommand) => Promise<ListRegionsCommandOutput>) => {
  const client = clients.account(target.region);
  return {
    service: 'account',
    command: ListRegionsCommand,
    send: send ?? ((c: ListRegionsCommand) => client.send(c)),
    input: {},
    token: { request: 'NextToken' as const, response: 'NextToken' as const },
    items: 'Regions' as const,
    pageSize: { field: 'MaxResults' as const, value: size },
  };
};

describe('declared paging', () => {
  it('walks one region a page to the same list as full pages, one accounted call per page', async () => {
    const runner = new CallRunner(pLimit(2));
    const full: RecordedRequest[] = [];
    const byOne: RecordedRequest[] = [];
    const all = await allPages(runner.forTarget(target), full, regionsListing(50));
    const one = await allPages(runner.forTarget(target), byOne, regionsListing(1));
    expect(all.length).toBeGreaterThan(20);
    expect(one.map((r) => r.RegionName)).toEqual(all.map((r) => r.RegionName));
    expect(full).toHaveLength(Math.ceil(all.length / 50));
    // the sandbox gives no token after the last item, so n items are n pages
    expect(byOne).toHaveLength(all.length);
    expect(byOne.every((r) => r.service === 'account' && r.operation === 'ListRegions' && r.params.MaxResults === 1)).toBe(true);
    expect(byOne[0]!.params).toEqual({ MaxResults: 1 });
    expect(new Set(byOne.slice(1).map((r) => r.params.NextToken)).size).toBe(all.length - 1);
    expect(runner.stats.calls).toBe(full.length + byOne.length);
    expect(runner.stats.byOutcome.ok).toBe(runner.stats.calls);
  });

  it('yields Config rule results a page at a time and records each request with its token', async () => {
    const truth = sandbox.truth().configRules[target.account]![target.region]!;
    const rule = truth.filter((r) => r.results.length >= 3).sort((a, b) => a.results.length - b.results.length)[0]!;
    const client = clients.config(target.region);
    const requests: RecordedRequest[] = [];
    const sizes: number[] = [];
    const ids: string[] = [];
    for await (const page of pages(new CallRunner(pLimit(2)).forTarget(target), requests, {
      service: 'config',
      command: GetComplianceDetailsByConfigRuleCommand,
      send: (c: GetComplianceDetailsByConfigRuleCommand) => client.send(c),
      input: { ConfigRuleName: rule.ConfigRuleName, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'] },
      token: { request: 'NextToken', response: 'NextToken' },
      items: 'EvaluationResults',
      pageSize: { field: 'Limit', value: 1 },
    })) {
      sizes.push(page.length);
      ids.push(...page.map((r) => r.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId ?? ''));
    }
    expect(sizes).toEqual(rule.results.map(() => 1));
    expect(ids.sort()).toEqual(rule.results.map((r) => r.resourceId).sort());
    expect(requests[1]!.params).toEqual({ ConfigRuleName: rule.ConfigRuleName, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'], Limit: 1, NextToken: requests[1]!.params.NextToken });
    expect(typeof requests[1]!.params.NextToken).toBe('string');

    // The run's Config collection streams the same rule through the same helper at 100 a page.
    const streamed: number[] = [];
    const ctx = { target, clients, runner: new CallRunner(pLimit(2)).forTarget(target), requests: [] as RecordedRequest[] };
    const out = await collectConfigRuleResults(ctx, rule.SourceIdentifier, [{ ConfigRuleName: rule.ConfigRuleName, Owner: 'AWS', SourceIdentifier: rule.SourceIdentifier }], {
      beginRule: () => undefined,
      page: (r) => void streamed.push(r.length),
      endRule: () => undefined,
    });
    expect(streamed).toEqual([rule.results.length]);
    expect(out.rules[0]!.evaluationResults).toEqual([]);
  });

  it('records dates as ISO strings and passes the declared page size, which the sandbox checks as AWS does', async () => {
    const client = clients.cloudtrail(target.region);
    const end = new Date(Date.UTC(2026, 0, 2));
    const start = new Date(Date.UTC(2026, 0, 1));
    const lookup = (size: number) => ({
      service: 'cloudtrail',
      command: LookupEventsCommand,
      send: (c: LookupEventsCommand) => client.send(c),
      input: { LookupAttributes: [{ AttributeKey: 'EventName' as const, AttributeValue: 'ConsoleLogin' }], StartTime: start, EndTime: end },
      token: { request: 'NextToken' as const, response: 'NextToken' as const },
      items: 'Events' as const,
      pageSize: { field: 'MaxResults' as const, value: size },
    });
    const requests: RecordedRequest[] = [];
    await allPages(new CallRunner(pLimit(2)).forTarget(target), requests, lookup(50));
    expect(requests[0]!.params).toMatchObject({ StartTime: start.toISOString(), EndTime: end.toISOString(), MaxResults: 50 });
    const err = await allPages(new CallRunner(pLimit(2)).forTarget(target), [], lookup(51)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectCallError);
    expect((err as CollectCallError).code).toBe('InvalidMaxResultsException');
  });

  it('stops with an error when a token comes back that was already sent', async () => {
    const client = clients.account(target.region);
    let first: string | undefined;
    // Real answers, except every token after the first repeats the first (a service bug).
    const looping = async (c: ListRegionsCommand) => {
      const out = await client.send(c);
      first ??= out.NextToken;
      return { ...out, NextToken: first };
    };
    const requests: RecordedRequest[] = [];
    const err = await allPages(new CallRunner(pLimit(2)).forTarget(target), requests, regionsListing(1, looping)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectCallError);
    expect((err as CollectCallError).code).toBe('RepeatedNextToken');
    expect((err as CollectCallError).operation).toBe('ListRegions');
    expect(requests).toHaveLength(2);
  });

  it('stops with an error when the items field is not a list, and reads a missing one as an empty page', async () => {
    const client = clients.account(target.region);
    const garbled = async (c: ListRegionsCommand) => ({ ...(await client.send(c)), Regions: 'us-east-1' as unknown as [] });
    const err = await allPages(new CallRunner(pLimit(2)).forTarget(target), [], regionsListing(50, garbled)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectCallError);
    expect((err as CollectCallError).code).toBe('MalformedResponse');
    const missing = async (c: ListRegionsCommand) => {
      const { Regions: _dropped, ...rest } = await client.send(c);
      return rest;
    };
    expect(await allPages(new CallRunner(pLimit(2)).forTarget(target), [], regionsListing(50, missing))).toEqual([]);
  });

  it('names the operation after the SDK command class', () => {
    expect(operationOf(ListRegionsCommand)).toBe('ListRegions');
    expect(operationOf(GetComplianceDetailsByConfigRuleCommand)).toBe('GetComplianceDetailsByConfigRule');
    expect(() => operationOf(class Lister {})).toThrow(/not an SDK command class/);
  });
});
