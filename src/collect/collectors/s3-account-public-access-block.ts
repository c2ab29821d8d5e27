import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { defineCollector } from '../define.ts';
import { orAbsent } from '../absent.ts';

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
    const c = out?.PublicAccessBlockConfiguration;
    return {
      PublicAccessBlockConfiguration: c
        ? { BlockPublicAcls: c.BlockPublicAcls === true, IgnorePublicAcls: c.IgnorePublicAcls === true, BlockPublicPolicy: c.BlockPublicPolicy === true, RestrictPublicBuckets: c.RestrictPublicBuckets === true }
        : null,
    };
  },
});
