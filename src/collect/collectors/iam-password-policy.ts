import { GetAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { defineCollector } from '../define.ts';
import { orAbsent, pick } from '../absent.ts';

const FIELDS = [
  'MinimumPasswordLength',
  'RequireSymbols',
  'RequireNumbers',
  'RequireUppercaseCharacters',
  'RequireLowercaseCharacters',
  'AllowUsersToChangePassword',
  'ExpirePasswords',
  'MaxPasswordAge',
  'PasswordReusePrevention',
  'HardExpiry',
] as const;

export const iamPasswordPolicy = defineCollector({
  id: 'iam-password-policy',
  service: 'iam',
  scope: 'account',
  permissions: ['iam:GetAccountPasswordPolicy'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.iam(target.region);
    // NoSuchEntity: the account has no password policy, which is the finding, not a failure.
    const out = await orAbsent(
      runner.call(requests, 'iam', 'GetAccountPasswordPolicy', {}, () => client.send(new GetAccountPasswordPolicyCommand({})), ['NoSuchEntityException', 'NoSuchEntity']),
    );
    return { PasswordPolicy: out?.PasswordPolicy ? pick(out.PasswordPolicy, FIELDS) : null };
  },
});
