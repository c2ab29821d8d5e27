// restricted-ssh (identifier INCOMING_SSH_DISABLED): no ingress rule opens TCP port 22 to
// 0.0.0.0/0 or ::/0. No parameters.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';
import { ingressRules, openToInternet, coversTcpPort, describeRule } from './lib/security-group.ts';

export default defineRuleEvaluator({
  rule: 'INCOMING_SSH_DISABLED',
  resourceTypes: ['AWS::EC2::SecurityGroup'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const bad = ingressRules(ci).filter((r) => openToInternet(r) && coversTcpPort(r, 22));
    return bad.length === 0 ? compliant('SSH is not open to the internet') : nonCompliant(`SSH open: ${bad.map(describeRule).join('; ')}`);
  },
});
