// opensearch-logs-to-cloudwatch: the OpenSearch domain publishes its logs to CloudWatch Logs.
// Parameter logTypes (optional CSV of search, index, error: the values the Elasticsearch twin of
// this rule documents). Reads configuration.LogPublishingOptions (DescribeDomain's map keyed by
// log type): search is SEARCH_SLOW_LOGS, index INDEX_SLOW_LOGS, error ES_APPLICATION_LOGS; a type
// publishes when its Enabled is true. Judgements: without logTypes a domain passes when one of the
// three publishes ("NON_COMPLIANT if logging is not configured"), with it every listed type must;
// AUDIT_LOGS, which no logTypes value names, does not count (OPENSEARCH_AUDIT_LOGGING_ENABLED judges
// it). Values are matched exactly, in the documented lower case; another value is an
// InvalidParameterError. DescribeDomain always returns the map (empty when nothing publishes), so
// a missing map, an option that is not an object or has no boolean Enabled, or an enabled one
// without a log group, is malformed.
import { defineRuleEvaluator, verdict, isRecord, InvalidParameterError } from './define.ts';

const RULE = 'OPENSEARCH_LOGS_TO_CLOUDWATCH';
const TYPES: Record<string, string> = { search: 'SEARCH_SLOW_LOGS', index: 'INDEX_SLOW_LOGS', error: 'ES_APPLICATION_LOGS' };

export default defineRuleEvaluator({
  rule: RULE,
  resourceTypes: ['AWS::OpenSearch::Domain'],
  parameters: { logTypes: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const wanted = params.list('logTypes');
    const bad = wanted.filter((t) => TYPES[t] === undefined);
    if (bad.length > 0) throw new InvalidParameterError(RULE, ci.resourceId, 'logTypes', `${bad.map((t) => JSON.stringify(t)).join(', ')} is not one of search, index, error`);
    const options = ci.reqObj('configuration.LogPublishingOptions');
    const publishes = (key: string): boolean => {
      const o = options[key];
      if (o === undefined || o === null) return false;
      const at = `configuration.LogPublishingOptions.${key}`;
      if (!isRecord(o)) throw ci.malformed(at, 'an object');
      if (typeof o.Enabled !== 'boolean') throw ci.malformed(`${at}.Enabled`, 'a boolean');
      if (o.Enabled && typeof o.CloudWatchLogsLogGroupArn !== 'string') throw ci.malformed(`${at}.CloudWatchLogsLogGroupArn`, 'a log group ARN (the option is enabled)');
      return o.Enabled;
    };
    const on = Object.keys(TYPES).filter((t) => publishes(TYPES[t]!));
    const published = on.length === 0 ? 'none' : on.map((t) => TYPES[t]).join(', ');
    if (wanted.length === 0) return verdict(on.length > 0, `publishes ${published} to CloudWatch Logs`, 'publishes no search, index or error log to CloudWatch Logs');
    const missing = wanted.filter((t) => !on.includes(t));
    return verdict(missing.length === 0, `publishes ${published} to CloudWatch Logs`, `does not publish ${missing.map((t) => TYPES[t]).join(', ')} to CloudWatch Logs (publishes ${published})`);
  },
});
