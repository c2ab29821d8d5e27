// AWS Config (awsJson1_1, target prefix StarlingDoveService): the operations collectors use.
import { AwsError } from '../errors.ts';
import { decodeToken, encodeToken, page } from '../paging.ts';
import { EPOCH } from '../clock.ts';
import { DEPLOYED_PARAMETERS, type DeployedRule } from './config-facts.ts';
import type { JsonHandler, RequestContext } from './types.ts';

const RULES_PAGE = 25;
const MAX_RULE_NAMES = 25;
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
const TYPES = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'];

function names(input: Record<string, unknown>): string[] | undefined {
  const v = input.ConfigRuleNames;
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new AwsError('ValidationException', 'ConfigRuleNames must be a list of strings');
  if (v.length > MAX_RULE_NAMES) {
    throw new AwsError('ValidationException', `1 validation error detected: Value at 'configRuleNames' failed to satisfy constraint: Member must have length less than or equal to ${MAX_RULE_NAMES}`);
  }
  return v as string[];
}

function rulesFor(ctx: RequestContext, wanted: string[] | undefined): DeployedRule[] {
  const all = ctx.org.config.rules(ctx.account, ctx.region);
  if (!wanted) return all;
  return wanted.map((n) => {
    const r = all.find((x) => x.name === n);
    if (!r) throw new AwsError('NoSuchConfigRuleException', `The ConfigRule '${n}' provided in the request is invalid. Please check the configRule name`);
    return r;
  });
}

const epoch = (day: number, minutes: number): number => Math.floor((EPOCH + day * 86_400_000 + minutes * 60_000) / 1000);

export const configHandlers: Record<string, JsonHandler> = {
  DescribeConfigRules(input, ctx) {
    const wanted = names(input);
    const rules = rulesFor(ctx, wanted);
    const p = page(rules, input.NextToken as string | undefined, `DescribeConfigRules/${ctx.region}/${wanted?.join(',') ?? '*'}`, RULES_PAGE);
    return {
      ConfigRules: p.items.map((r) => ({
        ConfigRuleName: r.name,
        ConfigRuleArn: r.arn,
        ConfigRuleId: r.id,
        Source: { Owner: r.owner, SourceIdentifier: r.sourceIdentifier },
        ConfigRuleState: 'ACTIVE',
        ...(r.owner === 'AWS' ? { MaximumExecutionFrequency: 'TwentyFour_Hours', InputParameters: DEPLOYED_PARAMETERS[r.sourceIdentifier] ?? '{}' } : {}),
      })),
      ...(p.next ? { NextToken: p.next } : {}),
    };
  },

  DescribeComplianceByConfigRule(input, ctx) {
    const rules = rulesFor(ctx, names(input));
    const filter = (input.ComplianceTypes as string[] | undefined) ?? undefined;
    const summaries = rules
      .map((rule) => {
        const { type, nonCompliant: bad } = ctx.org.config.ruleCompliance(ctx.account, ctx.region, rule, ctx.day);
        return {
          ConfigRuleName: rule.name,
          Compliance: { ComplianceType: type, ...(bad > 0 ? { ComplianceContributorCount: { CappedCount: Math.min(bad, 100), CapExceeded: bad > 100 } } : {}) },
        };
      })
      .filter((s) => !filter || filter.includes(s.Compliance.ComplianceType));
    const p = page(summaries, input.NextToken as string | undefined, `DescribeComplianceByConfigRule/${ctx.region}`, RULES_PAGE);
    return { ComplianceByConfigRules: p.items, ...(p.next ? { NextToken: p.next } : {}) };
  },

  GetComplianceDetailsByConfigRule(input, ctx) {
    const name = input.ConfigRuleName;
    if (typeof name !== 'string' || name === '') throw new AwsError('ValidationException', "1 validation error detected: Value null at 'configRuleName' failed to satisfy constraint: Member must not be null");
    const limit = input.Limit === undefined || input.Limit === 0 ? DEFAULT_LIMIT : Number(input.Limit);
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) throw new AwsError('ValidationException', `1 validation error detected: Value '${String(input.Limit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_LIMIT}`);
    const types = (input.ComplianceTypes as string[] | undefined) ?? ['COMPLIANT', 'NON_COMPLIANT'];
    for (const t of types) {
      if (!TYPES.includes(t)) throw new AwsError('InvalidParameterValueException', `ComplianceType ${t} is not valid; use COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE`);
    }
    const rule = rulesFor(ctx, [name])[0]!;
    const scope = `GetComplianceDetailsByConfigRule/${ctx.account}/${ctx.region}/${name}/${types.join(',')}/${limit}`;
    const offset = decodeToken(input.NextToken as string | undefined, scope);
    const total = ctx.org.config.resultCount(ctx.account, ctx.region, rule);
    // Generate only this page's results; with every type asked for, the offset is the index.
    const items: ReturnType<typeof ctx.org.config.result>[] = [];
    let i = offset;
    for (; i < total && items.length < limit; i += 1) {
      const r = ctx.org.config.result(ctx.account, ctx.region, rule, i, ctx.day);
      if (types.includes(r.compliance)) items.push(r);
    }
    const next = i < total ? encodeToken(scope, i) : undefined;
    return {
      EvaluationResults: items.map((r, k) => ({
        EvaluationResultIdentifier: {
          EvaluationResultQualifier: { ConfigRuleName: rule.name, ResourceType: r.resourceType, ResourceId: r.resourceId, EvaluationMode: 'DETECTIVE' },
          OrderingTimestamp: epoch(ctx.day, 60 + (k % 50)),
        },
        ComplianceType: r.compliance,
        ResultRecordedTime: epoch(ctx.day, 61),
        ConfigRuleInvokedTime: epoch(ctx.day, 60),
        ...(r.annotation ? { Annotation: r.annotation } : {}),
      })),
      ...(next ? { NextToken: next } : {}),
    };
  },

  DescribeConfigurationRecorderStatus(input, ctx) {
    const wanted = input.ConfigurationRecorderNames as string[] | undefined;
    const all = ctx.org.config.recorders(ctx.account, ctx.region);
    for (const n of wanted ?? []) {
      if (!all.some((r) => r.name === n)) throw new AwsError('NoSuchConfigurationRecorderException', `Cannot find configuration recorder with the specified name '${n}'.`);
    }
    return {
      ConfigurationRecordersStatus: all
        .filter((r) => !wanted || wanted.includes(r.name))
        .map((r) => ({
          name: r.name,
          recording: r.recording,
          lastStatus: r.lastStatus,
          lastStartTime: epoch(0, 0),
          ...(r.recording ? {} : { lastStopTime: epoch(Math.max(0, ctx.day - 1), 0) }),
          lastStatusChangeTime: epoch(ctx.day, 0),
        })),
    };
  },
};
