import { item, ruleCases, withField } from './helpers.ts';

function instance(over: Record<string, unknown> = {}): ReturnType<typeof item> {
  return item('AWS::EC2::Instance', {
    resourceId: 'i-0a1b2c3d4e5f60718',
    configuration: {
      instanceId: 'i-0a1b2c3d4e5f60718',
      instanceType: 'm7g.large',
      imageId: 'ami-0123456789abcdef0',
      state: { name: 'running' },
      privateIpAddress: '10.0.1.25',
      publicIpAddress: null,
      subnetId: 'subnet-0aa11bb22cc33dd44',
      vpcId: 'vpc-0123abcd4567ef890',
      iamInstanceProfile: { arn: 'arn:aws:iam::123456789012:instance-profile/app', id: 'AIPAEXAMPLE' },
      metadataOptions: { state: 'applied', httpTokens: 'required', httpPutResponseHopLimit: 2, httpEndpoint: 'enabled' },
      networkInterfaces: [{ networkInterfaceId: 'eni-0a1b2c3d', privateIpAddress: '10.0.1.25', association: null }],
      ...over,
    },
  });
}

function sg(ingress: unknown[], over: Record<string, unknown> = {}, egress: unknown[] = [allEgress]): ReturnType<typeof item> {
  return item('AWS::EC2::SecurityGroup', {
    resourceId: 'sg-0123456789abcdef0',
    resourceName: 'web',
    configuration: { groupName: 'web', groupId: 'sg-0123456789abcdef0', description: 'web tier', ownerId: '123456789012', vpcId: 'vpc-0123abcd4567ef890', ipPermissions: ingress, ipPermissionsEgress: egress, ...over },
  });
}

const allEgress = { ipProtocol: '-1', ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipv6Ranges: [], prefixListIds: [], userIdGroupPairs: [], ipRanges: ['0.0.0.0/0'] };
const tcp = (from: number, to: number, cidr = '0.0.0.0/0', v6?: string) => ({
  fromPort: from,
  toPort: to,
  ipProtocol: 'tcp',
  ipv4Ranges: v6 ? [] : [{ cidrIp: cidr }],
  ipv6Ranges: v6 ? [{ cidrIpv6: v6 }] : [],
  prefixListIds: [],
  userIdGroupPairs: [],
  ipRanges: v6 ? [] : [cidr],
});
const fromGroup = { fromPort: 5432, toPort: 5432, ipProtocol: 'tcp', ipv4Ranges: [], ipv6Ranges: [], prefixListIds: [], userIdGroupPairs: [{ groupId: 'sg-0fedcba987654321', userId: '123456789012' }], ipRanges: [] };
const allTraffic = { ipProtocol: '-1', ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipv6Ranges: [], prefixListIds: [], userIdGroupPairs: [], ipRanges: ['0.0.0.0/0'] };

const subnet = (map: unknown) =>
  item('AWS::EC2::Subnet', { resourceId: 'subnet-0aa11bb22cc33dd44', configuration: { subnetId: 'subnet-0aa11bb22cc33dd44', vpcId: 'vpc-0123abcd4567ef890', cidrBlock: '10.0.1.0/24', mapPublicIpOnLaunch: map, defaultForAz: false, state: { value: 'available' } } });

const volume = (attachments: unknown[], encrypted: boolean, kmsKeyId: string | null = encrypted ? 'arn:aws:kms:eu-west-1:123456789012:key/ebs-key' : null) =>
  item('AWS::EC2::Volume', {
    resourceId: 'vol-0a1b2c3d4e5f60718',
    configuration: { volumeId: 'vol-0a1b2c3d4e5f60718', size: 100, volumeType: 'gp3', state: { value: attachments.length ? 'in-use' : 'available' }, encrypted, kmsKeyId, attachments },
  });
const attached = [{ volumeId: 'vol-0a1b2c3d4e5f60718', instanceId: 'i-0a1b2c3d4e5f60718', device: '/dev/xvda', state: 'attached', deleteOnTermination: true }];

ruleCases('EC2_INSTANCE_NO_PUBLIC_IP', {
  compliant: [{ name: 'private only', item: instance() }],
  nonCompliant: [
    { name: 'public IP', item: instance({ publicIpAddress: '203.0.113.10' }) },
    { name: 'public IP on an interface association', item: instance({ networkInterfaces: [{ networkInterfaceId: 'eni-1', association: { publicIp: '203.0.113.11', ipOwnerId: 'amazon' } }] }) },
  ],
  malformed: [{ name: 'instanceId missing', item: withField(instance(), 'configuration.instanceId', undefined) }],
});

ruleCases('EC2_IMDSV2_CHECK', {
  compliant: [{ name: 'tokens required', item: instance() }],
  nonCompliant: [{ name: 'tokens optional', item: instance({ metadataOptions: { state: 'applied', httpTokens: 'optional', httpEndpoint: 'enabled' } }) }],
  malformed: [{ name: 'metadataOptions missing', item: withField(instance(), 'configuration.metadataOptions', undefined) }],
});

