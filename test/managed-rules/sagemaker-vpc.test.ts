import { item, ruleCases } from './helpers.ts';

// A notebook instance's item (the SageMaker API's PascalCase), in a subnet or not.
function notebook(network: Record<string, unknown>, name = 'research-nb'): ReturnType<typeof item> {
  return item('AWS::SageMaker::NotebookInstance', {
    resourceId: name,
    configuration: {
      NotebookInstanceName: name,
      InstanceType: 'ml.t3.medium',
      RoleArn: 'arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole',
      DirectInternetAccess: 'SubnetId' in network ? 'Disabled' : 'Enabled',
      RootAccess: 'Disabled',
      VolumeSizeInGB: 20,
      ...network,
    },
  });
}
const inSubnet = (SubnetId: unknown) => notebook({ SubnetId, SecurityGroupIds: ['sg-0a1b2c3d4e5f60718'] });

ruleCases('SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC', {
  compliant: [
    { name: 'in a subnet', item: inSubnet('subnet-0a1b2c3d4e5f60718') },
    { name: 'in an approved subnet', item: inSubnet('subnet-0a1b2c3d4e5f60718'), params: { SubnetIds: 'subnet-0fedcba9876543210, subnet-0a1b2c3d4e5f60718' } },
  ],
  nonCompliant: [
    { name: 'no subnet: launched outside a VPC', item: notebook({}) },
    { name: 'empty subnet id', item: inSubnet('') },
    { name: 'subnet not approved', item: inSubnet('subnet-0a1b2c3d4e5f60718'), params: { SubnetIds: 'subnet-0fedcba9876543210' } },
  ],
  notApplicable: [{ name: 'not a notebook instance', item: item('AWS::SageMaker::EndpointConfig', { configuration: {} }) }],
  malformed: [
    { name: 'subnet id not a string', item: inSubnet(['subnet-0a1b2c3d4e5f60718']) },
    { name: 'configuration not an object', item: { ...notebook({}), configuration: 'research-nb' } },
  ],
});
