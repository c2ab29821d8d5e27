// codebuild-project-source-repo-url-check: no source repository URL of the CodeBuild project
// carries sign-in credentials (user name and password, or a token, before the host). No
// parameters. Reads the primary source and the secondary sources. Judgement: the rule's page
// names Bitbucket and earlier versions of it GitHub too, so BITBUCKET, GITHUB and
// GITHUB_ENTERPRISE sources are checked; other source types (CodeCommit, S3, CodePipeline, no
// source) hold no repository sign-in and pass.
import { defineRuleEvaluator, verdict } from './define.ts';

const GIT_HOSTS = new Set(['BITBUCKET', 'GITHUB', 'GITHUB_ENTERPRISE']);
/** A URL whose authority has user information: scheme://user[:secret]@host. */
const USER_INFO = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@]+@/i;

export default defineRuleEvaluator({
  rule: 'CODEBUILD_PROJECT_SOURCE_REPO_URL_CHECK',
  resourceTypes: ['AWS::CodeBuild::Project'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const primary = ci.reqObj('configuration.source');
    const sources = [{ path: 'configuration.source', s: primary }, ...ci.objects('configuration.secondarySources', false).map((s, i) => ({ path: `configuration.secondarySources.${i}`, s }))];
    const leaking = sources.filter(({ path, s }) => {
      if (typeof s.type !== 'string') throw ci.malformed(`${path}.type`, 'a string');
      if (!GIT_HOSTS.has(s.type)) return false;
      if (s.location !== undefined && s.location !== null && typeof s.location !== 'string') throw ci.malformed(`${path}.location`, 'a string');
      return typeof s.location === 'string' && USER_INFO.test(s.location);
    });
    return verdict(leaking.length === 0, 'no source URL carries sign-in credentials', `sign-in credentials in the URL of ${leaking.map(({ s }) => String(s.sourceIdentifier ?? s.type)).join(', ')}`);
  },
});
