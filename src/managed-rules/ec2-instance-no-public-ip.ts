// ec2-instance-no-public-ip: the instance has no public IPv4 address. No parameters.
// Judgement: publicIpAddress is absent when there is none; any network interface association
// with a public IP also counts.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'EC2_INSTANCE_NO_PUBLIC_IP',
  resourceTypes: ['AWS::EC2::Instance'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqStr('configuration.instanceId');
    const ip = ci.optStr('configuration.publicIpAddress');
    if (ip) return nonCompliant(`public IP ${ip}`);
    const eni = ci.objects('configuration.networkInterfaces', false).find((n) => {
      const a = n.association as Record<string, unknown> | null | undefined;
      return typeof a?.publicIp === 'string' && a.publicIp !== '';
    });
    if (eni) return nonCompliant(`network interface ${String(eni.networkInterfaceId)} has a public IP`);
    return compliant('no public IP address');
  },
});
