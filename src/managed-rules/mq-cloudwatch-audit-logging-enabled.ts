// mq-cloudwatch-audit-logging-enabled: the ActiveMQ broker publishes audit logs to CloudWatch
// Logs. No parameters. RabbitMQ brokers have no audit log and are NOT_APPLICABLE.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'MQ_CLOUDWATCH_AUDIT_LOGGING_ENABLED',
  resourceTypes: ['AWS::AmazonMQ::Broker'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const engine = ci.reqStr('configuration.EngineType');
    if (engine.toUpperCase() === 'RABBITMQ') return notApplicable('RabbitMQ brokers have no audit log');
    const on = ci.optBool('configuration.Logs.Audit') === true;
    return verdict(on, 'audit logs go to CloudWatch Logs', 'audit logging is off');
  },
});
