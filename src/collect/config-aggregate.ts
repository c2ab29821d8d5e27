// Configuration items of a whole organization read from the running account through an AWS Config
// aggregator (SelectAggregateResourceConfig): one query per resource type the local evaluators
// need, selecting only the fields they read, 100 a page. No member role is involved. The
// aggregator's sources status comes first and is part of the evidence: an account-region whose
// source is not succeeding has no trustworthy items, so everything judged there reads ERROR.
import { DescribeConfigurationAggregatorSourcesStatusCommand, SelectAggregateResourceConfigCommand } from '@aws-sdk/client-config-service';
import { CollectCallError } from './calls.ts';
import type { CollectorContext } from './define.ts';
import { pages } from './paging.ts';
import { CONFIG_ITEMS_PAGE_SIZE, selectExpression, type ConfigItemsEvidence, type ItemsSpool } from './config-items.ts';
import type { ConfigurationItem, ItemField } from '../managed-rules/index.ts';

export const CONFIG_AGGREGATOR_PERMISSIONS = ['config:DescribeConfigurationAggregatorSourcesStatus', 'config:SelectAggregateResourceConfig'] as const;
/** DescribeConfigurationAggregatorSourcesStatus answers at most 100 sources a page. */
const SOURCES_PAGE_SIZE = 100;
/** The region AWS Config gives items of account-global types (IAM). */
const GLOBAL_ITEM_REGION = 'global';

export interface AggregatorSource {
  sourceId: string;
  sourceType: string;
  region: string;
  status: string;
  lastUpdateTime?: string;
  errorCode?: string;
  errorMessage?: string;
}

export interface AggregateItems {
  aggregator: string;
  sources: AggregatorSource[];
  /** Item counts per type over the whole organization, as collected. */
  counts: Record<string, number>;
  /** The configuration items of one account-region (global types with the account's home region), taken once. */
  take(account: string, region: string, home: string): { ok: true; data: ConfigItemsEvidence } | { ok: false; reason: string };
}

function sourceOf(s: { SourceId?: string; SourceType?: string; AwsRegion?: string; LastUpdateStatus?: string; LastUpdateTime?: Date; LastErrorCode?: string; LastErrorMessage?: string }): AggregatorSource {
  if (typeof s.SourceId !== 'string' || typeof s.AwsRegion !== 'string' || typeof s.LastUpdateStatus !== 'string') {
    throw new CollectCallError('failed', 'config', 'DescribeConfigurationAggregatorSourcesStatus', 'MalformedResponse', 'a source lacks SourceId, AwsRegion or LastUpdateStatus');
  }
  return {
    sourceId: s.SourceId,
    sourceType: s.SourceType ?? '',
    region: s.AwsRegion,
    status: s.LastUpdateStatus,
    ...(s.LastUpdateTime ? { lastUpdateTime: s.LastUpdateTime.toISOString() } : {}),
    ...(s.LastErrorCode ? { errorCode: s.LastErrorCode } : {}),
    ...(s.LastErrorMessage ? { errorMessage: s.LastErrorMessage } : {}),
  };
}

const str = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * Collects the organization's items of each wanted type through the aggregator, writing the
 * evidence object page by page to `spool`, and keeps in memory only the items of account-regions
 * in `inScope` (account ids) for judging.
 */
