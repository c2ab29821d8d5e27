// The sandbox's compute resources as AWS Config records them: EC2 subnets, EC2 instances and
// Lambda functions, in the shapes of the public aws-config-resource-schema. As for the other
// kinds (config-items.ts), each item writes out the settings that produce the verdicts the
// oracle reports (ConfigFacts.verdict); none of these rules puts a resource out of scope, so a
// seeded NOT_APPLICABLE is written out as the setting being on. The network hangs together: a
// VPC's subnets lie in two availability zones, and an instance or a VPC-connected function sits
// in subnets of one VPC with that VPC's security group.
import { hexOf, iamId, unit, uuidOf } from '../prng.ts';
import { DAY_MS, EPOCH } from '../clock.ts';
import type { OrgModel, ResourceKind, ResourceRef } from '../org.ts';
import type { Compliance } from './config-facts.ts';
import { lambdaPolicy } from './config-items-policies.ts';

export type ComputeKind = 'instance' | 'subnet' | 'function';

/** The managed rules with local evaluators that the compute items reproduce, and the kind each judges. */
export const COMPUTE_ITEM_RULES: Record<string, ResourceKind> = {
  EC2_INSTANCE_NO_PUBLIC_IP: 'instance',
  INSTANCES_IN_VPC: 'instance',
  EC2_INSTANCE_PROFILE_ATTACHED: 'instance',
  EC2_INSTANCE_DETAILED_MONITORING_ENABLED: 'instance',
  EC2_IMDSV2_CHECK: 'instance',
  SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED: 'subnet',
  LAMBDA_INSIDE_VPC: 'function',
  LAMBDA_CONCURRENCY_CHECK: 'function',
  LAMBDA_DLQ_CHECK: 'function',
  LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED: 'function',
};

/** How many of a compute kind an account-region holds. */
export function computeCount(org: OrgModel, kind: ComputeKind, account: string, region: string): number {
  const r = org.resources;
  switch (kind) {
    case 'subnet':
      // Two per VPC, one in each of two availability zones.
      return 2 * org.count('vpc', account, region);
    case 'instance':
      // Some account-regions run none.
      return Math.floor(unit(org.seed, account, region, 'ec2-instances') * (1 + 0.08 * r));
    case 'function':
      return Math.floor(unit(org.seed, account, region, 'lambda-functions') * (1 + 0.06 * r));
  }
}

const FUNCTION_NAMES = ['ingest-events', 'resize-images', 'forward-audit-logs', 'nightly-report', 'webhook-handler', 'rotate-tokens'];

/** The i-th resource of a compute kind, named as Config names it (a function by its name). */
export function computeResource(org: OrgModel, kind: ComputeKind, account: string, region: string, i: number): ResourceRef {
  const s = org.seed;
  switch (kind) {
    case 'subnet':
      return { type: 'AWS::EC2::Subnet', id: `subnet-${hexOf(17, s, account, 'subnet', region, i)}` };
    case 'instance':
      return { type: 'AWS::EC2::Instance', id: `i-${hexOf(17, s, account, 'instance', region, i)}` };
    case 'function':
      return { type: 'AWS::Lambda::Function', id: `sbx-${FUNCTION_NAMES[i % FUNCTION_NAMES.length]!}-${i}` };
  }
}

type Item = Record<string, unknown>;
type Verdicts = (sid: string) => Compliance;

/** Where subnet s lies: its VPC's index and its zone (0 or 1). */
function placeOf(org: OrgModel, account: string, region: string, s: number): { vpc: number; zone: number } {
  const vpcs = org.count('vpc', account, region);
  return { vpc: s % vpcs, zone: Math.floor(s / vpcs) };
}

const zoneName = (region: string, zone: number): string => `${region}${'ab'[zone]!}`;

/**
 * The security group an instance or function of VPC k uses: the k-th group, which lies in that
 * VPC (a group's VPC is its index modulo the VPCs, and there are more groups than VPCs), with the
 * name its own item shows.
 */
function groupOf(org: OrgModel, account: string, region: string, k: number, day: number): { groupId: string; groupName: string } {
  const res = org.resource('sg', account, region, k);
  const isDefault = org.config.verdict('VPC_DEFAULT_SECURITY_GROUP_CLOSED', account, region, res, day).compliance !== 'NOT_APPLICABLE';
  return { groupId: res.id, groupName: isDefault ? 'default' : `app-${k}` };
}

