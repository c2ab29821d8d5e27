import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { defineCollector } from '../define.ts';
import { orAbsent } from '../absent.ts';
import { validated, z } from '../validate.ts';

// A configuration that exists states all four settings.
const CONFIG = z.object({ PublicAccessBlockConfiguration: z.object({ BlockPublicAcls: z.boolean(), IgnorePublicAcls: z.boolean(), BlockPublicPolicy: z.boolean(), RestrictPublicBuckets: z.boolean() }) });

// Account-wide S3 Block Public Access, through S3 Control (IAM action s3:GetAccountPublicAccessBlock).
export const s3AccountPublicAccessBlock = defineCollector({
  id: 's3-account-public-access-block',
  service: 's3',
  scope: 'account',
  permissions: ['s3:GetAccountPublicAccessBlock'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.s3control(target.region);
    const params = { AccountId: target.account };
    const out = await orAbsent(
      runner.call(requests, 's3control', 'GetPublicAccessBlock', params, () => client.send(new GetPublicAccessBlockCommand(params)), ['NoSuchPublicAccessBlockConfiguration']),
    );
    const c = out ? validated(CONFIG, out, 's3control', 'GetPublicAccessBlock').PublicAccessBlockConfiguration : null;
    return {
      PublicAccessBlockConfiguration: c
        ? { BlockPublicAcls: c.BlockPublicAcls, IgnorePublicAcls: c.IgnorePublicAcls, BlockPublicPolicy: c.BlockPublicPolicy, RestrictPublicBuckets: c.RestrictPublicBuckets }
        : null,
    };
  },
});
