// ec2-transit-gateway-auto-vpc-attach-disabled: the transit gateway does not accept shared VPC
// attachments automatically. No parameters. The item carries the CloudFormation-style property
// AutoAcceptSharedAttachments ('enable' or 'disable').
import { defineRuleEvaluator, verdict } from './define.ts';

export default defineRuleEvaluator({
  rule: 'EC2_TRANSIT_GATEWAY_AUTO_VPC_ATTACH_DISABLED',
  resourceTypes: ['AWS::EC2::TransitGateway'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const value = ci.reqStr('configuration.AutoAcceptSharedAttachments');
    return verdict(value !== 'enable', 'shared attachments need acceptance', 'shared attachments are accepted automatically');
  },
});
