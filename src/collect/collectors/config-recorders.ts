import { DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { defineCollector } from '../define.ts';

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
      recorders: (out.ConfigurationRecordersStatus ?? []).map((r) => ({
        name: r.name ?? '',
        recording: r.recording === true,
        ...(r.lastStatus ? { lastStatus: r.lastStatus } : {}),
        ...(r.lastErrorCode ? { lastErrorCode: r.lastErrorCode } : {}),
      })),
    };
  },
});
