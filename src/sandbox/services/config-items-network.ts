// Configuration items of the sandbox's VPC route tables, internet gateways and network ACLs, in
// the EC2 API's camelCase as AWS Config records them. Each VPC has its main route table, one
// internet gateway, its default network ACL and one custom network ACL: the custom ACL holds the
// VPC's second subnet where VPC_NETWORK_ACL_UNUSED_CHECK passes it (its seeded verdict) and no
// subnet where it fails, the default ACL the remaining subnets, so it is always in use. A route table fails NO_UNRESTRICTED_ROUTE_TO_IGW by its seeded verdict, routing
// 0.0.0.0/0 to its VPC's gateway; that gateway must then be attached, so the gateway's verdict
// (with no AuthorizedVpcIds every attached gateway fails) is derived here (networkCompliance).
import { hexOf, unit } from '../prng.ts';
import type { OrgModel, ResourceRef } from '../org.ts';
import type { Compliance } from './config-facts.ts';

export type NetworkKind = 'routetable' | 'igw' | 'nacl';

/** The managed rules with local evaluators that these items reproduce, and the kind each judges. */
export const NETWORK_ITEM_RULES: Record<string, NetworkKind> = {
  NO_UNRESTRICTED_ROUTE_TO_IGW: 'routetable',
  INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY: 'igw',
  NACL_NO_UNRESTRICTED_SSH_RDP: 'nacl',
  VPC_NETWORK_ACL_UNUSED_CHECK: 'nacl',
};

type Item = Record<string, unknown>;
type Verdict = (sid: string) => Compliance;

/** One main route table and one internet gateway per VPC; two network ACLs (its default one, then a custom one). */
export function networkCount(org: OrgModel, kind: NetworkKind, account: string, region: string): number {
  return org.count('vpc', account, region) * (kind === 'nacl' ? 2 : 1);
}

export function networkResource(org: OrgModel, kind: NetworkKind, account: string, region: string, i: number): ResourceRef {
  switch (kind) {
    case 'routetable':
      return { type: 'AWS::EC2::RouteTable', id: `rtb-${hexOf(17, org.seed, account, 'rtb', region, i)}` };
    case 'igw':
      return { type: 'AWS::EC2::InternetGateway', id: `igw-${hexOf(17, org.seed, account, 'igw', region, i)}` };
    case 'nacl':
      return { type: 'AWS::EC2::NetworkAcl', id: `acl-${hexOf(17, org.seed, account, 'acl', region, i)}` };
  }
}

/** The index of a route table or gateway among its kind (the index of its VPC), or -1. */
function indexOf(org: OrgModel, kind: NetworkKind, account: string, region: string, res: ResourceRef): number {
  const n = networkCount(org, kind, account, region);
  for (let k = 0; k < n; k += 1) if (networkResource(org, kind, account, region, k).id === res.id) return k;
  return -1;
}

/** Whether the VPC's main route table sends 0.0.0.0/0 to the gateway. */
function routesToGateway(org: OrgModel, account: string, region: string, i: number, day: number): boolean {
  return org.config.seeded('NO_UNRESTRICTED_ROUTE_TO_IGW', account, region, networkResource(org, 'routetable', account, region, i), day).compliance === 'NON_COMPLIANT';
}

/** Whether a gateway is attached: its seeded verdict fails, or a route table routes to it. */
function attached(org: OrgModel, account: string, region: string, i: number, day: number): boolean {
  return routesToGateway(org, account, region, i, day) || org.config.seeded('INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY', account, region, networkResource(org, 'igw', account, region, i), day).compliance === 'NON_COMPLIANT';
}

/** Whether the custom network ACL of the j-th VPC holds that VPC's second subnet (its seeded verdict passes). */
function customAclUsed(org: OrgModel, account: string, region: string, j: number, day: number): boolean {
  const res = networkResource(org, 'nacl', account, region, org.count('vpc', account, region) + j);
  return org.config.seeded('VPC_NETWORK_ACL_UNUSED_CHECK', account, region, res, day).compliance !== 'NON_COMPLIANT';
}

/** The verdicts derived from how route tables, gateways and network ACLs hang together. */
export function networkCompliance(org: OrgModel, sid: string, account: string, region: string, res: ResourceRef, day: number): Compliance | undefined {
  switch (sid) {
    case 'NO_UNRESTRICTED_ROUTE_TO_IGW': {
      const i = indexOf(org, 'routetable', account, region, res);
      return i < 0 ? undefined : routesToGateway(org, account, region, i, day) ? 'NON_COMPLIANT' : 'COMPLIANT';
    }
    case 'INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY': {
      const i = indexOf(org, 'igw', account, region, res);
      return i < 0 ? undefined : attached(org, account, region, i, day) ? 'NON_COMPLIANT' : 'COMPLIANT';
    }
    case 'VPC_NETWORK_ACL_UNUSED_CHECK': {
      // A default ACL always keeps its VPC's first subnet; a custom one is used by its seeded draw.
      const i = indexOf(org, 'nacl', account, region, res);
      const vpcs = org.count('vpc', account, region);
      if (i < 0) return undefined;
      return i < vpcs || customAclUsed(org, account, region, i - vpcs, day) ? 'COMPLIANT' : 'NON_COMPLIANT';
    }
    default:
      return undefined;
  }
}

