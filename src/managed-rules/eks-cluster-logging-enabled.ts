// eks-cluster-logging-enabled: every control plane log type (api, audit, authenticator,
// controllerManager, scheduler) is sent to CloudWatch Logs. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';
import { EKS_LOG_TYPES, enabledLogTypes } from './lib/eks.ts';

export default defineRuleEvaluator({
  rule: 'EKS_CLUSTER_LOGGING_ENABLED',
  resourceTypes: ['AWS::EKS::Cluster'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const enabled = enabledLogTypes(ci);
    const missing = EKS_LOG_TYPES.filter((t) => !enabled.has(t));
    return verdict(missing.length === 0, 'every control plane log type is enabled', `log types off: ${missing.join(', ')}`);
  },
});
