// sns-topic-message-delivery-notification-enabled: the topic logs the delivery status of its
// messages. No parameters. Reads configuration.TopicArn and, per endpoint protocol SNS logs
// delivery status for (Application, Firehose, HTTP, Lambda, SQS), the topic attributes
// <protocol>SuccessFeedbackRoleArn and <protocol>FailureFeedbackRoleArn (the published schema's
// paths, absent where not set). Judgements: a protocol's delivery status logging is on when both
// roles are set, as the console sets them together (a success role alone logs no failed delivery);
// the topic passes when at least one protocol logs, since the item does not say which protocols
// the topic's subscriptions use. A topic naming only some of a protocol's roles, or none, fails.
// An item without TopicArn, or with a role that is not a string, is malformed.
import { defineRuleEvaluator, verdict } from './define.ts';

const PROTOCOLS = ['Application', 'Firehose', 'HTTP', 'Lambda', 'SQS'];

export default defineRuleEvaluator({
  rule: 'SNS_TOPIC_MESSAGE_DELIVERY_NOTIFICATION_ENABLED',
  resourceTypes: ['AWS::SNS::Topic'],
  fields: ['configuration'],
  evaluate({ ci }) {
    ci.reqStr('configuration.TopicArn');
    const logged = PROTOCOLS.filter((p) => {
      const success = ci.optStr(`configuration.${p}SuccessFeedbackRoleArn`);
      const failure = ci.optStr(`configuration.${p}FailureFeedbackRoleArn`);
      return (success ?? '') !== '' && (failure ?? '') !== '';
    });
    return verdict(logged.length > 0, `delivery status is logged for ${logged.join(', ')} endpoints`, 'no endpoint protocol logs both successful and failed deliveries');
  },
});
