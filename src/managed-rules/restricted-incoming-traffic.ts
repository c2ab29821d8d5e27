// restricted-common-ports (identifier RESTRICTED_INCOMING_TRAFFIC): no ingress rule opens the
// blocked TCP ports to 0.0.0.0/0 or ::/0. Parameters blockedPort1..5 (defaults 20, 21, 3389,
// 3306, 4333) and blockedPorts (optional CSV, added to them).
import { defineRuleEvaluator, compliant, nonCompliant, InvalidParameterError } from './define.ts';
import { ingressRules, openToInternet, coversTcpPort } from './lib/security-group.ts';

export default defineRuleEvaluator({
  rule: 'RESTRICTED_INCOMING_TRAFFIC',
  resourceTypes: ['AWS::EC2::SecurityGroup'],
  parameters: { blockedPort1: '20', blockedPort2: '21', blockedPort3: '3389', blockedPort4: '3306', blockedPort5: '4333', blockedPorts: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const ports = new Set<number>();
    for (const n of [1, 2, 3, 4, 5]) {
      const p = params.int(`blockedPort${n}`);
      if (p !== undefined) ports.add(p);
    }
    for (const s of params.list('blockedPorts')) {
      if (!/^\d+$/.test(s)) throw new InvalidParameterError('RESTRICTED_INCOMING_TRAFFIC', ci.resourceId, 'blockedPorts', `${JSON.stringify(s)} is not a port`);
      ports.add(Number(s));
    }
    const open = ingressRules(ci).filter(openToInternet);
    const exposed = [...ports].filter((p) => open.some((r) => coversTcpPort(r, p))).sort((a, b) => a - b);
    return exposed.length === 0 ? compliant('blocked ports are not open to the internet') : nonCompliant(`open to the internet: TCP ${exposed.join(', ')}`);
  },
});