ruleCases('EC2_INSTANCE_PROFILE_ATTACHED', {
  compliant: [{ name: 'profile attached', item: instance() }],
  nonCompliant: [{ name: 'no profile', item: instance({ iamInstanceProfile: null }) }],
  malformed: [{ name: 'profile arn is a number', item: instance({ iamInstanceProfile: { arn: 1 } }) }],
});

ruleCases('INSTANCES_IN_VPC', {
  compliant: [{ name: 'in a VPC', item: instance() }, { name: 'in the named VPC', item: instance(), params: { vpcId: 'vpc-0123abcd4567ef890' } }],
  nonCompliant: [{ name: 'EC2-Classic', item: instance({ vpcId: null, subnetId: null }) }, { name: 'another VPC', item: instance(), params: { vpcId: 'vpc-other' } }],
  malformed: [{ name: 'vpcId is an object', item: instance({ vpcId: { id: 'vpc-1' } }) }],
});

ruleCases('SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED', {
  compliant: [{ name: 'off', item: subnet(false) }],
  nonCompliant: [{ name: 'on', item: subnet(true) }],
  malformed: [{ name: 'missing', item: subnet(null) }],
});

ruleCases('ENCRYPTED_VOLUMES', {
  compliant: [{ name: 'attached and encrypted', item: volume(attached, true) }, { name: 'with the named key id', item: volume(attached, true), params: { kmsId: 'ebs-key' } }],
  nonCompliant: [{ name: 'attached, unencrypted', item: volume(attached, false) }, { name: 'another key', item: volume(attached, true), params: { kmsId: 'other-key' } }],
  notApplicable: [{ name: 'unattached', item: volume([], false) }],
  malformed: [{ name: 'attachments missing', item: withField(volume(attached, true), 'configuration.attachments', undefined) }],
});

ruleCases('INCOMING_SSH_DISABLED', {
  compliant: [
    { name: 'SSH from the office only', item: sg([tcp(22, 22, '198.51.100.0/24'), tcp(443, 443)]) },
    { name: 'from another group', item: sg([fromGroup]) },
  ],
  nonCompliant: [
    { name: 'SSH from anywhere', item: sg([tcp(22, 22)]) },
    { name: 'a range covering 22 from ::/0', item: sg([tcp(0, 1024, '', '::/0')]) },
    { name: 'all traffic from anywhere', item: sg([allTraffic]) },
  ],
  malformed: [
    { name: 'ipPermissions missing', item: withField(sg([]), 'configuration.ipPermissions', undefined) },
    { name: 'tcp rule without ports', item: sg([{ ipProtocol: 'tcp', ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }] }]) },
  ],
});

ruleCases('RESTRICTED_INCOMING_TRAFFIC', {
  compliant: [{ name: 'HTTPS only', item: sg([tcp(443, 443), tcp(3389, 3389, '10.0.0.0/8')]) }],
  nonCompliant: [
    { name: 'RDP from anywhere', item: sg([tcp(3389, 3389)]) },
    { name: 'MySQL in an open range', item: sg([tcp(3000, 4000)]) },
    { name: 'port from blockedPorts', item: sg([tcp(8080, 8080)]), params: { blockedPorts: '8080, 9200' } },
  ],
  malformed: [{ name: 'cidr entry without cidrIp', item: sg([{ ...tcp(22, 22), ipv4Ranges: [{}] }]) }],
});

ruleCases('VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', {
  compliant: [{ name: 'open 443 authorized', item: sg([tcp(443, 443), fromGroup]), params: { authorizedTcpPorts: '443,1020-1025' } }, { name: 'range inside an authorized range', item: sg([tcp(1021, 1022)]), params: { authorizedTcpPorts: '443,1020-1025' } }],
  nonCompliant: [
    { name: 'open 443 without authorized ports', item: sg([tcp(443, 443)]) },
    { name: 'open 22 not authorized', item: sg([tcp(22, 22)]), params: { authorizedTcpPorts: '443' } },
    { name: 'all traffic open', item: sg([allTraffic]), params: { authorizedTcpPorts: '0-65535' } },
  ],
  notApplicable: [{ name: 'nothing open to the internet', item: sg([tcp(22, 22, '10.0.0.0/8'), fromGroup]) }],
  malformed: [{ name: 'ipProtocol missing', item: sg([{ fromPort: 1, toPort: 2, ipv4Ranges: [] }]) }],
});

ruleCases('VPC_DEFAULT_SECURITY_GROUP_CLOSED', {
  compliant: [{ name: 'default group without rules', item: sg([], { groupName: 'default' }, []) }],
  nonCompliant: [{ name: 'default group with the default rules', item: sg([fromGroup], { groupName: 'default' }) }],
  notApplicable: [{ name: 'a non-default group', item: sg([tcp(22, 22)]) }],
  malformed: [{ name: 'egress missing', item: withField(sg([], { groupName: 'default' }), 'configuration.ipPermissionsEgress', undefined) }],
});
