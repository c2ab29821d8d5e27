import { item, ruleCases } from './helpers.ts';

// A CodeBuild project's item (the API's camelCase), with its sources.
const project = (source: unknown, secondarySources?: unknown) =>
  item('AWS::CodeBuild::Project', {
    resourceId: 'build-api',
    configuration: {
      name: 'build-api',
      source,
      ...(secondarySources === undefined ? {} : { secondarySources }),
      artifacts: { type: 'NO_ARTIFACTS' },
      environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL', environmentVariables: [] },
    },
  });
const bitbucket = (location: string, extra: Record<string, unknown> = {}) => ({ type: 'BITBUCKET', location, gitCloneDepth: 1, reportBuildStatus: false, ...extra });

ruleCases('CODEBUILD_PROJECT_SOURCE_REPO_URL_CHECK', {
  compliant: [
    { name: 'Bitbucket over OAuth, no credentials in the URL', item: project(bitbucket('https://bitbucket.org/acme/api.git', { auth: { type: 'OAUTH' } })) },
    { name: 'GitHub URL without credentials', item: project({ type: 'GITHUB', location: 'https://github.com/acme/api.git' }) },
    { name: 'CodeCommit source', item: project({ type: 'CODECOMMIT', location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/api' }) },
    { name: 'built by a pipeline', item: project({ type: 'CODEPIPELINE', buildSpec: 'buildspec.yml' }) },
    { name: 'clean secondary source', item: project({ type: 'CODEPIPELINE' }, [{ ...bitbucket('https://bitbucket.org/acme/shared.git'), sourceIdentifier: 'shared' }]) },
  ],
  nonCompliant: [
    { name: 'user name and password in a Bitbucket URL', item: project(bitbucket('https://deploy:s3cret@bitbucket.org/acme/api.git')) },
    { name: 'token in a Bitbucket URL', item: project(bitbucket('https://x-token-auth:abc123@bitbucket.org/acme/api.git')) },
    { name: 'token in a GitHub URL', item: project({ type: 'GITHUB', location: 'https://ghp_abcdef0123456789@github.com/acme/api.git' }) },
    { name: 'credentials in a secondary source only', item: project({ type: 'CODEPIPELINE' }, [{ ...bitbucket('https://deploy:s3cret@bitbucket.org/acme/shared.git'), sourceIdentifier: 'shared' }]) },
  ],
  malformed: [
    { name: 'no source', item: project(undefined) },
    { name: 'source without a type', item: project({ location: 'https://bitbucket.org/acme/api.git' }) },
    { name: 'location not a string', item: project({ type: 'BITBUCKET', location: 42 }) },
  ],
});
