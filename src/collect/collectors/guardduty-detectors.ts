import { GetDetectorCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { allPages } from '../paging.ts';
import { defineCollector } from '../define.ts';
import { pick } from '../absent.ts';
import type { GuardDutyDetector } from '../../domain/index.ts';
import { validated, z } from '../validate.ts';

const IDS = z.array(z.string().min(1));
// GetDetector states one of AWS's two statuses; anything else is not an answer about the detector.
const DETECTOR = z.object({ Status: z.enum(['ENABLED', 'DISABLED']) });

export const guarddutyDetectors = defineCollector({
  id: 'guardduty-detectors',
  service: 'guardduty',
  scope: 'region',
  permissions: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
  schemaVersion: 1,
  async collect({ target, clients, runner, requests }) {
    const client = clients.guardduty(target.region);
    const ids = await allPages(runner, requests, {
      service: 'guardduty',
      command: ListDetectorsCommand,
      send: (c: ListDetectorsCommand) => client.send(c),
      input: {},
      token: { request: 'NextToken', response: 'NextToken' },
      items: 'DetectorIds',
      pageSize: { field: 'MaxResults', value: 50 },
    });
    // No detector at all is an answer too: GuardDuty is off here.
    const detectors: GuardDutyDetector[] = [];
    for (const DetectorId of validated(IDS, ids, 'guardduty', 'ListDetectors')) {
      const p = { DetectorId };
      const d = await runner.call(requests, 'guardduty', 'GetDetector', p, () => client.send(new GetDetectorCommand(p)));
      detectors.push({ DetectorId, Status: validated(DETECTOR, d, 'guardduty', 'GetDetector').Status, ...pick(d, ['FindingPublishingFrequency', 'CreatedAt', 'UpdatedAt', 'ServiceRole'] as const) });
    }
    return { detectors };
  },
});
