import { item, ruleCases } from './helpers.ts';

// A REST API stage's item, method settings keyed as GetStage returns them.
const method = (cachingEnabled: unknown, cacheDataEncrypted: unknown) => ({ metricsEnabled: false, loggingLevel: 'ERROR', dataTraceEnabled: false, throttlingBurstLimit: 5000, throttlingRateLimit: 10000, cachingEnabled, cacheTtlInSeconds: 300, cacheDataEncrypted, requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER' });
const stage = (cacheClusterEnabled: boolean, methodSettings: unknown) =>
  item('AWS::ApiGateway::Stage', {
    resourceId: 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod',
    resourceName: 'prod',
    configuration: { stageName: 'prod', deploymentId: 'dep123', cacheClusterEnabled, ...(cacheClusterEnabled ? { cacheClusterSize: '0.5', cacheClusterStatus: 'AVAILABLE' } : { cacheClusterStatus: 'NOT_AVAILABLE' }), tracingEnabled: false, methodSettings },
  });

ruleCases('API_GW_CACHE_ENABLED_AND_ENCRYPTED', {
  compliant: [
    { name: 'stage default caches, encrypted', item: stage(true, { '*/*': method(true, true) }) },
    { name: 'every method caches, encrypted', item: stage(true, { '*/*': method(true, true), '~1orders/GET': method(true, true) }) },
  ],
  nonCompliant: [
    { name: 'caching off', item: stage(false, { '*/*': method(false, false) }) },
    { name: 'no cache cluster', item: stage(false, { '*/*': method(true, true) }) },
    { name: 'cache not encrypted', item: stage(true, { '*/*': method(true, false) }) },
    { name: 'one method not caching', item: stage(true, { '*/*': method(true, true), '~1orders/POST': method(false, false) }) },
    { name: 'no method settings', item: stage(true, {}) },
  ],
  malformed: [
    { name: 'methodSettings missing', item: stage(true, undefined) },
    { name: 'cachingEnabled as text', item: stage(true, { '*/*': method('true', true) }) },
  ],
});
