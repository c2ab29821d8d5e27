import { item, ruleCases } from './helpers.ts';

// A tunnel as DescribeVpnConnections' VgwTelemetry reports it (the item's camelCase).
function tunnel(outsideIpAddress: string, status: unknown): Record<string, unknown> {
  return { outsideIpAddress, status, statusMessage: status === 'UP' ? '1 BGP ROUTES' : '', acceptedRouteCount: status === 'UP' ? 1 : 0, lastStatusChange: '2026-11-28T07:41:03.000Z' };
}

// A Site-to-Site VPN connection's item with this telemetry.
function vpn(vgwTelemetry: unknown): ReturnType<typeof item> {
  return item('AWS::EC2::VPNConnection', {
    resourceId: 'vpn-0a1b2c3d4e5f60718',
    configuration: {
      vpnConnectionId: 'vpn-0a1b2c3d4e5f60718',
      customerGatewayId: 'cgw-0123456789abcdef0',
      vpnGatewayId: 'vgw-0fedcba9876543210',
      category: 'VPN',
      type: 'ipsec.1',
      state: { value: 'available' },
      options: { staticRoutesOnly: false },
      routes: [],
      ...(vgwTelemetry === undefined ? {} : { vgwTelemetry }),
    },
  });
}

const A = '3.120.14.7';
const B = '52.29.201.88';

ruleCases('VPC_VPN_2_TUNNELS_UP', {
  compliant: [{ name: 'both tunnels up', item: vpn([tunnel(A, 'UP'), tunnel(B, 'UP')]) }],
  nonCompliant: [
    { name: 'the second tunnel down', item: vpn([tunnel(A, 'UP'), tunnel(B, 'DOWN')]) },
    { name: 'both tunnels down', item: vpn([tunnel(A, 'DOWN'), tunnel(B, 'DOWN')]) },
  ],
  notApplicable: [
    { name: 'a customer gateway, not a connection', item: item('AWS::EC2::CustomerGateway', { configuration: { customerGatewayId: 'cgw-0123456789abcdef0' } }) },
    { name: 'a deleted connection', item: { ...vpn([tunnel(A, 'DOWN'), tunnel(B, 'DOWN')]), configurationItemStatus: 'ResourceDeleted' } },
  ],
  malformed: [
    { name: 'no telemetry recorded', item: vpn(undefined) },
    { name: 'one tunnel only', item: vpn([tunnel(A, 'UP')]) },
    { name: 'no tunnels', item: vpn([]) },
    { name: 'a status other than UP or DOWN', item: vpn([tunnel(A, 'UP'), tunnel(B, 'up')]) },
    { name: 'a tunnel without a status', item: vpn([tunnel(A, 'UP'), { outsideIpAddress: B }]) },
    { name: 'a tunnel that is not an object', item: vpn([tunnel(A, 'UP'), 'DOWN']) },
  ],
});
