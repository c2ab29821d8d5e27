// AWS Config (awsJson1_1, target prefix StarlingDoveService): delivery channel health and the
// conformance pack whose rules carry the "-conformance-pack-" names.
import { AwsError } from '../errors.ts';
import { EPOCH, DAY_MS, simulatedNow } from '../clock.ts';
import type { OrgModel } from '../org.ts';
import type { DeployedRule } from './config-facts.ts';
import { hexOf, unit } from '../prng.ts';
import { page } from '../paging.ts';
import type { JsonHandler } from './types.ts';

const PACKS_PAGE = 20;
const PACK_RULES_LIMIT = 1000;
const PACK_NAME = 'Operational-Best-Practices-for-AWS-Baseline';

export interface DeliveryInfoFacts {
  lastStatus: 'Success' | 'Failure' | 'Not_Applicable';
  lastErrorCode?: string;
  lastErrorMessage?: string;
  lastAttemptTime?: number;
  lastSuccessfulTime?: number;
  nextDeliveryTime?: number;
  lastStatusChangeTime?: number;
}

export interface DeliveryChannelFacts {
  name: string;
  configSnapshotDeliveryInfo: DeliveryInfoFacts;
  configHistoryDeliveryInfo: DeliveryInfoFacts;
  configStreamDeliveryInfo: DeliveryInfoFacts;
}

/** One channel per account-region; some fail to deliver (the newest member's, in the first region). */
export function deliveryChannels(org: OrgModel, account: string, region: string, day: number): DeliveryChannelFacts[] {
  const now = Math.floor(simulatedNow(day) / 1000) * 1000;
  const failing = (org.members.length > 1 && account === org.members.at(-1) && region === org.first) || unit(org.seed, account, region, 'delivery-fail', day) < 0.1;
  const info = (ago: number, next?: number): DeliveryInfoFacts =>
    failing
      ? { lastStatus: 'Failure', lastErrorCode: 'AccessDenied', lastErrorMessage: 'Access Denied', lastAttemptTime: now - ago, lastSuccessfulTime: now - 3 * DAY_MS, ...(next ? { nextDeliveryTime: now + next } : {}) }
      : { lastStatus: 'Success', lastAttemptTime: now - ago, lastSuccessfulTime: now - ago, ...(next ? { nextDeliveryTime: now + next } : {}) };
  return [
    {
      name: 'default',
      configSnapshotDeliveryInfo: info(5 * 3_600_000, 19 * 3_600_000),
      configHistoryDeliveryInfo: info(3_600_000),
      // No SNS topic is configured, so there is no stream to deliver.
      configStreamDeliveryInfo: { lastStatus: 'Not_Applicable', lastStatusChangeTime: EPOCH - 30 * DAY_MS },
    },
  ];
}

export interface ConformancePackFacts {
  name: string;
  arn: string;
  id: string;
  created: number;
  rules: DeployedRule[];
}

/** The first region's conformance pack: the rules deployed under "-conformance-pack-" names. */
export function conformancePacks(org: OrgModel, account: string, region: string): ConformancePackFacts[] {
  if (region !== org.first) return [];
  const rules = org.config.rules(account, region).filter((r) => r.name.includes('-conformance-pack-'));
  if (rules.length === 0) return [];
  const id = `conformance-pack-${hexOf(14, org.seed, account, region, 'pack')}`;
  return [{ name: PACK_NAME, arn: `arn:aws:config:${region}:${account}:conformance-pack/${PACK_NAME}/${id}`, id, created: EPOCH - 45 * DAY_MS, rules }];
}

/** A rule's compliance as Config sums it up: any NON_COMPLIANT result wins, none at all is INSUFFICIENT_DATA. */
export function ruleCompliance(org: OrgModel, account: string, region: string, rule: DeployedRule, day: number): 'COMPLIANT' | 'NON_COMPLIANT' | 'INSUFFICIENT_DATA' {
  const results = org.config.results(account, region, rule, day);
  if (results.some((r) => r.compliance === 'NON_COMPLIANT')) return 'NON_COMPLIANT';
  return results.some((r) => r.compliance === 'COMPLIANT') ? 'COMPLIANT' : 'INSUFFICIENT_DATA';
}

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
    const all = deliveryChannels(ctx.org, ctx.account, ctx.region, ctx.day);
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
    const all = conformancePacks(ctx.org, ctx.account, ctx.region);
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
    const pack = conformancePacks(ctx.org, ctx.account, ctx.region).find((x) => x.name === name);
    if (!pack) throw new AwsError('NoSuchConformancePackException', `Conformance pack '${name}' does not exist.`);
    const filters = (input.Filters ?? {}) as { ConfigRuleNames?: string[]; ComplianceType?: string };
    for (const r of filters.ConfigRuleNames ?? []) {
      if (!pack.rules.some((x) => x.name === r)) throw new AwsError('NoSuchConfigRuleInConformancePackException', `Config rule '${r}' is not in conformance pack '${name}'.`);
    }
    const limit = limitOf(input.Limit, PACK_RULES_LIMIT);
    const rows = pack.rules
      .filter((r) => !filters.ConfigRuleNames || filters.ConfigRuleNames.length === 0 || filters.ConfigRuleNames.includes(r.name))
      .map((r) => ({ ConfigRuleName: r.name, ComplianceType: ruleCompliance(ctx.org, ctx.account, ctx.region, r, ctx.day), Controls: [] as string[] }))
      .filter((r) => !filters.ComplianceType || r.ComplianceType === filters.ComplianceType);
    const p = page(rows, input.NextToken as string | undefined, `DescribeConformancePackCompliance/${ctx.account}/${ctx.region}/${name}/${limit}`, limit);
    return { ConformancePackName: name, ConformancePackRuleComplianceList: p.items, ...(p.next ? { NextToken: p.next } : {}) };
  },
};
