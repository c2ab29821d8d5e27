import { item, ruleCases } from './helpers.ts';

const ARN = 'arn:aws:sns:eu-west-1:123456789012:sbx-orders';
const role = (outcome: string) => `arn:aws:iam::123456789012:role/sns-delivery-${outcome}`;

// An SNS topic's item (GetTopicAttributes' attributes, the published schema's fields).
function topic(extra: Record<string, unknown>): ReturnType<typeof item> {
  return item('AWS::SNS::Topic', { resourceId: ARN, configuration: { TopicArn: ARN, DisplayName: 'orders', Owner: '123456789012', ...extra } });
}

ruleCases('SNS_TOPIC_MESSAGE_DELIVERY_NOTIFICATION_ENABLED', {
  compliant: [
    { name: 'Lambda deliveries logged', item: topic({ LambdaSuccessFeedbackRoleArn: role('success'), LambdaFailureFeedbackRoleArn: role('failure'), LambdaSuccessFeedbackSampleRate: 100 }) },
    { name: 'SQS logged, HTTP success only', item: topic({ SQSSuccessFeedbackRoleArn: role('success'), SQSFailureFeedbackRoleArn: role('failure'), HTTPSuccessFeedbackRoleArn: role('success') }) },
    { name: 'platform application deliveries logged', item: topic({ ApplicationSuccessFeedbackRoleArn: role('success'), ApplicationFailureFeedbackRoleArn: role('failure'), ApplicationSuccessFeedbackSampleRate: 0 }) },
  ],
  nonCompliant: [
    { name: 'no delivery status logging', item: topic({}) },
    { name: 'a success role only', item: topic({ FirehoseSuccessFeedbackRoleArn: role('success'), FirehoseSuccessFeedbackSampleRate: 10 }) },
    { name: 'a failure role only', item: topic({ HTTPFailureFeedbackRoleArn: role('failure') }) },
    { name: 'success and failure roles of different protocols', item: topic({ LambdaSuccessFeedbackRoleArn: role('success'), SQSFailureFeedbackRoleArn: role('failure') }) },
    { name: 'empty role ARNs', item: topic({ SQSSuccessFeedbackRoleArn: '', SQSFailureFeedbackRoleArn: '' }) },
  ],
  notApplicable: [{ name: 'not a topic', item: item('AWS::SQS::Queue', { configuration: { QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q' } }) }],
  malformed: [
    { name: 'no TopicArn', item: topic({ TopicArn: undefined }) },
    { name: 'a role not a string', item: topic({ LambdaSuccessFeedbackRoleArn: role('success'), LambdaFailureFeedbackRoleArn: 42 }) },
  ],
});
