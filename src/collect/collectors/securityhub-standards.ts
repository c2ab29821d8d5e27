import { DescribeHubCommand, GetEnabledStandardsCommand } from '@aws-sdk/client-securityhub';
import { defineCollector } from '../define.ts';
import { isoTime, orAbsent } from '../absent.ts';
import type { SecurityHubStandardsDataset } from '../../domain/index.ts';

export const securityhubStandards = defineCollector({
  id: 'securityhub-standards',
  service: 'securityhub',
  scope: 'region',
  permissions: ['securityhub:DescribeHub', 'securityhub:GetEnabledStandards'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.securityhub(target.region);
    // InvalidAccessException: the account is not subscribed to Security Hub here; that is data.
    const hub = await orAbsent(runner.call(requests, 'securityhub', 'DescribeHub', {}, () => client.send(new DescribeHubCommand({})), ['InvalidAccessException']));
    if (!hub) return { hub: null, standards: [] };
    const standards: SecurityHubStandardsDataset['standards'] = [];
    let NextToken: string | undefined;
    do {
      const params = { MaxResults: 100, ...(NextToken ? { NextToken } : {}) };
      const out = await runner.call(requests, 'securityhub', 'GetEnabledStandards', params, () => client.send(new GetEnabledStandardsCommand(params)));
      for (const s of out.StandardsSubscriptions ?? []) {
        standards.push({ StandardsArn: s.StandardsArn ?? '', StandardsSubscriptionArn: s.StandardsSubscriptionArn ?? '', StandardsStatus: s.StandardsStatus ?? '' });
      }
      NextToken = out.NextToken;
    } while (NextToken);
    const subscribedAt = isoTime(hub.SubscribedAt);
    return {
      hub: { HubArn: hub.HubArn ?? '', ...(subscribedAt ? { SubscribedAt: subscribedAt } : {}), ...(hub.AutoEnableControls !== undefined ? { AutoEnableControls: hub.AutoEnableControls } : {}) },
      standards,
    };
  },
});