export async function collectAggregateItems(ctx: CollectorContext, aggregator: string, wanted: Map<string, readonly ItemField[]>, spool: ItemsSpool, inScope: ReadonlySet<string>): Promise<AggregateItems> {
  const client = ctx.clients.config(ctx.target.region);
  const sources: AggregatorSource[] = [];
  const listing = pages(ctx.runner, ctx.requests, {
    service: 'config',
    command: DescribeConfigurationAggregatorSourcesStatusCommand,
    send: (c: DescribeConfigurationAggregatorSourcesStatusCommand) => client.send(c),
    input: { ConfigurationAggregatorName: aggregator },
    token: { request: 'NextToken', response: 'NextToken' },
    items: 'AggregatedSourceStatusList',
    pageSize: { field: 'Limit', value: SOURCES_PAGE_SIZE },
  });
  for await (const page of listing) sources.push(...page.map(sourceOf));
  sources.sort((a, b) => (`${a.sourceId}/${a.region}` < `${b.sourceId}/${b.region}` ? -1 : 1));
  await spool.beginWith('aggregator', { name: aggregator, sources });

  // account/region → type → items
  const byTarget = new Map<string, Map<string, ConfigurationItem[]>>();
  const counts: Record<string, number> = {};
  const types = [...wanted.keys()].sort();
  // The types are queried together (each query's pages follow one another by token), so the
  // running account's Config quota, not one query's round trips, sets the pace; each type is
  // written to the evidence object in name order once its query is done.
  const queryType = async (resourceType: string): Promise<ConfigurationItem[][]> => {
    const got: ConfigurationItem[][] = [];
    const query = pages(ctx.runner, ctx.requests, {
      service: 'config',
      command: SelectAggregateResourceConfigCommand,
      send: (c: SelectAggregateResourceConfigCommand) => client.send(c),
      input: { ConfigurationAggregatorName: aggregator, Expression: selectExpression(resourceType, wanted.get(resourceType)!) },
      token: { request: 'NextToken', response: 'NextToken' },
      items: 'Results',
      pageSize: { field: 'Limit', value: CONFIG_ITEMS_PAGE_SIZE },
    });
    for await (const page of query) {
      const parsed = page.map((text) => {
        let item: ConfigurationItem;
        try {
          item = JSON.parse(text) as ConfigurationItem;
        } catch {
          throw new CollectCallError('failed', 'config', 'SelectAggregateResourceConfig', 'MalformedResponse', 'a result is not JSON');
        }
        // Without these the item cannot be placed in its account-region: the answer is unusable.
        if (!str(item.accountId) || !str(item.awsRegion) || item.resourceType !== resourceType || !str(item.resourceId)) {
          throw new CollectCallError('failed', 'config', 'SelectAggregateResourceConfig', 'MalformedResponse', `a ${resourceType} result lacks accountId, awsRegion, resourceType or resourceId`);
        }
        return item;
      });
      got.push(parsed);
    }
    return got;
  };
  const queried = types.map((t) => queryType(t));
  // A failed query fails the collection; the others are left to settle quietly.
  queried.forEach((p) => p.catch(() => undefined));
  for (const [k, resourceType] of types.entries()) {
    counts[resourceType] = 0;
    await spool.beginType(resourceType);
    for (const parsed of await queried[k]!) {
      await spool.items(parsed);
      counts[resourceType] += parsed.length;
      for (const item of parsed) {
        if (!inScope.has(item.accountId!)) continue;
        const where = `${item.accountId}/${item.awsRegion}`;
        let byType = byTarget.get(where);
        if (!byType) byTarget.set(where, (byType = new Map()));
        const list = byType.get(resourceType) ?? [];
        list.push(item);
        byType.set(resourceType, list);
      }
    }
    await spool.endType();
  }

  const status = new Map(sources.map((s) => [`${s.sourceId}/${s.region}`, s]));
  // An organization-level entry that is not succeeding speaks for every account.
  const orgProblem = sources.find((s) => !/^\d{12}$/.test(s.sourceId) && s.status !== 'SUCCEEDED');
  const problem = (s: AggregatorSource): string => `aggregator ${aggregator}: source ${s.sourceId} in ${s.region} is ${s.status}${s.errorCode ? ` (${s.errorCode}${s.errorMessage ? `: ${s.errorMessage}` : ''})` : ''}`;
  return {
    aggregator,
    sources,
    counts,
    take(account, region, home) {
      if (orgProblem) return { ok: false, reason: problem(orgProblem) };
      const s = status.get(`${account}/${region}`);
      if (!s) return { ok: false, reason: `aggregator ${aggregator} has no source for account ${account} in ${region}` };
      if (s.status !== 'SUCCEEDED') return { ok: false, reason: problem(s) };
      const here = byTarget.get(`${account}/${region}`);
      byTarget.delete(`${account}/${region}`);
      const global = region === home ? byTarget.get(`${account}/${GLOBAL_ITEM_REGION}`) : undefined;
      if (global) byTarget.delete(`${account}/${GLOBAL_ITEM_REGION}`);
      const data: ConfigItemsEvidence = {
        recorders: [],
        types: types.map((resourceType) => ({ resourceType, recorded: true as const, items: [...(here?.get(resourceType) ?? []), ...(global?.get(resourceType) ?? [])] })),
      };
      return { ok: true, data };
    },
  };
}
