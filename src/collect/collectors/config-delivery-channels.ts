import { DescribeDeliveryChannelStatusCommand, type ConfigExportDeliveryInfo, type ConfigStreamDeliveryInfo } from '@aws-sdk/client-config-service';
import { defineCollector } from '../define.ts';
import { isoTime } from '../absent.ts';
import type { ConfigDeliveryInfo } from '../../domain/index.ts';
import { timestamp, validated, z } from '../validate.ts';

// Each channel is named, and a delivery it reports states its status: a failure must not hide
// behind a missing lastStatus. The API reference spells the values Success | Failure |
// Not_Applicable; the Config Developer Guide shows live answers in capitals (SUCCESS), as the
// recorder status is. Either spelling is accepted, nothing else.
const status = z.string().refine((s) => ['SUCCESS', 'FAILURE', 'NOT_APPLICABLE'].includes(s.toUpperCase()), 'not Success, Failure or Not_Applicable');
const stream = z.object({ lastStatus: status }).optional();
// A delivery to S3 that succeeded has a time: the check judges freshness by it, so a success
// without lastSuccessfulTime is a malformed answer, not a channel that never delivered.
const s3Export = z
  .object({ lastStatus: status, lastSuccessfulTime: timestamp.optional() })
  .refine((i) => i.lastStatus.toUpperCase() !== 'SUCCESS' || i.lastSuccessfulTime !== undefined, { message: 'a successful delivery without lastSuccessfulTime', path: ['lastSuccessfulTime'] })
  .optional();
const CHANNELS = z.object({
  DeliveryChannelsStatus: z.array(z.object({ name: z.string().min(1), configSnapshotDeliveryInfo: s3Export, configHistoryDeliveryInfo: s3Export, configStreamDeliveryInfo: stream })),
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
  schemaVersion: 2,
  async collect({ target, clients, runner, requests }) {
    const client = clients.config(target.region);
    const out = await runner.call(requests, 'config', 'DescribeDeliveryChannelStatus', {}, () => client.send(new DescribeDeliveryChannelStatusCommand({})));
    validated(CHANNELS, out, 'config', 'DescribeDeliveryChannelStatus');
    // Whole seconds, as for the credential report: delivery ages are judged against the run's clock.
    const readAt = new Date(Math.floor(clients.now().getTime() / 1000) * 1000).toISOString();
    return {
      ReadAt: readAt,
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
