import { ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { defineCollector } from '../define.ts';
import { isoTime } from '../absent.ts';
import type { AnalyzerSummary } from '../../domain/index.ts';

export const accessAnalyzerAnalyzers = defineCollector({
  id: 'access-analyzer-analyzers',
  service: 'access-analyzer',
  scope: 'region',
  permissions: ['access-analyzer:ListAnalyzers'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.accessanalyzer(target.region);
    const analyzers: AnalyzerSummary[] = [];
    let nextToken: string | undefined;
    do {
      const params = { maxResults: 100, ...(nextToken ? { nextToken } : {}) };
      const out = await runner.call(requests, 'access-analyzer', 'ListAnalyzers', params, () => client.send(new ListAnalyzersCommand(params)));
      for (const a of out.analyzers ?? []) {
        analyzers.push({
          arn: a.arn ?? '',
          name: a.name ?? '',
          type: a.type ?? '',
          status: a.status ?? '',
          createdAt: isoTime(a.createdAt) ?? '',
          ...(a.statusReason?.code ? { statusReason: a.statusReason.code } : {}),
        });
      }
      nextToken = out.nextToken;
    } while (nextToken);
    return { analyzers };
  },
});
