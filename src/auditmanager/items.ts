// What a push imports for one of our controls: a text summary of the control's result in the run,
// then one item per stored evidence object its checks relied on (an s3ResourcePath when the store
// is S3, otherwise a text naming the object's key, version and sha256). Each item has a stable
// identity, so a second push of the same run, or of a run that pinned the same evidence
// versions, finds it already imported.
import type { Control, Framework } from '../catalog/index.ts';
import type { RunResults } from '../domain/index.ts';
import { fit, LIMITS, S3_RESOURCE_PATH_RE } from './limits.ts';

export interface ManualEvidence {
  textResponse?: string;
  s3ResourcePath?: string;
}

export interface PushItem {
  /** Stable across pushes: "run:<runId>:<framework>:<control>" or "object:<key>@<versionId>". */
  identity: string;
  evidence: ManualEvidence;
}

export interface RunFacts {
  results: RunResults;
  /** sha256 of the run's manifest bytes. */
  manifestSha256: string;
  /** The evidence store's URL (s3://bucket/prefix gives s3ResourcePaths). */
  storeUrl: string;
}

function summary(run: RunFacts, framework: Framework, control: Control): string {
  const r = run.results;
  const result = r.frameworks.find((f) => f.id === framework.id)?.controls.find((c) => c.id === control.id);
  const checks = new Map(r.checks.map((c) => [c.id, c]));
  const checkLines = control.checks.map((id) => {
    const targets = checks.get(id)?.targets ?? [];
    const by: Record<string, number> = {};
    for (const t of targets) by[t.status] = (by[t.status] ?? 0) + 1;
    const counts = Object.entries(by).map(([s, n]) => `${s} ${n}`).join(', ');
    return `${id} (${counts || 'no targets'})`;
  });
  const text = [
    `aws-evidence-collector run ${r.runId} (${r.finishedAt}): ${framework.id} ${control.id} "${control.title}" is ${result?.status ?? 'ERROR'}.`,
    result?.reason ? `Why: ${result.reason}.` : '',
    checkLines.length ? `Checks by account-region: ${checkLines.join('; ')}.` : control.guidance ? `Manual control: ${control.guidance}` : '',
    `Signed manifest runs/${r.runId}/manifest.json sha256 ${run.manifestSha256} in ${run.storeUrl}.`,
  ].filter(Boolean);
  return fit(text.join(' '), LIMITS.textResponse, 'textResponse');
}

/** The items for one of our controls, summary first (it goes in first when the daily quota is short). */
export function itemsForControl(run: RunFacts, framework: Framework, control: Control): PushItem[] {
  const r = run.results;
  const items: PushItem[] = [{ identity: `run:${r.runId}:${framework.id}:${control.id}`, evidence: { textResponse: summary(run, framework, control) } }];
  const wanted = new Set(control.checks);
  const keys = new Set(r.checks.filter((c) => wanted.has(c.id)).flatMap((c) => c.targets.flatMap((t) => t.evidenceKeys)));
  const s3 = run.storeUrl.startsWith('s3://');
  for (const e of r.evidence.filter((x) => keys.has(x.key)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const path = `${run.storeUrl.replace(/\/+$/, '')}/${e.key}`;
    const evidence: ManualEvidence =
      s3 && path.length <= LIMITS.s3ResourcePath && S3_RESOURCE_PATH_RE.test(path)
        ? { s3ResourcePath: path }
        : { textResponse: fit(`Evidence object ${e.key} version ${e.versionId} (sha256 ${e.sha256}, ${e.size} bytes, collected ${e.collectedAt}) in ${run.storeUrl}, pinned by the signed manifest of run ${r.runId}.`, LIMITS.textResponse, 'textResponse') };
    items.push({ identity: `object:${e.key}@${e.versionId}`, evidence });
  }
  return items;
}

/** Whether an item the API returned (in a per-item error) is this one. */
export function sameEvidence(a: ManualEvidence | undefined, b: ManualEvidence): boolean {
  return a !== undefined && (a.textResponse ?? null) === (b.textResponse ?? null) && (a.s3ResourcePath ?? null) === (b.s3ResourcePath ?? null);
}