type Entry = Record<string, unknown>;

/** A network ACL entry as DescribeNetworkAcls reports it; ports for TCP and UDP entries only. */
function aclEntry(ruleNumber: number, egress: boolean, ruleAction: 'allow' | 'deny', protocol: string, cidrBlock: string, ports?: [number, number]): Entry {
  return { ruleNumber, egress, ruleAction, protocol, cidrBlock, ...(ports ? { portRange: { from: ports[0], to: ports[1] } } : {}) };
}

/**
 * A VPC's network ACL. A passing one was tightened: web ports and return traffic (32768-65535)
 * from anywhere, SSH from the internal 10.0.0.0/8 only. A failing one has an allow-all inbound
 * entry (the one AWS creates a default ACL with), or was tightened but opens SSH or RDP to anywhere.
 */
function aclEntries(org: OrgModel, res: ResourceRef, passes: boolean): Entry[] {
  const closing = [aclEntry(32767, false, 'deny', '-1', '0.0.0.0/0'), aclEntry(100, true, 'allow', '-1', '0.0.0.0/0'), aclEntry(32767, true, 'deny', '-1', '0.0.0.0/0')];
  const draw = unit(org.seed, res.id, 'nacl-open');
  if (!passes && draw < 0.4) return [aclEntry(100, false, 'allow', '-1', '0.0.0.0/0'), ...closing];
  const tight = [aclEntry(100, false, 'allow', '6', '0.0.0.0/0', [443, 443]), aclEntry(110, false, 'allow', '6', '0.0.0.0/0', [80, 80]), aclEntry(120, false, 'allow', '6', '0.0.0.0/0', [32768, 65535]), aclEntry(130, false, 'allow', '6', '10.0.0.0/8', [22, 22])];
  const open = passes ? [] : [aclEntry(140, false, 'allow', '6', '0.0.0.0/0', draw < 0.7 ? [22, 22] : [3389, 3389])];
  return [...tight, ...open, ...closing];
}

/** The item's fields beyond the common ones (version, accountId, capture time, status, type, id, tags). */
export function networkItem(org: OrgModel, kind: NetworkKind, account: string, region: string, res: ResourceRef, i: number, day: number, v: Verdict): Item {
  const vpcs = org.count('vpc', account, region);
  const vpcId = org.resource('vpc', account, region, i % vpcs).id;
  if (kind === 'nacl') {
    // The j-th VPC's subnets are j and j + the VPC count (one per zone; config-items-compute.ts):
    // its default ACL (i = j) holds the first, and the second unless its custom ACL (i = j + the
    // VPC count) does.
    const j = i % vpcs;
    const custom = i >= vpcs;
    const used = customAclUsed(org, account, region, j, day);
    const subnets = custom ? (used ? [j + vpcs] : []) : used ? [j] : [j, j + vpcs];
    const associations = subnets.map((s) => ({ networkAclAssociationId: `aclassoc-${hexOf(17, org.seed, res.id, 'assoc', s)}`, networkAclId: res.id, subnetId: org.resource('subnet', account, region, s).id }));
    return {
      awsRegion: region,
      resourceName: res.id,
      arn: `arn:aws:ec2:${region}:${account}:network-acl/${res.id}`,
      configuration: { networkAclId: res.id, vpcId, ownerId: account, isDefault: !custom, associations, entries: aclEntries(org, res, v('NACL_NO_UNRESTRICTED_SSH_RDP') !== 'NON_COMPLIANT') },
    };
  }
  if (kind === 'igw') {
    const on = v('INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY') === 'NON_COMPLIANT';
    return {
      awsRegion: region,
      resourceName: res.id,
      arn: `arn:aws:ec2:${region}:${account}:internet-gateway/${res.id}`,
      // A detached gateway records no attachment.
      configuration: { internetGatewayId: res.id, ownerId: account, attachments: on ? [{ state: 'available', vpcId }] : [], tags: [] },
    };
  }
  const gateway = networkResource(org, 'igw', account, region, i).id;
  const routes: Item[] = [{ destinationCidrBlock: `10.${i % 256}.0.0/16`, gatewayId: 'local', origin: 'CreateRouteTable', state: 'active' }];
  if (v('NO_UNRESTRICTED_ROUTE_TO_IGW') === 'NON_COMPLIANT') routes.push({ destinationCidrBlock: '0.0.0.0/0', gatewayId: gateway, origin: 'CreateRoute', state: 'active' });
  return {
    awsRegion: region,
    resourceName: res.id,
    arn: `arn:aws:ec2:${region}:${account}:route-table/${res.id}`,
    configuration: {
      routeTableId: res.id,
      vpcId,
      ownerId: account,
      routes,
      associations: [{ main: true, routeTableAssociationId: `rtbassoc-${hexOf(17, org.seed, res.id, 'main')}`, routeTableId: res.id, associationState: { state: 'associated' } }],
      propagatingVgws: [],
      tags: [],
    },
  };
}
