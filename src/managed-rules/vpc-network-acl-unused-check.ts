// vpc-network-acl-unused-check: the network ACL is associated with a subnet. No parameters. Reads
// configuration.associations (DescribeNetworkAcls' Associations: networkAclAssociationId,
// networkAclId, subnetId). An ACL with at least one subnet association passes, one with none fails.
// Judgements: the page exempts no ACL, so a VPC's default ACL left without subnets fails too (other
// checkers skip default ACLs; AWS may not). EC2 returns an empty list for an unused ACL and names
// the subnet in every association, so a missing association list, or an association without a
// subnetId, is malformed rather than read as unused or used.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'VPC_NETWORK_ACL_UNUSED_CHECK',
  resourceTypes: ['AWS::EC2::NetworkAcl'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const associations = ci.objects('configuration.associations');
    const subnets = associations.map((a, i) => {
      if (typeof a.subnetId !== 'string' || a.subnetId === '') throw ci.malformed(`configuration.associations.${i}.subnetId`, 'a subnet id');
      return a.subnetId;
    });
    return verdict(subnets.length > 0, `the network ACL is associated with ${subnets.join(', ')}`, 'the network ACL is associated with no subnet');
  },
});
