import { item, ruleCases } from './helpers.ts';

// A task definition's item (CloudFormation's PascalCase), with its containers.
const container = (over: Record<string, unknown> = {}) => ({ Name: 'agent', Image: 'public.ecr.aws/datadog/agent:7', Essential: true, Cpu: 256, Memory: 512, ...over });
const taskDef = (NetworkMode: string | undefined, containers: unknown[], Status = 'ACTIVE') =>
  item('AWS::ECS::TaskDefinition', {
    resourceId: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/agent:3',
    configuration: { TaskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/agent:3', Family: 'agent', Status, ...(NetworkMode ? { NetworkMode } : {}), RequiresCompatibilities: ['EC2'], ContainerDefinitions: containers },
  });

ruleCases('ECS_TASK_DEFINITION_USER_FOR_HOST_MODE_CHECK', {
  compliant: [
    { name: 'awsvpc mode, root container', item: taskDef('awsvpc', [container()]) },
    { name: 'default network mode', item: taskDef(undefined, [container()]) },
    { name: 'host mode, non-root user', item: taskDef('host', [container({ User: '1000:1000' })]) },
    { name: 'host mode, privileged container', item: taskDef('host', [container({ Privileged: true })]) },
    { name: 'host mode, named user', item: taskDef('host', [container({ User: 'nginx' }), container({ Name: 'sidecar', User: '101' })]) },
    { name: 'inactive revision still judged by default', item: taskDef('host', [container({ User: 'app' })], 'INACTIVE') },
  ],
  nonCompliant: [
    { name: 'host mode, no user, not privileged', item: taskDef('host', [container()]) },
    { name: 'host mode, user root', item: taskDef('host', [container({ User: 'root', Privileged: false })]) },
    { name: 'host mode, UID 0 with a group', item: taskDef('host', [container({ User: '0:0' })]) },
    { name: 'host mode, one of two containers root', item: taskDef('host', [container({ User: '1000' }), container({ Name: 'log-router' })]) },
    { name: 'inactive revision not skipped', item: taskDef('host', [container()], 'INACTIVE'), params: { SkipInactiveTaskDefinitions: 'false' } },
  ],
  notApplicable: [{ name: 'inactive revision skipped', item: taskDef('host', [container()], 'INACTIVE'), params: { SkipInactiveTaskDefinitions: 'true' } }],
  malformed: [
    { name: 'host mode without containers', item: taskDef('host', undefined as unknown as unknown[]) },
    { name: 'Privileged as text', item: taskDef('host', [container({ Privileged: 'true' })]) },
    { name: 'User as a number', item: taskDef('host', [container({ User: 0 })]) },
  ],
});
