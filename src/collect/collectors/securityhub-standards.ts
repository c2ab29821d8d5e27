import { DescribeHubCommand, GetEnabledStandardsCommand } from '@aws-sdk/client-securityhub';
import { allPages } from '../paging.ts';
import { defineCollector } from '../define.ts';
import { isoTime, orAbsent } from '../absent.ts';
import type { SecurityHubStandardsDataset } from '../../domain/index.ts';
import { validated, z } from '../validate.ts';

const HUB = z.object({ HubArn: z.string().min(1) });
const SUBSCRIPTIONS = z.array(z.object({ StandardsArn: z.string().min(1), StandardsSubscriptionArn: z.string().min(1), StandardsStatus: z.string().min(1) }));

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
    validated(HUB, hub, 'securityhub', 'DescribeHub');
    const subscriptions = await allPages(runner, requests, {
      service: 'securityhub',
      command: GetEnabledStandardsCommand,
      send: (c: GetEnabledStandardsCommand) => client.send(c),
      input: {},
      token: { request: 'NextToken', response: 'NextToken' },
      items: 'StandardsSubscriptions',
      pageSize: { field: 'MaxResults', value: 100 },
    });
    const standards: SecurityHubStandardsDataset['standards'] = validated(SUBSCRIPTIONS, subscriptions, 'securityhub', 'GetEnabledStandards').map((s) => ({
      StandardsArn: s.StandardsArn,
      StandardsSubscriptionArn: s.StandardsSubscriptionArn,
      StandardsStatus: s.StandardsStatus,
    }));
    const subscribedAt = isoTime(hub.SubscribedAt);
    return {
      hub: { HubArn: hub.HubArn ?? '', ...(subscribedAt ? { SubscribedAt: subscribedAt } : {}), ...(hub.AutoEnableControls !== undefined ? { AutoEnableControls: hub.AutoEnableControls } : {}) },
      standards,
    };
  },
});
