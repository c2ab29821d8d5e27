// ecs-no-environment-secrets: no container of the task definition passes a secret as a plain
// environment variable. Parameter secretKeys (required CSV of variable names, extra spaces removed;
// unset is an InvalidParameterError). Reads configuration.Status and each container's Environment
// (Name, Value); as the page says, variables from other locations (EnvironmentFiles in Amazon S3)
// are not judged, nor are Secrets (values drawn from Secrets Manager or Parameter Store). The
// definition fails when an Environment name matches a listed key. Judgements: names are matched
// case-insensitively (a case-sensitive match could pass aws_secret_access_key where AWS fails it);
// an INACTIVE (deregistered) revision is NOT_APPLICABLE, as for this folder's other task
// definition rules. The page judges the latest active revision only, which one item cannot tell:
// every ACTIVE revision is judged. An item without Status or ContainerDefinitions, an Environment
// that is not a list, or a variable without a string Name, is malformed.
import { defineRuleEvaluator, verdict, notApplicable, isRecord, InvalidParameterError } from './define.ts';

const RULE = 'ECS_NO_ENVIRONMENT_SECRETS';

export default defineRuleEvaluator({
  rule: RULE,
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  parameters: { secretKeys: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const keys = new Set(params.list('secretKeys').map((k) => k.toUpperCase()));
    if (keys.size === 0) throw new InvalidParameterError(RULE, ci.resourceId, 'secretKeys', 'required (for example "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY")');
    if (ci.reqStr('configuration.Status') === 'INACTIVE') return notApplicable('inactive revision');
    const hits = ci.objects('configuration.ContainerDefinitions').flatMap((c, i) => {
      const at = `configuration.ContainerDefinitions.${i}.Environment`;
      const env = c.Environment ?? [];
      if (!Array.isArray(env)) throw ci.malformed(at, 'a list of variables');
      return env.flatMap((e: unknown, j) => {
        if (!isRecord(e) || typeof e.Name !== 'string') throw ci.malformed(`${at}.${j}.Name`, 'a string');
        return keys.has(e.Name.toUpperCase()) ? [`${typeof c.Name === 'string' ? c.Name : `#${i + 1}`}: ${e.Name}`] : [];
      });
    });
    return verdict(hits.length === 0, 'no container environment variable is named as a secret key', `secret keys passed as environment variables (${hits.join(', ')})`);
  },
});
