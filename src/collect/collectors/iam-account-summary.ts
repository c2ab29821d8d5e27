import { GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import { defineCollector } from '../define.ts';

export const iamAccountSummary = defineCollector({
  id: 'iam-account-summary',
  service: 'iam',
  scope: 'account',
  permissions: ['iam:GetAccountSummary'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.iam(target.region);
    const out = await runner.call(requests, 'iam', 'GetAccountSummary', {}, () => client.send(new GetAccountSummaryCommand({})));
    // Sorted keys: the same answer always stores the same bytes.
    const entries = Object.entries(out.SummaryMap ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number');
    return { SummaryMap: Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1))) };
  },
});
