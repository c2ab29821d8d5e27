// ecs-task-definition-user-for-host-mode-check: a task definition using the host network mode
// runs every container privileged or as a user other than root. Parameter
// SkipInactiveTaskDefinitions (optional boolean, unset: false): when true, an INACTIVE revision is
// NOT_APPLICABLE. Any other network mode is COMPLIANT, as the rule's page says. Judgement: a
// User of root or UID 0, alone or with a group (root:root, 0:0), or none at all, is root.
import { defineRuleEvaluator, verdict, compliant, notApplicable } from './define.ts';

const ROOT = /^(root|0)(:.*)?$/;

export default defineRuleEvaluator({
  rule: 'ECS_TASK_DEFINITION_USER_FOR_HOST_MODE_CHECK',
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  parameters: { SkipInactiveTaskDefinitions: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    if (params.bool('SkipInactiveTaskDefinitions') === true && ci.optStr('configuration.Status') === 'INACTIVE') return notApplicable('inactive revision, skipped');
    const mode = ci.optStr('configuration.NetworkMode');
    if (mode !== 'host') return compliant(`network mode ${mode ?? 'default (bridge)'}, not host`);
    const exposed = ci.objects('configuration.ContainerDefinitions').filter((c, i) => {
      if (c.Privileged !== undefined && c.Privileged !== null && typeof c.Privileged !== 'boolean') throw ci.malformed(`configuration.ContainerDefinitions.${i}.Privileged`, 'a boolean');
      if (c.User !== undefined && c.User !== null && typeof c.User !== 'string') throw ci.malformed(`configuration.ContainerDefinitions.${i}.User`, 'a string');
      const user = typeof c.User === 'string' ? c.User.trim() : '';
      return c.Privileged !== true && (user === '' || ROOT.test(user));
    });
    return verdict(exposed.length === 0, 'host network mode, every container privileged or not root', `host network mode with root, unprivileged containers: ${exposed.map((c) => String(c.Name)).join(', ')}`);
  },
});
