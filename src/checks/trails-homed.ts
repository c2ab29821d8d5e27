import type { TrailWithStatus } from '../domain/index.ts';
import type { CheckOutcome, Target } from '../domain/index.ts';

/** Trails judged in their home region only, so a multi-region trail is counted once. */
export function trailsHomedIn(trails: TrailWithStatus[], target: Target): TrailWithStatus[] {
  return trails.filter((t) => t.HomeRegion === target.region);
}

/** One verdict per trail homed in the target region: compliant when `ok`, else `why`. */
export function judgeTrails(trails: TrailWithStatus[], target: Target, ok: (t: TrailWithStatus) => boolean, why: string): CheckOutcome {
  return {
    kind: 'evaluated',
    results: trailsHomedIn(trails, target).map((t) => ({
      resourceType: 'AWS::CloudTrail::Trail',
      resourceId: t.TrailARN,
      compliance: ok(t) ? 'COMPLIANT' : 'NON_COMPLIANT',
      ...(ok(t) ? {} : { annotation: why }),
    })),
  };
}
