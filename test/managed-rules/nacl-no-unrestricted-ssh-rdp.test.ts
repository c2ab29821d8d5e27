import { item, ruleCases } from './helpers.ts';

type Entry = Record<string, unknown>;

// An entry as DescribeNetworkAcls reports it (the item's camelCase); ports only where given.
function entry(ruleNumber: number, egress: boolean, ruleAction: string, protocol: string, source: string, ports?: [number, number]): Entry {
  return { ruleNumber, egress, ruleAction, protocol, ...(source.includes(':') ? { ipv6CidrBlock: source } : { cidrBlock: source }), ...(ports ? { portRange: { from: ports[0], to: ports[1] } } : {}) };
}

const TIGHT: Entry[] = [
  entry(100, false, 'allow', '6', '0.0.0.0/0', [443, 443]),
  entry(110, false, 'allow', '6', '0.0.0.0/0', [80, 80]),
  entry(120, false, 'allow', '6', '0.0.0.0/0', [32768, 65535]),
  entry(130, false, 'allow', '6', '10.0.0.0/8', [22, 22]),
  entry(32767, false, 'deny', '-1', '0.0.0.0/0'),
  entry(100, true, 'allow', '-1', '0.0.0.0/0'),
  entry(32767, true, 'deny', '-1', '0.0.0.0/0'),
];

// A VPC's network ACL item with these entries.
function nacl(entries: unknown): ReturnType<typeof item> {
  return item('AWS::EC2::NetworkAcl', {
    resourceId: 'acl-0a1b2c3d4e5f60718',
    configuration: {
      networkAclId: 'acl-0a1b2c3d4e5f60718',
      vpcId: 'vpc-0123456789abcdef0',
      ownerId: '123456789012',
      isDefault: true,
      associations: [{ networkAclAssociationId: 'aclassoc-0a1b2c3d4e5f60718', networkAclId: 'acl-0a1b2c3d4e5f60718', subnetId: 'subnet-0123456789abcdef0' }],
      ...(entries === undefined ? {} : { entries }),
    },
  });
}

const withEntry = (e: Entry): Entry[] => [...TIGHT.slice(0, 4), e, ...TIGHT.slice(4)];

ruleCases('NACL_NO_UNRESTRICTED_SSH_RDP', {
  compliant: [
    { name: 'web ports and return traffic from anywhere, SSH from the internal range', item: nacl(TIGHT) },
    { name: 'SSH from anywhere denied', item: nacl(withEntry(entry(90, false, 'deny', '6', '0.0.0.0/0', [22, 22]))) },
    { name: 'RDP open outbound only', item: nacl(withEntry(entry(140, true, 'allow', '6', '0.0.0.0/0', [3389, 3389]))) },
    { name: 'ICMP from anywhere', item: nacl(withEntry({ ...entry(140, false, 'allow', '1', '0.0.0.0/0'), icmpTypeCode: { type: 8, code: 0 } })) },
    { name: 'a range that stops below 22', item: nacl(withEntry(entry(140, false, 'allow', '6', '0.0.0.0/0', [20, 21]))) },
  ],
  nonCompliant: [
    { name: 'SSH from anywhere', item: nacl(withEntry(entry(140, false, 'allow', '6', '0.0.0.0/0', [22, 22]))) },
    { name: 'RDP over UDP from anywhere', item: nacl(withEntry(entry(140, false, 'allow', '17', '0.0.0.0/0', [3389, 3389]))) },
    { name: 'RDP from any IPv6 address', item: nacl(withEntry(entry(140, false, 'allow', '6', '::/0', [3389, 3389]))) },
    { name: 'a range holding 3389', item: nacl(withEntry(entry(140, false, 'allow', '6', '0.0.0.0/0', [1024, 65535]))) },
    { name: "the default ACL's allow-all entry", item: nacl([entry(100, false, 'allow', '-1', '0.0.0.0/0'), entry(32767, false, 'deny', '-1', '0.0.0.0/0'), entry(100, true, 'allow', '-1', '0.0.0.0/0'), entry(32767, true, 'deny', '-1', '0.0.0.0/0')]) },
    { name: 'SSH from anywhere behind a deny with a lower number', item: nacl([entry(90, false, 'deny', '6', '0.0.0.0/0', [22, 22]), ...withEntry(entry(140, false, 'allow', '6', '0.0.0.0/0', [22, 22]))]) },
  ],
  notApplicable: [{ name: 'a security group, not an ACL', item: item('AWS::EC2::SecurityGroup', { configuration: { groupId: 'sg-0123456789abcdef0', ipPermissions: [] } }) }],
  malformed: [
    { name: 'no entries', item: nacl(undefined) },
    { name: 'an empty entry list', item: nacl([]) },
    { name: 'an entry without egress', item: nacl(withEntry({ ruleNumber: 140, ruleAction: 'allow', protocol: '6', cidrBlock: '0.0.0.0/0', portRange: { from: 22, to: 22 } })) },
    { name: 'a protocol by name', item: nacl(withEntry(entry(140, false, 'allow', 'tcp', '0.0.0.0/0', [22, 22]))) },
    { name: 'a TCP entry from anywhere without ports', item: nacl(withEntry(entry(140, false, 'allow', '6', '0.0.0.0/0'))) },
    { name: 'an entry without a source', item: nacl(withEntry({ ruleNumber: 140, egress: false, ruleAction: 'allow', protocol: '6', portRange: { from: 22, to: 22 } })) },
    { name: 'an action other than allow or deny', item: nacl(withEntry(entry(140, false, 'ALLOW', '6', '0.0.0.0/0', [22, 22]))) },
  ],
});
