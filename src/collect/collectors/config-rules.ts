import { DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import { allPages } from '../paging.ts';
import { defineCollector } from '../define.ts';
import type { DeployedConfigRule } from '../../domain/index.ts';

// The deployed rules with their SourceIdentifier, so checks find a managed rule under any name,
// and their InputParameters, so a local evaluator checked against a rule judges with its values.
export const configRules = defineCollector({
  id: 'config-rules',
  service: 'config',
  scope: 'region',
  permissions: ['config:DescribeConfigRules'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.config(target.region);
    // DescribeConfigRules takes no page size (AWS answers 25 a page).
    const listed = await allPages(runner, requests, {
      service: 'config',
      command: DescribeConfigRulesCommand,
      send: (c: DescribeConfigRulesCommand) => client.send(c),
      input: {},
      token: { request: 'NextToken', response: 'NextToken' },
      items: 'ConfigRules',
    });
    const rules: DeployedConfigRule[] = listed.map((r) => ({
      ConfigRuleName: r.ConfigRuleName ?? '',
      ...(r.ConfigRuleArn ? { ConfigRuleArn: r.ConfigRuleArn } : {}),
      ...(r.ConfigRuleId ? { ConfigRuleId: r.ConfigRuleId } : {}),
      Owner: r.Source?.Owner ?? '',
      SourceIdentifier: r.Source?.SourceIdentifier ?? '',
      ...(r.ConfigRuleState ? { ConfigRuleState: r.ConfigRuleState } : {}),
      ...(r.InputParameters !== undefined ? { InputParameters: r.InputParameters } : {}),
    }));
    return { rules };
  },
});
