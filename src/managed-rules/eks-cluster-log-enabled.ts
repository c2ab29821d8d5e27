// eks-cluster-log-enabled: the EKS cluster sends its control plane logs to CloudWatch Logs.
// Parameter logTypes (optional CSV of api, audit, authenticator, controllerManager, scheduler).
// Reads configuration.Name and configuration.Logging.ClusterLogging.EnabledTypes[].Type. The page:
// NON_COMPLIANT if logging is not enabled, or not enabled for the log types given. Judgements: with
// logTypes set, each listed type must be enabled; unset, the page does not say whether one enabled
// type is enough, so every one of the five must be (the conservative reading: never a pass AWS
// might fail; it then concludes as EKS_CLUSTER_LOGGING_ENABLED does). An absent EnabledTypes list is
// no logging; a listed type that is not one of the five is an InvalidParameterError; an item without
// Name, or an enabled type without a string Type, is malformed.
import { defineRuleEvaluator, verdict, InvalidParameterError } from './define.ts';
import { EKS_LOG_TYPES as TYPES, enabledLogTypes } from './lib/eks.ts';

const RULE = 'EKS_CLUSTER_LOG_ENABLED';

export default defineRuleEvaluator({
  rule: RULE,
  resourceTypes: ['AWS::EKS::Cluster'],
  parameters: { logTypes: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const listed = params.list('logTypes');
    for (const t of listed) if (!TYPES.includes(t)) throw new InvalidParameterError(RULE, ci.resourceId, 'logTypes', `${JSON.stringify(t)} is not one of ${TYPES.join(', ')}`);
    const wanted = listed.length > 0 ? listed : TYPES;
    const enabled = enabledLogTypes(ci);
    const missing = wanted.filter((t) => !enabled.has(t));
    return verdict(missing.length === 0, `control plane logging enabled for ${wanted.join(', ')}`, `log types off: ${missing.join(', ')}`);
  },
});
