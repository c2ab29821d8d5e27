// eks-cluster-logging-enabled: every control plane log type (api, audit, authenticator,
// controllerManager, scheduler) is sent to CloudWatch Logs. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

const TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

export default defineRuleEvaluator({
  rule: 'EKS_CLUSTER_LOGGING_ENABLED',
  resourceTypes: ['AWS::EKS::Cluster'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqStr('configuration.Name');
    const enabled = new Set(
      ci.objects('configuration.Logging.ClusterLogging.EnabledTypes', false).map((t, i) => {
        if (typeof t.Type !== 'string') throw ci.malformed(`configuration.Logging.ClusterLogging.EnabledTypes.${i}.Type`, 'a string');
        return t.Type;
      }),
    );
    const missing = TYPES.filter((t) => !enabled.has(t));
    return verdict(missing.length === 0, 'every control plane log type is enabled', `log types off: ${missing.join(', ')}`);
  },
});
