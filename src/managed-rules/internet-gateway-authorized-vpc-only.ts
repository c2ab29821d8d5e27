// internet-gateway-authorized-vpc-only: the internet gateway is attached only to authorized VPCs.
// Parameter AuthorizedVpcIds (optional CSV). Judgement: with no list, no VPC is authorized, so
// any attachment fails; a detached gateway reaches no VPC and is COMPLIANT.
import { defineRuleEvaluator, compliant, nonCompliant } from './define.ts';

export default defineRuleEvaluator({
  rule: 'INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY',
  resourceTypes: ['AWS::EC2::InternetGateway'],
  parameters: { AuthorizedVpcIds: undefined },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const allowed = params.list('AuthorizedVpcIds');
    const vpcs = ci.objects('configuration.attachments').map((a, i) => {
      if (typeof a.vpcId !== 'string') throw ci.malformed(`configuration.attachments.${i}.vpcId`, 'a string');
      return a.vpcId;
    });
    if (vpcs.length === 0) return compliant('the gateway is not attached');
    const other = vpcs.filter((v) => !allowed.includes(v));
    return other.length === 0 ? compliant(`attached to authorized ${vpcs.join(', ')}`) : nonCompliant(`attached to unauthorized ${other.join(', ')}`);
  },
});
