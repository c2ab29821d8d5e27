// api-gw-endpoint-type-check: the REST API's endpoint type is one the organization allows.
// Parameter endpointConfigurationTypes (required, no default): a comma-separated list of EDGE,
// REGIONAL and PRIVATE. Reads configuration.endpointConfiguration.types (GetRestApi's list; an API
// has one type). Judgements: every recorded type must be allowed (a list of several passes only
// when all are); a value outside the three, or an empty list, is an InvalidParameterError, and the
// values are matched exactly (upper case, as AWS documents and records them). API Gateway always
// reports the type, so an item without a non-empty list of strings is malformed.
import { defineRuleEvaluator, verdict, InvalidParameterError } from './define.ts';

const RULE = 'API_GW_ENDPOINT_TYPE_CHECK';
const TYPES = ['EDGE', 'REGIONAL', 'PRIVATE'];

export default defineRuleEvaluator({
  rule: RULE,
  resourceTypes: ['AWS::ApiGateway::RestApi'],
  parameters: { endpointConfigurationTypes: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const allowed = params.list('endpointConfigurationTypes');
    if (allowed.length === 0) throw new InvalidParameterError(RULE, ci.resourceId, 'endpointConfigurationTypes', 'required (a comma-separated list of EDGE, REGIONAL, PRIVATE)');
    const bad = allowed.filter((t) => !TYPES.includes(t));
    if (bad.length > 0) throw new InvalidParameterError(RULE, ci.resourceId, 'endpointConfigurationTypes', `${bad.map((t) => JSON.stringify(t)).join(', ')} is not one of EDGE, REGIONAL, PRIVATE`);
    const types = ci.strings('configuration.endpointConfiguration.types');
    if (types.length === 0) throw ci.malformed('configuration.endpointConfiguration.types', 'a non-empty array');
    const off = types.filter((t) => !allowed.includes(t));
    return verdict(off.length === 0, `endpoint type ${types.join(', ')} is allowed`, `endpoint type ${off.join(', ')} is not in endpointConfigurationTypes (${allowed.join(', ')})`);
  },
});
