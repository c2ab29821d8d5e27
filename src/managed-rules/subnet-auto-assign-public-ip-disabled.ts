// subnet-auto-assign-public-ip-disabled: the subnet does not give launched instances a public
// IPv4 address. No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED',
  resourceTypes: ['AWS::EC2::Subnet'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const on = ci.reqBool('configuration.mapPublicIpOnLaunch');
    return verdict(!on, 'public IPs are not assigned on launch', 'public IPs are assigned on launch');
  },
});
