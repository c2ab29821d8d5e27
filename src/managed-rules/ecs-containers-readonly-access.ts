// ecs-containers-readonly-access: every container of the task definition has a read-only root
// file system (ReadonlyRootFilesystem true; absent counts as false). No parameters.
// Judgement: an INACTIVE (deregistered) revision is NOT_APPLICABLE.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'ECS_CONTAINERS_READONLY_ACCESS',
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  fields: ['configuration'],
  evaluate({ ci }) {
    if (ci.optStr('configuration.Status') === 'INACTIVE') return notApplicable('inactive revision');
    const writable = ci.objects('configuration.ContainerDefinitions').filter((c) => c.ReadonlyRootFilesystem !== true);
    return verdict(writable.length === 0, 'every container has a read-only root file system', `writable root file system: ${writable.map((c) => String(c.Name)).join(', ')}`);
  },
});
