// Registry of collectors: explicit imports so the type checker and the meta-tests see every unit.
import type { Collector } from '../define.ts';
import type { DatasetId } from '../datasets.ts';
import { cloudtrailTrails } from './cloudtrail-trails.ts';
import { configRecorders } from './config-recorders.ts';
import { configRules } from './config-rules.ts';

export const collectors: readonly Collector[] = [cloudtrailTrails, configRecorders, configRules] as readonly Collector[];

export function collectorFor(dataset: DatasetId): Collector {
  const c = collectors.find((x) => x.id === dataset);
  if (!c) throw new Error(`no collector produces dataset ${dataset}`);
  return c;
}
