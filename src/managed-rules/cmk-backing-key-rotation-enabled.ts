// cmk-backing-key-rotation-enabled: automatic rotation is on for customer managed symmetric keys.
// No parameters. Judgement: AWS managed keys, asymmetric/HMAC keys and keys with imported or
// external key material cannot have automatic rotation and are NOT_APPLICABLE; so are keys
// pending deletion or disabled, whose rotation status the service does not report.
import { defineRuleEvaluator, verdict, notApplicable } from './define.ts';

export default defineRuleEvaluator({
  rule: 'CMK_BACKING_KEY_ROTATION_ENABLED',
  resourceTypes: ['AWS::KMS::Key'],
  fields: ['configuration', 'supplementaryConfiguration'],
  evaluate({ ci }) {
    if (ci.reqStr('configuration.keyManager') !== 'CUSTOMER') return notApplicable('AWS managed key');
    const spec = ci.optStr('configuration.keySpec') ?? ci.optStr('configuration.customerMasterKeySpec');
    if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') return notApplicable(`key spec ${spec} does not rotate`);
    const origin = ci.optStr('configuration.origin');
    if (origin !== undefined && origin !== 'AWS_KMS') return notApplicable(`key material origin ${origin}`);
    const state = ci.reqStr('configuration.keyState');
    if (state !== 'Enabled') return notApplicable(`key state ${state}`);
    const on = ci.reqBool('supplementaryConfiguration.KeyRotationStatus');
    return verdict(on, 'automatic rotation is on', 'automatic rotation is off');
  },
});
