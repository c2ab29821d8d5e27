import { DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { defineCollector } from '../define.ts';
import { validated, z } from '../validate.ts';

const RECORDERS = z.object({
  ConfigurationRecordersStatus: z.array(z.object({ name: z.string().min(1), recording: z.boolean(), lastStatus: z.string().optional(), lastErrorCode: z.string().optional() })),
});

export const configRecorders = defineCollector({
  id: 'config-recorders',
  service: 'config',
  scope: 'region',
  permissions: ['config:DescribeConfigurationRecorderStatus'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.config(target.region);
    const out = await runner.call(requests, 'config', 'DescribeConfigurationRecorderStatus', {}, () =>
      client.send(new DescribeConfigurationRecorderStatusCommand({})),
    );
    return {
      recorders: validated(RECORDERS, out, 'config', 'DescribeConfigurationRecorderStatus').ConfigurationRecordersStatus.map((r) => ({
        name: r.name,
        recording: r.recording,
        ...(r.lastStatus ? { lastStatus: r.lastStatus } : {}),
        ...(r.lastErrorCode ? { lastErrorCode: r.lastErrorCode } : {}),
      })),
    };
  },
});
