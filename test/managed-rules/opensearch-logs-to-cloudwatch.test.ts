import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ruleEvaluator } from '../../src/managed-rules/index.ts';
import { item, ruleCases } from './helpers.ts';

const GROUP = 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/OpenSearchService/domains/logs';
const on = (kind: string) => ({ Enabled: true, CloudWatchLogsLogGroupArn: `${GROUP}/${kind}` });
const off = (kind: string) => ({ Enabled: false, CloudWatchLogsLogGroupArn: `${GROUP}/${kind}` });

// An OpenSearch domain's item (DescribeDomain's PascalCase) with these log publishing options.
function domain(LogPublishingOptions: unknown): ReturnType<typeof item> {
  return item('AWS::OpenSearch::Domain', {
    resourceId: '123456789012/logs',
    resourceName: 'logs',
    configuration: {
      DomainName: 'logs',
      Id: '123456789012/logs',
      Arn: 'arn:aws:es:eu-west-1:123456789012:domain/logs',
      EngineVersion: 'OpenSearch_2.17',
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10', CustomEndpointEnabled: false },
      ...(LogPublishingOptions === undefined ? {} : { LogPublishingOptions }),
    },
  });
}

ruleCases('OPENSEARCH_LOGS_TO_CLOUDWATCH', {
  compliant: [
    { name: 'error logs published', item: domain({ ES_APPLICATION_LOGS: on('application-logs') }) },
    { name: 'search slow logs published, others off', item: domain({ SEARCH_SLOW_LOGS: on('search-logs'), ES_APPLICATION_LOGS: off('application-logs') }) },
    { name: 'error logs, as logTypes asks', item: domain({ ES_APPLICATION_LOGS: on('application-logs') }), params: { logTypes: 'error' } },
    { name: 'all three, as logTypes asks', item: domain({ SEARCH_SLOW_LOGS: on('search-logs'), INDEX_SLOW_LOGS: on('index-logs'), ES_APPLICATION_LOGS: on('application-logs') }), params: { logTypes: 'search, index, error' } },
  ],
  nonCompliant: [
    { name: 'nothing published', item: domain({}) },
    { name: 'error logs turned off', item: domain({ ES_APPLICATION_LOGS: off('application-logs') }) },
    { name: 'audit logs only', item: domain({ AUDIT_LOGS: on('audit-logs') }) },
    { name: 'slow logs only, error asked', item: domain({ SEARCH_SLOW_LOGS: on('search-logs'), INDEX_SLOW_LOGS: on('index-logs') }), params: { logTypes: 'error' } },
    { name: 'index slow logs missing', item: domain({ SEARCH_SLOW_LOGS: on('search-logs'), ES_APPLICATION_LOGS: on('application-logs') }), params: { logTypes: 'search,index,error' } },
  ],
  notApplicable: [{ name: 'a legacy Elasticsearch domain', item: item('AWS::Elasticsearch::Domain', { configuration: { domainName: 'logs' } }) }],
  malformed: [
    { name: 'no log publishing options', item: domain(undefined) },
    { name: 'options not an object', item: domain('ES_APPLICATION_LOGS') },
    { name: 'an option without Enabled', item: domain({ ES_APPLICATION_LOGS: { CloudWatchLogsLogGroupArn: `${GROUP}/application-logs` } }) },
    { name: 'an enabled option without a log group', item: domain({ ES_APPLICATION_LOGS: { Enabled: true } }) },
    { name: 'Enabled as text', item: domain({ SEARCH_SLOW_LOGS: { Enabled: 'true', CloudWatchLogsLogGroupArn: `${GROUP}/search-logs` } }) },
  ],
});

describe('OPENSEARCH_LOGS_TO_CLOUDWATCH parameters', () => {
  it('accepts only search, index and error in logTypes', () => {
    const evaluate = (logTypes: string) => () => ruleEvaluator('OPENSEARCH_LOGS_TO_CLOUDWATCH')!.evaluate(domain({ ES_APPLICATION_LOGS: on('application-logs') }), { logTypes });
    expect(evaluate('audit')).toThrow(InvalidParameterError);
    expect(evaluate('error, slow')).toThrow(InvalidParameterError);
    expect(evaluate('ERROR')).toThrow(InvalidParameterError);
    expect(evaluate(' , ')().compliance).toBe('COMPLIANT');
  });
});
