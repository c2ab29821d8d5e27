import { DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import { defineCollector } from '../define.ts';
import type { DeployedConfigRule } from '../../domain/index.ts';

// The deployed rules with their SourceIdentifier, so checks find a managed rule under any name.
export const configRules = defineCollector({
  id: 'config-rules',
  service: 'config',
  scope: 'region',
  permissions: ['config:DescribeConfigRules'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.config(target.region);
    const rules: DeployedConfigRule[] = [];
    let NextToken: string | undefined;
    do {
      const params = NextToken ? { NextToken } : {};
      const out = await runner.call(requests, 'config', 'DescribeConfigRules', params, () => client.send(new DescribeConfigRulesCommand(params)));
      for (const r of out.ConfigRules ?? []) {
        rules.push({
          ConfigRuleName: r.ConfigRuleName ?? '',
          ...(r.ConfigRuleArn ? { ConfigRuleArn: r.ConfigRuleArn } : {}),
          ...(r.ConfigRuleId ? { ConfigRuleId: r.ConfigRuleId } : {}),
          Owner: r.Source?.Owner ?? '',
          SourceIdentifier: r.Source?.SourceIdentifier ?? '',
          ...(r.ConfigRuleState ? { ConfigRuleState: r.ConfigRuleState } : {}),
        });
      }
      NextToken = out.NextToken;
    } while (NextToken);
    return { rules };
  },
});
