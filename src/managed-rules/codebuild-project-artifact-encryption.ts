// codebuild-project-artifact-encryption: encryption is not disabled for any of the project's
// artifacts (primary and secondary). No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'CODEBUILD_PROJECT_ARTIFACT_ENCRYPTION',
  resourceTypes: ['AWS::CodeBuild::Project'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqObj('configuration.artifacts');
    const artifacts = [ci.reqObj('configuration.artifacts'), ...ci.objects('configuration.secondaryArtifacts', false)];
    const off = artifacts.filter((a) => a.encryptionDisabled === true).length;
    return verdict(off === 0, 'artifact encryption is on', `encryption disabled for ${off} artifact(s)`);
  },
});
