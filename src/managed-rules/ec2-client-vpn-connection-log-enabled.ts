// ec2-client-vpn-connection-log-enabled: the Client VPN endpoint logs client connections.
// No parameters.
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'EC2_CLIENT_VPN_CONNECTION_LOG_ENABLED',
  resourceTypes: ['AWS::EC2::ClientVpnEndpoint'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const on = ci.reqBool('configuration.ConnectionLogOptions.Enabled');
    return verdict(on, 'connection logging is on', 'connection logging is off');
  },
});
