// codebuild-project-envvar-awscred-check: the build environment holds no AWS credentials in
// plaintext variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

const CREDENTIALS = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);

export default defineRuleEvaluator({
  rule: 'CODEBUILD_PROJECT_ENVVAR_AWSCRED_CHECK',
  resourceTypes: ['AWS::CodeBuild::Project'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqObj('configuration.environment');
    const vars = ci.objects('configuration.environment.environmentVariables', false);
    const bad = vars.filter((v, i) => {
      if (typeof v.name !== 'string') throw ci.malformed(`configuration.environment.environmentVariables.${i}.name`, 'a string');
      return CREDENTIALS.has(v.name) && (v.type === undefined || v.type === null || v.type === 'PLAINTEXT');
    });
    return verdict(bad.length === 0, 'no plaintext AWS credentials', `plaintext credentials in ${bad.map((v) => String(v.name)).join(', ')}`);
  },
});
