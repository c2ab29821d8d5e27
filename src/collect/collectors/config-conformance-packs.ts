import { DescribeConformancePackComplianceCommand, DescribeConformancePacksCommand } from '@aws-sdk/client-config-service';
import { defineCollector } from '../define.ts';
import type { ConformancePackCompliance } from '../../domain/index.ts';

/** DescribeConformancePacks answers at most 20 a page; the compliance listing at most 1000. */
const PACKS_PAGE = 20;
const RULES_PAGE = 1000;

export const configConformancePacks = defineCollector({
  id: 'config-conformance-packs',
  service: 'config',
  scope: 'region',
  permissions: ['config:DescribeConformancePacks', 'config:DescribeConformancePackCompliance'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.config(target.region);
    const packs: ConformancePackCompliance[] = [];
    let NextToken: string | undefined;
    do {
      const params = { Limit: PACKS_PAGE, ...(NextToken ? { NextToken } : {}) };
      const out = await runner.call(requests, 'config', 'DescribeConformancePacks', params, () => client.send(new DescribeConformancePacksCommand(params)));
      for (const p of out.ConformancePackDetails ?? []) {
        const rules: ConformancePackCompliance['rules'] = [];
        let token: string | undefined;
        do {
          const q = { ConformancePackName: p.ConformancePackName ?? '', Limit: RULES_PAGE, ...(token ? { NextToken: token } : {}) };
          const c = await runner.call(requests, 'config', 'DescribeConformancePackCompliance', q, () => client.send(new DescribeConformancePackComplianceCommand(q)));
          rules.push(...(c.ConformancePackRuleComplianceList ?? []).map((r) => ({ ConfigRuleName: r.ConfigRuleName ?? '', ComplianceType: r.ComplianceType ?? '' })));
          token = c.NextToken;
        } while (token);
        packs.push({ ConformancePackName: p.ConformancePackName ?? '', ConformancePackArn: p.ConformancePackArn ?? '', ConformancePackId: p.ConformancePackId ?? '', rules });
      }
      NextToken = out.NextToken;
    } while (NextToken);
    return { packs };
  },
});
