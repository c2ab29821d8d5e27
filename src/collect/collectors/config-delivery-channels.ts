import { DescribeDeliveryChannelStatusCommand, type ConfigExportDeliveryInfo, type ConfigStreamDeliveryInfo } from '@aws-sdk/client-config-service';
import { defineCollector } from '../define.ts';
import { isoTime } from '../absent.ts';
import type { ConfigDeliveryInfo } from '../../domain/index.ts';
import { validated, z } from '../validate.ts';

// Each channel is named, and a delivery it reports states its status: a failure must not hide
// behind a missing lastStatus.
const delivery = z.object({ lastStatus: z.enum(['Success', 'Failure', 'Not_Applicable']) }).optional();
const CHANNELS = z.object({
  DeliveryChannelsStatus: z.array(z.object({ name: z.string().min(1), configSnapshotDeliveryInfo: delivery, configHistoryDeliveryInfo: delivery, configStreamDeliveryInfo: delivery })),
});

function info(i: (ConfigExportDeliveryInfo & ConfigStreamDeliveryInfo) | undefined): ConfigDeliveryInfo | undefined {
  if (!i) return undefined;
  const out: ConfigDeliveryInfo = {};
  if (i.lastStatus) out.lastStatus = i.lastStatus;
  if (i.lastErrorCode) out.lastErrorCode = i.lastErrorCode;
  if (i.lastErrorMessage) out.lastErrorMessage = i.lastErrorMessage;
  for (const k of ['lastAttemptTime', 'lastSuccessfulTime', 'nextDeliveryTime', 'lastStatusChangeTime'] as const) {
    const t = isoTime(i[k]);
    if (t) out[k] = t;
  }
  return out;
}

export const configDeliveryChannels = defineCollector({
  id: 'config-delivery-channels',
  service: 'config',
  scope: 'region',
  permissions: ['config:DescribeDeliveryChannelStatus'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.config(target.region);
    const out = await runner.call(requests, 'config', 'DescribeDeliveryChannelStatus', {}, () => client.send(new DescribeDeliveryChannelStatusCommand({})));
    validated(CHANNELS, out, 'config', 'DescribeDeliveryChannelStatus');
    return {
      channels: (out.DeliveryChannelsStatus ?? []).map((c) => {
        const snapshot = info(c.configSnapshotDeliveryInfo);
        const history = info(c.configHistoryDeliveryInfo);
        const stream = info(c.configStreamDeliveryInfo);
        return {
          name: c.name ?? '',
          ...(snapshot ? { configSnapshotDeliveryInfo: snapshot } : {}),
          ...(history ? { configHistoryDeliveryInfo: history } : {}),
          ...(stream ? { configStreamDeliveryInfo: stream } : {}),
        };
      }),
    };
  },
});
