import { GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import { defineCollector } from '../define.ts';
import { validated, z } from '../validate.ts';

// The root-user checks read these two entries; an answer without them says nothing about root.
const SUMMARY = z.object({ SummaryMap: z.looseObject({ AccountMFAEnabled: z.number().int(), AccountAccessKeysPresent: z.number().int() }) });

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
    const entries = Object.entries(validated(SUMMARY, out, 'iam', 'GetAccountSummary').SummaryMap).filter((e): e is [string, number] => typeof e[1] === 'number');
    return { SummaryMap: Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1))) };
  },
});
