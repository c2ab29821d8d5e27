import { GetAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { defineCollector } from '../define.ts';
import { orAbsent, pick } from '../absent.ts';
import { validated, z } from '../validate.ts';

// Settings that are off may be left out of the answer (the check reads absence as off), but a
// setting given must have its type, and the answer must hold a policy.
const POLICY = z.object({
  PasswordPolicy: z.object({
    MinimumPasswordLength: z.number().int().optional(),
    RequireSymbols: z.boolean().optional(),
    RequireNumbers: z.boolean().optional(),
    RequireUppercaseCharacters: z.boolean().optional(),
    RequireLowercaseCharacters: z.boolean().optional(),
    MaxPasswordAge: z.number().int().optional(),
    PasswordReusePrevention: z.number().int().optional(),
  }),
});

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
    if (!out) return { PasswordPolicy: null };
    validated(POLICY, out, 'iam', 'GetAccountPasswordPolicy');
    return { PasswordPolicy: pick(out.PasswordPolicy, FIELDS) };
  },
});
