// OCSF Compliance Finding records (class 2003, OCSF 1.x, cloud profile) as JSON lines: one per
// non-compliant resource verdict and one per check target that ended in ERROR (which has no
// resource verdict: its record names the account). Resource verdicts come from the run's
// resources.ndjson when it has one, as for the CSV, so nothing is capped.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { CheckResult, RunResults } from '../domain/index.ts';
import type { ResourceResult } from '../domain/index.ts';
import type { ResourceIndex, ResourceLine } from '../store/index.ts';
import { coveringExceptionIds } from './view-model.ts';
import { frameworkChecks } from './oscal-ar.ts';
import { evidenceByKey, TOOL_NAME, uuidOf } from './oscal-common.ts';
import type { CheckView, ControlView, ReportViewModel } from './types.ts';

/** The OCSF schema release the records are written to (and tested against). */
export const OCSF_VERSION = '1.8.0';
export const OCSF_CLASS_UID = 2003;
const CATEGORY_UID = 2;
const ACTIVITY_CREATE = 1;

type Target = Pick<ResourceLine, 'account' | 'region' | 'status' | 'reason' | 'results'>;

export interface OcsfRecord {
  [key: string]: unknown;
  class_uid: number;
  compliance: { standards: string[]; control: string; requirements: string[]; status: string; status_id: number; status_detail?: string; checks: unknown[] };
  resources: { uid: string; type: string; region: string; cloud_partition: string; owner?: unknown; data?: unknown }[];
}

function record(vm: ReportViewModel, check: CheckView, controls: ControlView[], t: Target, evidenceKeys: readonly string[], r: ResourceResult | null): OcsfRecord {
  const time = Date.parse(vm.run.finishedAt);
  const error = r === null;
  const resourceId = r?.resourceId ?? t.account;
  const exceptionIds = r ? [...new Set(controls.flatMap((c) => coveringExceptionIds(c.exceptions, check.id, t.account, t.region, r)))] : [];
  const uid = uuidOf(vm.run.runId, vm.framework.id, 'ocsf', check.id, t.account, t.region, resourceId);
  const evidence = evidenceKeys.map((key) => {
    const e = evidenceByKey(vm).get(key);
    return { name: key, ...(e ? { uid: e.versionId, data: { key, version_id: e.versionId, sha256: e.sha256, store: vm.run.store } } : { data: { key, store: vm.run.store } }) };
  });
  const detail = error ? (t.reason ?? 'the check could not be evaluated') : (r.annotation ?? `${r.resourceType} ${r.resourceId} is non-compliant`);
  return {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    class_uid: OCSF_CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: OCSF_CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: 'Compliance Finding: Create',
    // The catalog gives checks no severity.
    severity_id: 0,
    severity: 'Unknown',
    time,
    start_time: Date.parse(vm.run.startedAt),
    end_time: time,
    // A failure covered by an accepted exception is suppressed, not new.
    status_id: exceptionIds.length ? 3 : 1,
    status: exceptionIds.length ? 'Suppressed' : 'New',
    message: `${check.title}: ${detail}`,
    metadata: {
      version: OCSF_VERSION,
      product: { name: TOOL_NAME, vendor_name: TOOL_NAME, version: vm.toolVersion, uid: TOOL_NAME },
      profiles: ['cloud'],
      uid,
      correlation_uid: vm.run.runId,
      log_name: `${vm.framework.id}.ocsf.jsonl`,
    },
    cloud: { provider: 'AWS', region: t.region, account: { uid: t.account, type: 'AWS Account', type_id: 10 } },
    finding_info: {
      uid,
      title: `${check.title} (${check.id})`,
      desc: detail,
      created_time: time,
      types: ['Compliance'],
      product_uid: TOOL_NAME,
    },
    compliance: {
      standards: [`${vm.framework.name} ${vm.framework.version}`],
      control: controls[0]!.id,
      requirements: controls.map((c) => c.id),
      status: error ? 'Warning' : 'Fail',
      status_id: error ? 2 : 3,
      status_detail: detail,
      checks: [{ uid: check.id, name: check.title, status: error ? 'Warning' : 'Fail', status_id: error ? 2 : 3, standards: [`${vm.framework.name} ${vm.framework.version}`] }],
    },
    resources: [
      {
        uid: resourceId,
        type: r?.resourceType ?? 'AWS::::Account',
        region: t.region,
        cloud_partition: 'aws',
        owner: { account: { uid: t.account, type: 'AWS Account', type_id: 10 } },
        ...(exceptionIds.length ? { data: { exception_ids: exceptionIds } } : {}),
      },
    ],
    ...(evidence.length ? { evidences: evidence } : {}),
    unmapped: { run_id: vm.run.runId, framework: vm.framework.id, account: t.account, region: t.region, target_status: t.status },
  };
}

/** Every record of the framework, in catalog order of the checks. */
export async function* ocsfRecords(vm: ReportViewModel, results: RunResults, resources?: ResourceIndex | null): AsyncGenerator<OcsfRecord> {
  const checks = new Map<string, CheckResult>(results.checks.map((c) => [c.id, c]));
  for (const view of frameworkChecks(vm)) {
    const controls = vm.controls.filter((c) => c.checks.some((ch) => ch.id === view.id));
    const check = checks.get(view.id);
    if (!check) continue;
    const targets: AsyncIterable<Target> | Iterable<Target> = resources?.has(check.id) ? resources.lines(check.id) : check.targets;
    // resources.ndjson lines carry no evidence keys: results.json's targets do.
    const keys = new Map(check.targets.map((t) => [`${t.account}\u0000${t.region}`, t.evidenceKeys]));
    for await (const t of targets) {
      const evidenceKeys = keys.get(`${t.account}\u0000${t.region}`) ?? [];
      if (t.status === 'ERROR') {
        yield record(vm, view, controls, t, evidenceKeys, null);
        continue;
      }
      for (const r of t.results) if (r.compliance === 'NON_COMPLIANT') yield record(vm, view, controls, t, evidenceKeys, r);
    }
  }
}

/** Streams the records to a file, one JSON object a line; a partial file is removed on failure. */
export async function writeOcsf(vm: ReportViewModel, results: RunResults, outPath: string, resources?: ResourceIndex | null): Promise<number> {
  const out = createWriteStream(outPath);
  let n = 0;
  try {
    let buf = '';
    for await (const rec of ocsfRecords(vm, results, resources)) {
      buf += `${JSON.stringify(rec)}\n`;
      n++;
      if (buf.length > 65_536) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    out.end(buf);
    await once(out, 'finish');
    return n;
  } catch (err) {
    out.destroy();
    await rm(outPath, { force: true });
    throw err;
  }
}
