// AWS Config (awsJson1_1, target prefix StarlingDoveService): delivery channel health and the
// conformance pack whose rules carry the "-conformance-pack-" names.
import { AwsError } from '../errors.ts';
import type { DeliveryInfoFacts } from './config-facts.ts';
import { page } from '../paging.ts';
import type { JsonHandler } from './types.ts';

const PACKS_PAGE = 20;
const PACK_RULES_LIMIT = 1000;

const secs = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);
const infoJson = (i: DeliveryInfoFacts) =>
  Object.fromEntries(Object.entries(i).map(([k, v]) => [k, typeof v === 'number' ? secs(v) : v]));

function limitOf(v: unknown, max: number): number {
  if (v === undefined || v === 0) return max;
  if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > max) {
    throw new AwsError('ValidationException', `1 validation error detected: Value '${String(v)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  }
  return v as number;
}

export const configDeliveryHandlers: Record<string, JsonHandler> = {
  DescribeDeliveryChannelStatus(input, ctx) {
    const wanted = input.DeliveryChannelNames as string[] | undefined;
    const all = ctx.org.config.deliveryChannels(ctx.account, ctx.region, ctx.day);
    for (const n of wanted ?? []) {
      if (!all.some((c) => c.name === n)) throw new AwsError('NoSuchDeliveryChannelException', `Cannot find delivery channel with specified name '${n}'.`);
    }
    return {
      DeliveryChannelsStatus: all
        .filter((c) => !wanted || wanted.length === 0 || wanted.includes(c.name))
        .map((c) => ({
          name: c.name,
          configSnapshotDeliveryInfo: infoJson(c.configSnapshotDeliveryInfo),
          configHistoryDeliveryInfo: infoJson(c.configHistoryDeliveryInfo),
          configStreamDeliveryInfo: infoJson(c.configStreamDeliveryInfo),
        })),
    };
  },

  DescribeConformancePacks(input, ctx) {
    const wanted = input.ConformancePackNames as string[] | undefined;
    const all = ctx.org.config.conformancePacks(ctx.account, ctx.region);
    for (const n of wanted ?? []) {
      if (!all.some((p) => p.name === n)) throw new AwsError('NoSuchConformancePackException', `One or more conformance packs with specified names are not present. Ensure your names are correct and try your request again.`);
    }
    const limit = limitOf(input.Limit, PACKS_PAGE);
    const p = page(
      all.filter((x) => !wanted || wanted.length === 0 || wanted.includes(x.name)),
      input.NextToken as string | undefined,
      `DescribeConformancePacks/${ctx.account}/${ctx.region}/${(wanted ?? []).join(',')}/${limit}`,
      limit,
    );
    return {
      ConformancePackDetails: p.items.map((x) => ({
        ConformancePackName: x.name,
        ConformancePackArn: x.arn,
        ConformancePackId: x.id,
        ConformancePackInputParameters: [],
        LastUpdateRequestedTime: secs(x.created),
      })),
      ...(p.next ? { NextToken: p.next } : {}),
    };
  },

  DescribeConformancePackCompliance(input, ctx) {
    const name = input.ConformancePackName;
    if (typeof name !== 'string' || name === '') throw new AwsError('ValidationException', "1 validation error detected: Value null at 'conformancePackName' failed to satisfy constraint: Member must not be null");
    const pack = ctx.org.config.conformancePacks(ctx.account, ctx.region).find((x) => x.name === name);
    if (!pack) throw new AwsError('NoSuchConformancePackException', `Conformance pack '${name}' does not exist.`);
    const filters = (input.Filters ?? {}) as { ConfigRuleNames?: string[]; ComplianceType?: string };
    for (const r of filters.ConfigRuleNames ?? []) {
      if (!pack.rules.some((x) => x.name === r)) throw new AwsError('NoSuchConfigRuleInConformancePackException', `Config rule '${r}' is not in conformance pack '${name}'.`);
    }
    const limit = limitOf(input.Limit, PACK_RULES_LIMIT);
    const rows = pack.rules
      .filter((r) => !filters.ConfigRuleNames || filters.ConfigRuleNames.length === 0 || filters.ConfigRuleNames.includes(r.name))
      .map((r) => ({ ConfigRuleName: r.name, ComplianceType: ctx.org.config.ruleCompliance(ctx.account, ctx.region, r, ctx.day).type, Controls: [] as string[] }))
      .filter((r) => !filters.ComplianceType || r.ComplianceType === filters.ComplianceType);
    const p = page(rows, input.NextToken as string | undefined, `DescribeConformancePackCompliance/${ctx.account}/${ctx.region}/${name}/${limit}`, limit);
    return { ConformancePackName: name, ConformancePackRuleComplianceList: p.items, ...(p.next ? { NextToken: p.next } : {}) };
  },
};
