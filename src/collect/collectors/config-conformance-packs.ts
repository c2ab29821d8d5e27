import { DescribeConformancePackComplianceCommand, DescribeConformancePacksCommand } from '@aws-sdk/client-config-service';
import { allPages, pages } from '../paging.ts';
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
    const listing = pages(runner, requests, {
      service: 'config',
      command: DescribeConformancePacksCommand,
      send: (c: DescribeConformancePacksCommand) => client.send(c),
      input: {},
      token: { request: 'NextToken', response: 'NextToken' },
      items: 'ConformancePackDetails',
      pageSize: { field: 'Limit', value: PACKS_PAGE },
    });
    // Each page's packs are read before the next page is asked for, as a paged listing reads.
    for await (const page of listing) {
      for (const p of page) {
        const compliance = await allPages(runner, requests, {
          service: 'config',
          command: DescribeConformancePackComplianceCommand,
          send: (c: DescribeConformancePackComplianceCommand) => client.send(c),
          input: { ConformancePackName: p.ConformancePackName ?? '' },
          token: { request: 'NextToken', response: 'NextToken' },
          items: 'ConformancePackRuleComplianceList',
          pageSize: { field: 'Limit', value: RULES_PAGE },
        });
        const rules = compliance.map((r) => ({ ConfigRuleName: r.ConfigRuleName ?? '', ComplianceType: r.ComplianceType ?? '' }));
        packs.push({ ConformancePackName: p.ConformancePackName ?? '', ConformancePackArn: p.ConformancePackArn ?? '', ConformancePackId: p.ConformancePackId ?? '', rules });
      }
    }
    return { packs };
  },
});
