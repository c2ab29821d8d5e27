// What EKS cluster configuration items say about control plane logging.
import type { ItemReader } from '../define.ts';

/** The control plane log types EKS can send to CloudWatch Logs. */
export const EKS_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/**
 * The cluster's enabled log types (configuration.Logging.ClusterLogging.EnabledTypes[].Type; an
 * absent list is none). An item without Name, or an enabled type without a string Type, is malformed.
 */
export function enabledLogTypes(ci: ItemReader): Set<string> {
  ci.reqStr('configuration.Name');
  return new Set(
    ci.objects('configuration.Logging.ClusterLogging.EnabledTypes', false).map((t, i) => {
      if (typeof t.Type !== 'string') throw ci.malformed(`configuration.Logging.ClusterLogging.EnabledTypes.${i}.Type`, 'a string');
      return t.Type;
    }),
  );
}
