import { describe, expect, it } from 'vitest';
import { item, ruleCases } from './helpers.ts';
import { InvalidParameterError, ruleEvaluator } from '../../src/managed-rules/index.ts';

const params = { secretKeys: ' AWS_ACCESS_KEY_ID,  AWS_SECRET_ACCESS_KEY , ECS_ENGINE_AUTH_DATA' };

// A task definition's item (CloudFormation's PascalCase), with its containers.
const container = (over: Record<string, unknown> = {}) => ({ Name: 'api', Image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2', Essential: true, Cpu: 256, Memory: 512, Environment: [{ Name: 'STAGE', Value: 'prod' }], ...over });
const taskDef = (containers: unknown, Status: string | null = 'ACTIVE') =>
  item('AWS::ECS::TaskDefinition', {
    resourceId: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:7',
    configuration: { TaskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:7', Family: 'api', ...(Status === null ? {} : { Status }), NetworkMode: 'awsvpc', RequiresCompatibilities: ['FARGATE'], ContainerDefinitions: containers },
  });
const plain = (Name: string) => ({ Name, Value: 'placeholder' });

ruleCases('ECS_NO_ENVIRONMENT_SECRETS', {
  compliant: [
    { name: 'no secret key among the variables', item: taskDef([container()]), params },
    { name: 'the secret drawn from Secrets Manager', item: taskDef([container({ Secrets: [{ Name: 'AWS_SECRET_ACCESS_KEY', ValueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-key-AbCdEf' }] })]), params },
    { name: 'variables from an S3 environment file are not judged', item: taskDef([container({ EnvironmentFiles: [{ Type: 's3', Value: 'arn:aws:s3:::acme-config/api.env' }] })]), params },
    { name: 'a container without Environment', item: taskDef([container({ Environment: undefined })]), params },
    { name: 'a name only containing a key', item: taskDef([container({ Environment: [plain('OLD_AWS_ACCESS_KEY_ID_HINT')] })]), params },
  ],
  nonCompliant: [
    { name: 'an access key id in plain text', item: taskDef([container({ Environment: [plain('STAGE'), plain('AWS_ACCESS_KEY_ID')] })]), params },
    { name: 'the sidecar passes the engine auth data', item: taskDef([container(), container({ Name: 'sidecar', Environment: [plain('ECS_ENGINE_AUTH_DATA')] })]), params },
    { name: 'a key in another case', item: taskDef([container({ Environment: [plain('aws_secret_access_key')] })]), params },
  ],
  notApplicable: [
    { name: 'an inactive revision', item: taskDef([container({ Environment: [plain('AWS_ACCESS_KEY_ID')] })], 'INACTIVE'), params },
    { name: 'not a task definition', item: item('AWS::ECS::Service', { configuration: {} }), params },
  ],
  malformed: [
    { name: 'no Status', item: taskDef([container()], null), params },
    { name: 'no container definitions', item: taskDef(undefined), params },
    { name: 'Environment not a list', item: taskDef([container({ Environment: { AWS_ACCESS_KEY_ID: 'x' } })]), params },
    { name: 'a variable without a name', item: taskDef([container({ Environment: [{ Value: 'x' }] })]), params },
  ],
});

describe('ECS_NO_ENVIRONMENT_SECRETS secretKeys', () => {
  it('is required', () => {
    expect(() => ruleEvaluator('ECS_NO_ENVIRONMENT_SECRETS')!.evaluate(taskDef([container()]))).toThrow(InvalidParameterError);
  });
});
