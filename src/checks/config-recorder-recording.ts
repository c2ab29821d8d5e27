// Judges the AWS Config configuration recorders of the region.
// COMPLIANT: a recorder exists, is recording, and its last status is not FAILURE.
import { defineCheck } from './define.ts';

// The day-1 item "Configure AWS Config": a recorder must exist and be recording in every region.
export const configRecorderRecording = defineCheck({
  id: 'config-recorder-recording',
  title: 'AWS Config is recording in this region',
  rationale: 'AWS Config\'s recorder is what captures resource configurations and their changes; with no recorder, or a stopped or failing one, there is no configuration history for the region and Config rules have nothing to judge.',
  remediation: 'Set up and start recording: AWS Config console > Settings > Edit (record all resource types), or `aws configservice put-configuration-recorder ...` followed by `aws configservice start-configuration-recorder --configuration-recorder-name <name>`.',
  resourceType: 'AWS::Config::ConfigurationRecorder',
  uses: ['config-recorders'],
  evaluate({ 'config-recorders': ds }, target) {
    if (ds.recorders.length === 0) {
      return {
        kind: 'evaluated',
        results: [{ resourceType: 'AWS::::Account', resourceId: target.account, compliance: 'NON_COMPLIANT', annotation: `no configuration recorder in ${target.region}` }],
      };
    }
    return {
      kind: 'evaluated',
      results: ds.recorders.map((r) => {
        const ok = r.recording && r.lastStatus !== 'FAILURE';
        const why = !r.recording ? 'recorder is stopped' : `last delivery failed${r.lastErrorCode ? ` (${r.lastErrorCode})` : ''}`;
        return {
          resourceType: 'AWS::Config::ConfigurationRecorder',
          resourceId: r.name,
          compliance: ok ? 'COMPLIANT' : 'NON_COMPLIANT',
          ...(ok ? {} : { annotation: why }),
        };
      }),
    };
  },
});
