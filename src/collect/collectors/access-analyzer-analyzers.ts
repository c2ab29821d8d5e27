import { ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { defineCollector } from '../define.ts';
import { allPages } from '../paging.ts';
import { isoTime } from '../absent.ts';
import type { AnalyzerSummary } from '../../domain/index.ts';
import { timestamp, validated, z } from '../validate.ts';

const ANALYZERS = z.array(z.object({ arn: z.string(), name: z.string(), type: z.string(), status: z.string(), createdAt: timestamp, statusReason: z.object({ code: z.string().optional() }).optional() }));

export const accessAnalyzerAnalyzers = defineCollector({
  id: 'access-analyzer-analyzers',
  service: 'access-analyzer',
  scope: 'region',
  permissions: ['access-analyzer:ListAnalyzers'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.accessanalyzer(target.region);
    const list = await allPages(runner, requests, {
      service: 'access-analyzer',
      command: ListAnalyzersCommand,
      send: (c: ListAnalyzersCommand) => client.send(c),
      input: {},
      token: { request: 'nextToken', response: 'nextToken' },
      items: 'analyzers',
      pageSize: { field: 'maxResults', value: 100 },
    });
    const analyzers: AnalyzerSummary[] = validated(ANALYZERS, list, 'access-analyzer', 'ListAnalyzers').map((a) => ({
      arn: a.arn,
      name: a.name,
      type: a.type,
      status: a.status,
      createdAt: isoTime(a.createdAt) ?? '',
      ...(a.statusReason?.code ? { statusReason: a.statusReason.code } : {}),
    }));
    return { analyzers };
  },
});
