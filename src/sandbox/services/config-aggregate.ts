// The organization's AWS Config aggregator, in the management account's first region: its
// sources status and SelectAggregateResourceConfig over the same configuration items each
// account-region answers to SelectResourceConfig (same SQL subset). A source a fault marks as
// failing reports FAILED and contributes no items, as when its data never reached the aggregator.
import { AwsError } from '../errors.ts';
import { decodeToken, encodeToken } from '../paging.ts';
import { EPOCH } from '../clock.ts';
import type { OrgModel } from '../org.ts';
import { configurationItem, isRecorded, itemRegion, ITEM_TYPES, parseExpression, project } from './config-items.ts';
import type { JsonHandler, RequestContext } from './types.ts';

/** The aggregator's name, as `run --config-aggregator` takes it. */
export const SANDBOX_AGGREGATOR = 'organization-aggregator';
const MAX_LIMIT = 100;
/** What AWS uses for a non-aggregation query when neither Limit nor MaxResults is given. */
const DEFAULT_QUERY_PAGE = 25;
const MAX_SOURCES_PAGE = 100;
const STATUSES = ['FAILED', 'SUCCEEDED', 'OUTDATED'];

function checkAggregator(input: Record<string, unknown>, ctx: RequestContext): void {
  const name = input.ConfigurationAggregatorName;
  if (typeof name !== 'string' || name === '') throw new AwsError('ValidationException', "1 validation error detected: Value null at 'configurationAggregatorName' failed to satisfy constraint: Member must not be null");
  if (name !== SANDBOX_AGGREGATOR || ctx.account !== ctx.org.management || ctx.region !== ctx.org.first) {
    throw new AwsError('NoSuchConfigurationAggregatorException', 'The configuration aggregator does not exist. Check the configuration aggregator name and try again.');
  }
}

function pageSize(input: Record<string, unknown>, field: string, fallback: number): number {
  const v = input[field];
  if (v === undefined || v === 0) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > MAX_LIMIT) {
    throw new AwsError('ValidationException', `1 validation error detected: Value '${String(v)}' at '${field[0]!.toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must have value less than or equal to ${MAX_LIMIT}`);
  }
  return n;
}

/** Whether a fault has stopped this account-region's data from reaching the aggregator. */
export function sourceFailed(failed: RequestContext['failedAggregatorSources'], account: string, region: string): boolean {
  return (failed ?? []).some((f) => f.account === account && (f.region === undefined || f.region === region));
}

interface Segment {
  account: string;
  region: string;
  type: string;
  start: number;
  count: number;
}

/** Per org: the items a query reaches, as (account, region, type) runs with their offsets. */
const segmentsCache = new WeakMap<OrgModel, Map<string, { segments: Segment[]; total: number }>>();

function segmentsFor(ctx: RequestContext, q: ReturnType<typeof parseExpression>): { segments: Segment[]; total: number } {
  const failed = ctx.failedAggregatorSources ?? [];
  const key = JSON.stringify([q.where, failed]);
  let byQuery = segmentsCache.get(ctx.org);
  if (!byQuery) segmentsCache.set(ctx.org, (byQuery = new Map()));
  const hit = byQuery.get(key);
  if (hit) return hit;
  const allows = (field: string, value: string): boolean => q.where.every((w) => w.field !== field || w.values.includes(value));
  const segments: Segment[] = [];
  let total = 0;
  const types = Object.keys(ITEM_TYPES).sort().filter((t) => allows('resourceType', t));
  for (const account of ctx.org.accounts) {
    if (!allows('accountId', account)) continue;
    for (const region of ctx.org.regions) {
      if (sourceFailed(failed, account, region)) continue;
      for (const type of types) {
        if (!allows('awsRegion', itemRegion(type, region)) || !isRecorded(ctx.org, account, region, type)) continue;
        const count = ctx.org.count(ITEM_TYPES[type]!, account, region);
        if (count === 0) continue;
        segments.push({ account, region, type, start: total, count });
        total += count;
      }
    }
  }
  const out = { segments, total };
  if (byQuery.size > 64) byQuery.clear();
  byQuery.set(key, out);
  return out;
}

function segmentAt(segments: Segment[], n: number): Segment {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.start <= n) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo]!;
}

/** The sources of the organization aggregator: every account in every region the organization uses. */
export function aggregatorSources(org: OrgModel, failed: RequestContext['failedAggregatorSources'], day: number): Record<string, unknown>[] {
  const at = Math.floor((EPOCH + day * 86_400_000 + 5 * 3_600_000) / 1000);
  return org.accounts.flatMap((account) =>
    org.regions.map((region) =>
      sourceFailed(failed, account, region)
        ? { SourceId: account, SourceType: 'ORGANIZATION', AwsRegion: region, LastUpdateStatus: 'FAILED', LastUpdateTime: at, LastErrorCode: 'AccessDeniedException', LastErrorMessage: 'AWS Config could not read this account-region (sandbox fault)' }
        : { SourceId: account, SourceType: 'ORGANIZATION', AwsRegion: region, LastUpdateStatus: 'SUCCEEDED', LastUpdateTime: at },
    ),
  );
}

export const configAggregateHandlers: Record<string, JsonHandler> = {
  DescribeConfigurationAggregatorSourcesStatus(input, ctx) {
    checkAggregator(input, ctx);
    const limit = pageSize(input, 'Limit', MAX_SOURCES_PAGE);
    const wanted = input.UpdateStatus as string[] | undefined;
    if (wanted !== undefined && (!Array.isArray(wanted) || wanted.length === 0 || wanted.some((s) => !STATUSES.includes(s)))) {
      throw new AwsError('ValidationException', `UpdateStatus must be a non-empty list of ${STATUSES.join(', ')}`);
    }
    const all = aggregatorSources(ctx.org, ctx.failedAggregatorSources, ctx.day).filter((s) => !wanted || wanted.includes(s.LastUpdateStatus as string));
    const scope = `DescribeConfigurationAggregatorSourcesStatus/${wanted?.join(',') ?? '*'}/${limit}`;
    const offset = decodeToken(input.NextToken as string | undefined, scope);
    const end = Math.min(all.length, offset + limit);
    return { AggregatedSourceStatusList: all.slice(offset, end), ...(end < all.length ? { NextToken: encodeToken(scope, end) } : {}) };
  },

  SelectAggregateResourceConfig(input, ctx) {
    checkAggregator(input, ctx);
    const q = parseExpression(input.Expression);
    // Limit and MaxResults both bound the page; the smaller one given wins.
    const given = [pageSize(input, 'Limit', 0), pageSize(input, 'MaxResults', 0)].filter((n) => n > 0);
    const limit = given.length > 0 ? Math.min(...given) : DEFAULT_QUERY_PAGE;
    const { segments, total } = segmentsFor(ctx, q);
    const scope = `SelectAggregateResourceConfig/${String(input.Expression)}/${limit}/${JSON.stringify(ctx.failedAggregatorSources ?? [])}`;
    const offset = decodeToken(input.NextToken as string | undefined, scope);
    const results: string[] = [];
    for (let n = offset; n < total && results.length < limit; n += 1) {
      const s = segmentAt(segments, n);
      results.push(JSON.stringify(project(configurationItem(ctx.org, s.account, s.region, s.type, n - s.start, ctx.day), q.fields)));
    }
    const end = offset + results.length;
    return { Results: results, QueryInfo: { SelectFields: q.fields.map((Name) => ({ Name })) }, ...(end < total ? { NextToken: encodeToken(scope, end) } : {}) };
  },
};