/** The item's fields beyond the common ones (version, accountId, capture time, status, type, id, tags). */
export function computeItem(org: OrgModel, kind: ComputeKind, account: string, region: string, res: ResourceRef, i: number, day: number, v: Verdicts): Item {
  // Launched or last deployed weeks before the simulation starts, so the time does not move with the day.
  const since = new Date(EPOCH - Math.floor((20 + 300 * unit(org.seed, res.id, 'since')) * DAY_MS)).toISOString();
  switch (kind) {
    case 'subnet':
      return subnet(org, account, region, res, i, v);
    case 'instance':
      return instance(org, account, region, res, i, day, since, v);
    case 'function':
      return lambdaFunction(org, account, region, res, i, day, since, v);
  }
}

function subnet(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, v: Verdicts): Item {
  const { vpc, zone } = placeOf(org, account, region, i);
  const arn = `arn:aws:ec2:${region}:${account}:subnet/${res.id}`;
  const az = zoneName(region, zone);
  // A /20: 4,096 addresses, of which AWS reserves five.
  const used = Number.parseInt(hexOf(2, org.seed, res.id, 'used'), 16);
  const configuration = {
    subnetId: res.id,
    subnetArn: arn,
    vpcId: org.resource('vpc', account, region, vpc).id,
    ownerId: account,
    availabilityZone: az,
    cidrBlock: `10.${vpc % 256}.${zone * 16}.0/20`,
    availableIpAddressCount: 4091 - used,
    defaultForAz: false,
    mapPublicIpOnLaunch: v('SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED') === 'NON_COMPLIANT',
    assignIpv6AddressOnCreation: false,
    ipv6CidrBlockAssociationSet: [],
    state: { value: 'available' },
  };
  return { awsRegion: region, availabilityZone: az, resourceName: res.id, arn, configuration };
}

const INSTANCE_TYPES: [type: string, architecture: string][] = [
  ['t3.medium', 'x86_64'],
  ['m6i.large', 'x86_64'],
  ['c7g.xlarge', 'arm64'],
  ['t4g.small', 'arm64'],
];

/** An address from hex digits: four bytes, each kept within [lo, lo + span). */
const octet = (hex: string, k: number, lo = 0, span = 256): number => lo + (Number.parseInt(hex.slice(2 * k, 2 * k + 2), 16) % span);

function instance(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, launched: string, v: Verdicts): Item {
  const on = (sid: string): boolean => v(sid) !== 'NON_COMPLIANT';
  const s = i % computeCount(org, 'subnet', account, region);
  const { vpc, zone } = placeOf(org, account, region, s);
  const az = zoneName(region, zone);
  const subnetId = computeResource(org, 'subnet', account, region, s).id;
  const vpcId = org.resource('vpc', account, region, vpc).id;
  const group = groupOf(org, account, region, vpc, day);
  const h = hexOf(16, org.seed, res.id, 'addresses');
  const privateIp = `10.${vpc % 256}.${zone * 16 + octet(h, 0, 0, 16)}.${octet(h, 1, 4, 250)}`;
  const internal = region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
  const privateDns = `ip-${privateIp.replace(/\./g, '-')}.${internal}`;
  // A public address, from a subnet that assigns one at launch or an Elastic IP.
  const publicIp = on('EC2_INSTANCE_NO_PUBLIC_IP') ? undefined : `${[3, 18, 34, 52, 54][octet(h, 2) % 5]!}.${octet(h, 3)}.${octet(h, 4)}.${octet(h, 5, 1, 254)}`;
  const publicDns = publicIp ? `ec2-${publicIp.replace(/\./g, '-')}.${region === 'us-east-1' ? 'compute-1' : `${region}.compute`}.amazonaws.com` : '';
  const association = publicIp ? { association: { publicIp, publicDnsName: publicDns, ipOwnerId: 'amazon' } } : {};
  const [instanceType, architecture] = INSTANCE_TYPES[Number.parseInt(h.slice(12, 14), 16) % INSTANCE_TYPES.length]!;
  const eni = `eni-${hexOf(17, org.seed, res.id, 'eni')}`;
  const imds = on('EC2_IMDSV2_CHECK');
  const configuration = {
    instanceId: res.id,
    imageId: `ami-${hexOf(17, org.seed, region, architecture, 'ami')}`,
    instanceType,
    architecture,
    launchTime: launched,
    state: { code: 16, name: 'running' },
    placement: { availabilityZone: az, groupName: '', tenancy: 'default' },
    // No instance runs outside a VPC since EC2-Classic was retired (August 2023).
    vpcId,
    subnetId,
    privateIpAddress: privateIp,
    privateDnsName: privateDns,
    ...(publicIp ? { publicIpAddress: publicIp } : {}),
    publicDnsName: publicDns,
    securityGroups: [group],
    networkInterfaces: [
      {
        networkInterfaceId: eni,
        subnetId,
        vpcId,
        ownerId: account,
        description: '',
        interfaceType: 'interface',
        status: 'in-use',
        macAddress: `0a:${h.slice(6, 8)}:${h.slice(8, 10)}:${h.slice(10, 12)}:${h.slice(12, 14)}:${h.slice(14, 16)}`,
        privateIpAddress: privateIp,
        privateDnsName: privateDns,
        sourceDestCheck: true,
        groups: [group],
        attachment: { attachmentId: `eni-attach-${hexOf(17, org.seed, eni)}`, attachTime: launched, deleteOnTermination: true, deviceIndex: 0, networkCardIndex: 0, status: 'attached' },
        ipv6Addresses: [],
        privateIpAddresses: [{ primary: true, privateIpAddress: privateIp, privateDnsName: privateDns, ...association }],
        ...association,
      },
    ],
    ...(on('EC2_INSTANCE_PROFILE_ATTACHED') ? { iamInstanceProfile: { arn: `arn:aws:iam::${account}:instance-profile/sbx-app-instance`, id: iamId('AIPA', org.seed, account, 'instance-profile') } } : {}),
    // Requiring session tokens goes with a hop limit of 2, so containers on the host still reach the service.
    metadataOptions: { state: 'applied', httpTokens: imds ? 'required' : 'optional', httpPutResponseHopLimit: imds ? 2 : 1, httpEndpoint: 'enabled' },
    monitoring: { state: on('EC2_INSTANCE_DETAILED_MONITORING_ENABLED') ? 'enabled' : 'disabled' },
    rootDeviceName: '/dev/xvda',
    rootDeviceType: 'ebs',
    blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeId: `vol-${hexOf(17, org.seed, res.id, 'root')}`, attachTime: launched, deleteOnTermination: true, status: 'attached' } }],
    ebsOptimized: true,
    enaSupport: true,
    hypervisor: 'xen',
    virtualizationType: 'hvm',
    sourceDestCheck: true,
    amiLaunchIndex: 0,
  };
  const arn = `arn:aws:ec2:${region}:${account}:instance/${res.id}`;
  return { awsRegion: region, availabilityZone: az, resourceName: res.id, arn, configuration };
}

