// vpc-default-security-group-closed: a VPC's default security group has no inbound or outbound
// rules. Other groups are NOT_APPLICABLE. No parameters.
import { defineRuleEvaluator, compliant, nonCompliant, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED',
  resourceTypes: ['AWS::EC2::SecurityGroup'],
  fields: ['configuration'],
  evaluate({ ci }) {
    if (ci.reqStr('configuration.groupName') !== 'default') return notApplicable('not a default security group');
    const inbound = ci.reqArr('configuration.ipPermissions').length;
    const outbound = ci.reqArr('configuration.ipPermissionsEgress').length;
    if (inbound === 0 && outbound === 0) return compliant('the default security group has no rules');
    return nonCompliant(`the default security group has ${inbound} inbound and ${outbound} outbound rule(s)`);
  },
});
