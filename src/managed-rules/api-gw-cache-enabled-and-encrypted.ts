// api-gw-cache-enabled-and-encrypted: every method of the REST API stage caches responses, in an
// encrypted cache. No parameters. Method settings are in methodSettings, keyed "resource/method"
// ("*/*" for the stage default), as GetStage returns them; the published item schema does not
// list that map, so an item without it is malformed (an ERROR, never a pass). Judgement: method
// caching works only with the stage's cache cluster, so a stage without one caches nothing and
// is NON_COMPLIANT whatever its method settings say.
import { defineRuleEvaluator, compliant, nonCompliant, isRecord } from './define.ts';

export default defineRuleEvaluator({
  rule: 'API_GW_CACHE_ENABLED_AND_ENCRYPTED',
  resourceTypes: ['AWS::ApiGateway::Stage'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqStr('configuration.stageName');
    const cluster = ci.optBool('configuration.cacheClusterEnabled') ?? false;
    const entries = Object.entries(ci.reqObj('configuration.methodSettings'));
    const flag = (key: string, s: unknown, name: string): boolean => {
      if (!isRecord(s)) throw ci.malformed(`configuration.methodSettings.${key}`, 'an object');
      const v = s[name] ?? false;
      if (typeof v !== 'boolean') throw ci.malformed(`configuration.methodSettings.${key}.${name}`, 'a boolean');
      return v;
    };
    const uncached = entries.filter(([k, s]) => !flag(k, s, 'cachingEnabled')).map(([k]) => k);
    const unencrypted = entries.filter(([k, s]) => flag(k, s, 'cachingEnabled') && !flag(k, s, 'cacheDataEncrypted')).map(([k]) => k);
    if (!cluster) return nonCompliant('the stage has no cache cluster');
    if (entries.length === 0) return nonCompliant('no method settings enable caching');
    if (uncached.length > 0) return nonCompliant(`caching disabled for ${uncached.join(', ')}`);
    if (unencrypted.length > 0) return nonCompliant(`cache not encrypted for ${unencrypted.join(', ')}`);
    return compliant(`caching enabled and encrypted for ${entries.map(([k]) => k).join(', ')}`);
  },
});
