// Judges the AWS Config delivery channels of the region on their latest deliveries, on the run's clock.
// COMPLIANT: a delivery channel exists; none of its history, snapshot or stream deliveries reports
// lastStatus Failure; and it has delivered to S3 (history or snapshot lastSuccessfulTime) within the
// last 48 hours. A channel that has never delivered, or whose last delivery is older, is NON_COMPLIANT.
import type { ConfigDeliveryChannelStatus, ConfigDeliveryInfo } from '../domain/index.ts';
import { defineCheck } from './define.ts';

const HOUR_MS = 3_600_000;
/**
 * The longest snapshot period AWS Config offers (TwentyFour_Hours) plus a day's grace: a channel
 * delivering snapshots on any schedule has a success within this window. History files arrive
 * only when resources change, so a quiet account relies on snapshots to stay inside it.
 */
export const MAX_DELIVERY_AGE_HOURS = 48;

// AWS answers these in capitals (SUCCESS), the API model in mixed case (Success); both are read.
const is = (i: ConfigDeliveryInfo | undefined, status: 'SUCCESS' | 'FAILURE'): boolean => i?.lastStatus?.toUpperCase() === status;

type Verdict = { compliance: 'COMPLIANT' } | { compliance: 'NON_COMPLIANT'; annotation: string } | { error: string };

function judge(c: ConfigDeliveryChannelStatus, asOf: number): Verdict {
  const kinds = [
    ['history', c.configHistoryDeliveryInfo],
    ['snapshot', c.configSnapshotDeliveryInfo],
    ['stream', c.configStreamDeliveryInfo],
  ] as const;
  const problems = kinds
    .filter(([, i]) => is(i, 'FAILURE'))
    .map(([what, i]) => `${what} delivery failed${i?.lastErrorCode ? ` (${i.lastErrorCode}${i.lastErrorMessage ? `: ${i.lastErrorMessage}` : ''})` : ''}${i?.lastSuccessfulTime ? `, last success ${i.lastSuccessfulTime}` : ''}`);
  const successes: number[] = [];
  for (const [what, i] of kinds.slice(0, 2)) {
    if (i?.lastSuccessfulTime === undefined) {
      if (is(i, 'SUCCESS')) return { error: `${what} delivery reports success without lastSuccessfulTime` };
      continue;
    }
    const t = Date.parse(i.lastSuccessfulTime);
    if (Number.isNaN(t)) return { error: `${what} delivery has an unreadable lastSuccessfulTime (${JSON.stringify(i.lastSuccessfulTime)})` };
    successes.push(t);
  }
  if (successes.length === 0) problems.push('never delivered to S3: neither history nor snapshot delivery has succeeded');
  else {
    const age = asOf - Math.max(...successes);
    if (age > MAX_DELIVERY_AGE_HOURS * HOUR_MS) problems.push(`last delivery to S3 ${Math.floor(age / HOUR_MS)} hours before the run (more than ${MAX_DELIVERY_AGE_HOURS})`);
  }
  return problems.length === 0 ? { compliance: 'COMPLIANT' } : { compliance: 'NON_COMPLIANT', annotation: problems.join('; ') };
}

export const configDeliveryHealthy = defineCheck({
  id: 'config-delivery-healthy',
  title: 'AWS Config delivers configuration history and snapshots without failures',
  rationale: 'AWS Config\'s configuration history is evidence of how resources were set up over time; when delivery to S3 or SNS fails, or never happens, that history silently stops being kept where auditors and responders look for it.',
  remediation: 'Fix what the error code names, usually the S3 bucket policy, KMS key policy or the Config role\'s permissions, and give the channel a snapshot frequency so it delivers at least daily: AWS Config console > Settings, or `aws configservice describe-delivery-channel-status` to read the error and `aws configservice put-delivery-channel` to correct the channel.',
  resourceType: 'AWS::Config::DeliveryChannel',
  uses: ['config-delivery-channels'],
  evaluate({ 'config-delivery-channels': ds }, target) {
    if (ds.channels.length === 0) {
      return { kind: 'evaluated', results: [{ resourceType: 'AWS::::Account', resourceId: target.account, compliance: 'NON_COMPLIANT', annotation: `no delivery channel in ${target.region}` }] };
    }
    const asOf = Date.parse(ds.ReadAt);
    if (Number.isNaN(asOf)) return { kind: 'error', reason: `delivery channel status has no valid read time (${JSON.stringify(ds.ReadAt)})` };
    const results = [];
    for (const c of ds.channels) {
      const v = judge(c, asOf);
      if ('error' in v) return { kind: 'error', reason: `delivery channel ${c.name}: ${v.error}` };
      results.push({ resourceType: 'AWS::Config::DeliveryChannel', resourceId: c.name, ...v });
    }
    return { kind: 'evaluated', results };
  },
});
