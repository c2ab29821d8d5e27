import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ruleEvaluator } from '../../src/managed-rules/index.ts';
import { item, ruleCases } from './helpers.ts';

// A REST API's item (GetRestApi's camelCase) with these endpoint types.
function restApi(endpointConfiguration: unknown): ReturnType<typeof item> {
  return item('AWS::ApiGateway::RestApi', {
    resourceId: 'a1b2c3d4e5',
    resourceName: 'orders',
    configuration: { id: 'a1b2c3d4e5', name: 'orders', description: 'orders API', createdDate: '2026-03-02T10:11:12.000Z', apiKeySource: 'HEADER', binaryMediaTypes: [], ...(endpointConfiguration === undefined ? {} : { endpointConfiguration }) },
  });
}

const NOT_EDGE = { endpointConfigurationTypes: 'REGIONAL, PRIVATE' };
const PACK = { endpointConfigurationTypes: 'REGIONAL, PRIVATE, EDGE' };

ruleCases('API_GW_ENDPOINT_TYPE_CHECK', {
  compliant: [
    { name: 'regional, regional or private allowed', item: restApi({ types: ['REGIONAL'] }), params: NOT_EDGE },
    { name: 'private, regional or private allowed', item: restApi({ types: ['PRIVATE'] }), params: NOT_EDGE },
    { name: 'edge, every type allowed (the sample packs)', item: restApi({ types: ['EDGE'] }), params: PACK },
    { name: 'private, private only, no spaces', item: restApi({ types: ['PRIVATE'] }), params: { endpointConfigurationTypes: 'PRIVATE' } },
  ],
  nonCompliant: [
    { name: 'edge-optimized, regional or private allowed', item: restApi({ types: ['EDGE'] }), params: NOT_EDGE },
    { name: 'regional, private only', item: restApi({ types: ['REGIONAL'] }), params: { endpointConfigurationTypes: 'PRIVATE' } },
  ],
  notApplicable: [
    { name: 'a stage, not an API', item: item('AWS::ApiGateway::Stage', { configuration: { stageName: 'prod' } }), params: NOT_EDGE },
    { name: 'a deleted API', item: { ...restApi({ types: ['EDGE'] }), configurationItemStatus: 'ResourceDeleted' }, params: NOT_EDGE },
  ],
  malformed: [
    { name: 'no endpoint configuration', item: restApi(undefined), params: NOT_EDGE },
    { name: 'types missing', item: restApi({}), params: NOT_EDGE },
    { name: 'types empty', item: restApi({ types: [] }), params: NOT_EDGE },
    { name: 'types a string', item: restApi({ types: 'REGIONAL' }), params: NOT_EDGE },
  ],
});

describe('API_GW_ENDPOINT_TYPE_CHECK parameters', () => {
  it('requires endpointConfigurationTypes and accepts only EDGE, REGIONAL and PRIVATE', () => {
    const evaluate = (params: Record<string, string>) => () => ruleEvaluator('API_GW_ENDPOINT_TYPE_CHECK')!.evaluate(restApi({ types: ['REGIONAL'] }), params);
    expect(evaluate({})).toThrow(InvalidParameterError);
    expect(evaluate({ endpointConfigurationTypes: ' , ' })).toThrow(InvalidParameterError);
    expect(evaluate({ endpointConfigurationTypes: 'REGIONAL, GLOBAL' })).toThrow(InvalidParameterError);
    expect(evaluate({ endpointConfigurationTypes: 'regional' })).toThrow(InvalidParameterError);
  });
});
