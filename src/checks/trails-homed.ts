import type { TrailWithStatus } from '../collect/datasets.ts';
import type { Target } from '../model.ts';

/** Trails judged in their home region only, so a multi-region trail is counted once. */
export function trailsHomedIn(trails: TrailWithStatus[], target: Target): TrailWithStatus[] {
  return trails.filter((t) => t.HomeRegion === target.region);
}