const RUNTIMES = ['python3.12', 'nodejs20.x', 'java21'];

function lambdaFunction(org: OrgModel, account: string, region: string, res: ResourceRef, i: number, day: number, modified: string, v: Verdicts): Item {
  const on = (sid: string): boolean => v(sid) !== 'NON_COMPLIANT';
  const name = res.id;
  const arn = `arn:aws:lambda:${region}:${account}:function:${name}`;
  const runtime = RUNTIMES[i % RUNTIMES.length]!;
  // A connected function uses both subnets of one VPC and that VPC's group.
  const vpcs = org.count('vpc', account, region);
  const k = i % vpcs;
  const subnets = [k, k + vpcs].map((s) => computeResource(org, 'subnet', account, region, s).id);
  const inVpc = on('LAMBDA_INSIDE_VPC');
  const reserved = on('LAMBDA_CONCURRENCY_CHECK');
  const configuration = {
    functionName: name,
    functionArn: arn,
    runtime,
    role: `arn:aws:iam::${account}:role/sbx-lambda-execution`,
    handler: runtime.startsWith('java') ? 'example.Handler::handleRequest' : runtime.startsWith('python') ? 'app.handler' : 'index.handler',
    codeSize: 4096 + Number.parseInt(hexOf(4, org.seed, arn, 'size'), 16),
    codeSha256: Buffer.from(hexOf(64, org.seed, arn, 'code'), 'hex').toString('base64'),
    description: '',
    timeout: 30,
    memorySize: 256,
    lastModified: modified,
    version: '$LATEST',
    revisionId: uuidOf(org.seed, arn, 'revision'),
    packageType: 'Zip',
    architectures: ['x86_64'],
    ephemeralStorage: { size: 512 },
    tracingConfig: { mode: 'PassThrough' },
    state: { value: 'Active' },
    lastUpdateStatus: 'Successful',
    ...(inVpc ? { vpcConfig: { subnetIds: subnets, securityGroupIds: [groupOf(org, account, region, k, day).groupId] } } : {}),
    ...(on('LAMBDA_DLQ_CHECK') ? { deadLetterConfig: { targetArn: `arn:aws:sqs:${region}:${account}:${name}-dlq` } } : {}),
  };
  const policy = lambdaPolicy(org, account, region, arn, i, !on('LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED'));
  const supplementaryConfiguration = { ...(reserved ? { Concurrency: { reservedConcurrentExecutions: 5 + (i % 4) * 5 } } : {}), ...(policy ? { Policy: policy } : {}) };
  return { awsRegion: region, resourceName: name, arn, configuration, supplementaryConfiguration };
}
