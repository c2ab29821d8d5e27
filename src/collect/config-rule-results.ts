// Evaluation results of the deployed rules that match one managed rule's SourceIdentifier.
import { GetComplianceDetailsByConfigRuleCommand, type EvaluationResult } from '@aws-sdk/client-config-service';
import type { CollectorContext } from './define.ts';
import { pages } from './paging.ts';
import type { DeployedConfigRule } from '../domain/index.ts';

export const CONFIG_RULE_RESULTS_PERMISSIONS = ['config:GetComplianceDetailsByConfigRule'] as const;
/** GetComplianceDetailsByConfigRule answers at most 100 a page (default 10): always ask for 100. */
export const CONFIG_RESULTS_PAGE_SIZE = 100;

export interface ConfigRuleResultsEvidence {
  sourceIdentifier: string;
  rules: { ConfigRuleName: string; InputParameters?: string; evaluationResults: EvaluationResult[] }[];
}

/**
 * Receives each page as it arrives. With a sink, the returned evidence holds no results (the
 * sink has had them all): a run writes the pages to disk as they come, so an organization's rules
 * in flight never hold their full answers in memory.
 */
export interface ConfigResultsPageSink {
  beginRule(configRuleName: string, inputParameters?: string): void | Promise<void>;
  page(results: EvaluationResult[]): void | Promise<void>;
  endRule(): void | Promise<void>;
}

export async function collectConfigRuleResults(
  ctx: CollectorContext,
  sourceIdentifier: string,
  deployed: DeployedConfigRule[],
  sink?: ConfigResultsPageSink,
): Promise<ConfigRuleResultsEvidence> {
  const client = ctx.clients.config(ctx.target.region);
  const rules: ConfigRuleResultsEvidence['rules'] = [];
  for (const rule of deployed) {
    const evaluationResults: EvaluationResult[] = [];
    await sink?.beginRule(rule.ConfigRuleName, rule.InputParameters);
    const listing = pages(ctx.runner, ctx.requests, {
      service: 'config',
      command: GetComplianceDetailsByConfigRuleCommand,
      send: (c: GetComplianceDetailsByConfigRuleCommand) => client.send(c),
      input: { ConfigRuleName: rule.ConfigRuleName, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'] },
      token: { request: 'NextToken', response: 'NextToken' },
      items: 'EvaluationResults',
      pageSize: { field: 'Limit', value: CONFIG_RESULTS_PAGE_SIZE },
    });
    for await (const page of listing) {
      if (sink) await sink.page(page);
      else evaluationResults.push(...page);
    }
    await sink?.endRule();
    rules.push({ ConfigRuleName: rule.ConfigRuleName, ...(rule.InputParameters !== undefined ? { InputParameters: rule.InputParameters } : {}), evaluationResults });
  }
  return { sourceIdentifier, rules };
}
