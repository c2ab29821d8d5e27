// ecs-task-definition-log-configuration: every container of the task definition has a log
// configuration. No parameters. An INACTIVE (deregistered) revision is NOT_APPLICABLE.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'ECS_TASK_DEFINITION_LOG_CONFIGURATION',
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  fields: ['configuration'],
  evaluate({ ci }) {
    if (ci.optStr('configuration.Status') === 'INACTIVE') return notApplicable('inactive revision');
    const missing = ci.objects('configuration.ContainerDefinitions').filter((c) => {
      const lc = c.LogConfiguration as Record<string, unknown> | null | undefined;
      return !lc || typeof lc.LogDriver !== 'string';
    });
    return verdict(missing.length === 0, 'every container has a log configuration', `no log configuration: ${missing.map((c) => String(c.Name)).join(', ')}`);
  },
});
