// vpc-sg-open-only-to-authorized-ports: ingress open to 0.0.0.0/0 or ::/0 admits only authorized
// ports. Parameters authorizedTcpPorts, authorizedUdpPorts (optional: "443,1020-1025").
// A group with no internet-open ingress is NOT_APPLICABLE, as documented. Judgement: an open
// rule for all protocols (-1) or another protocol (ICMP…) is not authorized by port lists.
import { defineRuleEvaluator, compliant, nonCompliant, notApplicable, InvalidParameterError } from './define.ts';
import { ingressRules, openToInternet, describeRule } from './lib/security-group.ts';

type Range = [number, number];

function ranges(list: string[], resourceId: string, name: string): Range[] {
  return list.map((s) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(s);
    if (!m) throw new InvalidParameterError('VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', resourceId, name, `${JSON.stringify(s)} is not a port or range`);
    return [Number(m[1]), Number(m[2] ?? m[1])];
  });
}

export default defineRuleEvaluator({
  rule: 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS',
  resourceTypes: ['AWS::EC2::SecurityGroup'],
  parameters: { authorizedTcpPorts: undefined, authorizedUdpPorts: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const tcp = ranges(params.list('authorizedTcpPorts'), ci.resourceId, 'authorizedTcpPorts');
    const udp = ranges(params.list('authorizedUdpPorts'), ci.resourceId, 'authorizedUdpPorts');
    const open = ingressRules(ci).filter(openToInternet);
    if (open.length === 0) return notApplicable('no ingress is open to the internet');
    const bad = open.filter((r) => {
      const allowed = r.protocol === 'tcp' || r.protocol === '6' ? tcp : r.protocol === 'udp' || r.protocol === '17' ? udp : undefined;
      return !allowed?.some(([lo, hi]) => lo <= r.fromPort && r.toPort <= hi);
    });
    return bad.length === 0 ? compliant('only authorized ports are open to the internet') : nonCompliant(`unauthorized open ingress: ${bad.map(describeRule).join('; ')}`);
  },
});
