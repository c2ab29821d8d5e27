import { item, ruleCases } from './helpers.ts';

const ACL = 'acl-0a1b2c3d4e5f60718';
const ENTRIES = [
  { ruleNumber: 32767, egress: false, ruleAction: 'deny', protocol: '-1', cidrBlock: '0.0.0.0/0' },
  { ruleNumber: 32767, egress: true, ruleAction: 'deny', protocol: '-1', cidrBlock: '0.0.0.0/0' },
];

// A network ACL item (DescribeNetworkAcls' NetworkAcl, the item's camelCase) with these associations.
function nacl(associations: unknown, isDefault = false): ReturnType<typeof item> {
  return item('AWS::EC2::NetworkAcl', {
    resourceId: ACL,
    configuration: { networkAclId: ACL, vpcId: 'vpc-0123456789abcdef0', ownerId: '123456789012', isDefault, entries: ENTRIES, ...(associations === undefined ? {} : { associations }) },
  });
}
const assoc = (subnetId: unknown, n = 1) => ({ networkAclAssociationId: `aclassoc-0000000000000000${n}`, networkAclId: ACL, subnetId });

ruleCases('VPC_NETWORK_ACL_UNUSED_CHECK', {
  compliant: [
    { name: 'associated with a subnet', item: nacl([assoc('subnet-0123456789abcdef0')]) },
    { name: 'a default ACL with two subnets', item: nacl([assoc('subnet-0123456789abcdef0'), assoc('subnet-0fedcba9876543210', 2)], true) },
  ],
  nonCompliant: [
    { name: 'no association', item: nacl([]) },
    // The page exempts no ACL: a default ACL left without subnets fails too.
    { name: 'a default ACL without subnets', item: nacl([], true) },
  ],
  notApplicable: [{ name: 'not a network ACL', item: item('AWS::EC2::Subnet', { configuration: { subnetId: 'subnet-0123456789abcdef0' } }) }],
  malformed: [
    { name: 'no association list', item: nacl(undefined) },
    { name: 'associations not a list', item: nacl({ subnetId: 'subnet-0123456789abcdef0' }) },
    { name: 'an association without a subnet', item: nacl([{ networkAclAssociationId: 'aclassoc-00000000000000001', networkAclId: ACL }]) },
    { name: 'a subnet id not a string', item: nacl([assoc(42)]) },
  ],
});
