// vpc-vpn-2-tunnels-up: both tunnels of the Site-to-Site VPN connection are UP. No parameters.
// Reads configuration.vgwTelemetry (DescribeVpnConnections' VgwTelemetry, one entry per tunnel):
// a tunnel whose status is DOWN fails the connection. Judgements: the status is EC2's
// TelemetryStatus (UP or DOWN), so another value, or a tunnel without a status, is malformed, as
// is a telemetry list with fewer than two tunnels (every connection has two; "both" cannot be
// decided from fewer). The verdict is the recorded status; AWS notes that tunnel changes may take
// up to 24 hours to reach the rule, and an item shows them only once recorded.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'VPC_VPN_2_TUNNELS_UP',
  resourceTypes: ['AWS::EC2::VPNConnection'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const tunnels = ci.objects('configuration.vgwTelemetry');
    if (tunnels.length < 2) throw ci.malformed('configuration.vgwTelemetry', `an array of two tunnels (found ${tunnels.length})`);
    const down = tunnels.flatMap((t, i) => {
      if (t.status !== 'UP' && t.status !== 'DOWN') throw ci.malformed(`configuration.vgwTelemetry.${i}.status`, 'UP or DOWN');
      return t.status === 'DOWN' ? [typeof t.outsideIpAddress === 'string' ? t.outsideIpAddress : `#${i + 1}`] : [];
    });
    return verdict(down.length === 0, `all ${tunnels.length} tunnels are UP`, `tunnel(s) ${down.join(', ')} DOWN`);
  },
});
