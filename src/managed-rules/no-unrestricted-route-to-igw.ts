// no-unrestricted-route-to-igw: the route table has no route from 0.0.0.0/0 or ::/0 to an
// internet gateway. Parameter routeTableIds (optional CSV): tables allowed such a route.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'NO_UNRESTRICTED_ROUTE_TO_IGW',
  resourceTypes: ['AWS::EC2::RouteTable'],
  parameters: { routeTableIds: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const id = ci.reqStr('configuration.routeTableId');
    if (params.list('routeTableIds').includes(id)) return compliant('route table is listed in routeTableIds');
    const open = ci.objects('configuration.routes').filter(
      (r) => (r.destinationCidrBlock === '0.0.0.0/0' || r.destinationIpv6CidrBlock === '::/0') && typeof r.gatewayId === 'string' && r.gatewayId.startsWith('igw-'),
    );
    return open.length === 0 ? compliant('no default route to an internet gateway') : nonCompliant(`default route to ${open.map((r) => String(r.gatewayId)).join(', ')}`);
  },
});
