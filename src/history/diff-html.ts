// The diff as one self-contained HTML page (inline CSS, no scripts, no external resources).
// Handlebars escapes every value, so resource ids and reasons from AWS cannot inject markup.
import Handlebars from 'handlebars';
import { STATUS_COLOURS } from '../report/index.ts';
import { statusLine } from './diff.ts';
import type { ControlChangeKind, RunDiff } from './types.ts';

const KIND_LABEL: Record<ControlChangeKind, string> = {
  regression: 'Regression',
  'coverage-loss': 'Coverage lost',
  fix: 'Fixed',
  accepted: 'Accepted',
  'coverage-gain': 'Coverage regained',
  other: 'Changed',
};

const TEMPLATE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Diff {{d.a.runId}} → {{d.b.runId}}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; color: #1b1f24; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; } th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eef1f4; vertical-align: top; }
th { background: #f6f8fa; } code { font: 12px ui-monospace, Menlo, Consolas, monospace; }
.muted { color: #57606a; } .k-regression, .k-coverage-loss { color: #b42318; font-weight: 600; }
.st { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; font-weight: 600; }
{{#each colours}}.st-{{@key}} { background: {{this.background}}; color: {{this.text}}; }
{{/each}}
</style></head><body>
<h1>Changes between two runs</h1>
<p>From run <code>{{d.a.runId}}</code> ({{d.a.status}}, {{d.a.startedAt}}) to run <code>{{d.b.runId}}</code> ({{d.b.status}}, {{d.b.startedAt}}).
Both manifests were verified with {{trust}} (<code>{{d.b.keyId}}</code>) before they were read.</p>
<table><tr><th>Regressions</th><th>Coverage losses</th><th>Fixes</th><th>Became non-compliant</th><th>Became compliant</th><th>Added</th><th>Removed</th><th>Targets lost coverage</th><th>Regained</th></tr>
<tr><td>{{d.totals.regressions}}</td><td>{{d.totals.coverageLosses}}</td><td>{{d.totals.fixes}}</td><td>{{d.totals.becameNonCompliant}}</td><td>{{d.totals.becameCompliant}}</td><td>{{d.totals.added}}</td><td>{{d.totals.removed}}</td><td>{{d.totals.targetsCoverageLost}}</td><td>{{d.totals.targetsCoverageRegained}}</td></tr></table>
{{#each frameworks}}
<h2>{{this.name}} <span class="muted">{{this.id}} {{this.version}}</span></h2>
<p class="muted">Before: {{this.before}}<br>After: {{this.after}}</p>
{{#if this.changes.length}}<table><tr><th>Change</th><th>Control</th><th>Before</th><th>After</th><th>Why, now</th></tr>
{{#each this.changes}}<tr><td class="k-{{this.kind}}">{{this.label}}</td><td><code>{{this.control}}</code></td><td><span class="st st-{{this.from}}">{{this.from}}</span></td><td><span class="st st-{{this.to}}">{{this.to}}</span></td><td>{{this.reasonTo}}</td></tr>
{{/each}}</table>{{else}}<p>No control changed status.</p>{{/if}}
{{#if this.expiredExceptions.length}}<p><strong>Exceptions that expired in between</strong></p><table><tr><th>Control</th><th>Exception</th><th>Valid through</th><th>Approver</th><th>Status now</th></tr>
{{#each this.expiredExceptions}}<tr><td><code>{{this.control}}</code></td><td>{{this.id}}: {{this.reason}}</td><td>{{this.expires}}</td><td>{{this.approver}}</td><td>{{this.statusB}}</td></tr>{{/each}}</table>{{/if}}
{{#if this.expiredAttestations.length}}<p><strong>Attestations that expired in between</strong></p><table><tr><th>Control</th><th>Attester</th><th>Dated</th><th>Valid through</th><th>Status now</th></tr>
{{#each this.expiredAttestations}}<tr><td><code>{{this.control}}</code></td><td>{{this.attester}}</td><td>{{this.date}}</td><td>{{this.validUntil}}</td><td>{{this.statusB}}</td></tr>{{/each}}</table>{{/if}}
{{/each}}
{{#if checks.length}}<h2>Checks with changes</h2>
{{#each checks}}<h3><code>{{this.check}}</code> <span class="muted">{{this.summary}}</span></h3>
<table><tr><th>Account / region</th><th>Target</th><th>Resource</th><th>Change</th><th>Before → after</th></tr>
{{#each this.rows}}<tr><td>{{this.where}}</td><td>{{this.target}}</td><td><code>{{this.resource}}</code></td><td>{{this.kind}}</td><td>{{this.change}}</td></tr>
{{/each}}</table>{{#if this.more}}<p class="muted">… and {{this.more}} more resource change(s): see the JSON output.</p>{{/if}}
{{/each}}{{/if}}
</body></html>
`;

let compiled: Handlebars.TemplateDelegate | undefined;

export function renderDiffHtml(d: RunDiff, opts: { limit?: number } = {}): string {
  const limit = opts.limit ?? 200;
  compiled ??= Handlebars.create().compile(TEMPLATE, { strict: false });
  const frameworks = d.frameworks.map((f) => ({
    ...f,
    before: statusLine(f.byStatusA),
    after: statusLine(f.byStatusB),
    changes: f.changes.map((c) => ({ ...c, label: KIND_LABEL[c.kind] })),
  }));
  const checks = d.checks.map((c) => {
    const rows: { where: string; target: string; resource: string; kind: string; change: string }[] = [];
    let total = 0;
    for (const t of c.targets) {
      const target = t.coverage === 'lost' ? `coverage lost: ${t.statusA} → ${t.statusB}${t.reasonB ? ` (${t.reasonB})` : ''}` : t.coverage === 'regained' ? `coverage regained: ${t.statusA} → ${t.statusB}` : `${t.statusB ?? 'absent'}`;
      if (t.resources.length === 0) rows.push({ where: `${t.account}/${t.region}`, target, resource: '', kind: '', change: '' });
      for (const r of t.resources) {
        total += 1;
        if (rows.length < limit) rows.push({ where: `${t.account}/${t.region}`, target, resource: `${r.resourceType} ${r.resourceId}`, kind: r.kind, change: `${r.from ?? '-'} → ${r.to ?? '-'}` });
      }
    }
    const summary = `${c.becameNonCompliant} became non-compliant, ${c.becameCompliant} became compliant, ${c.added} added, ${c.removed} removed, ${c.coverageLost} lost coverage`;
    return { check: c.check, summary, rows, more: Math.max(0, total - rows.filter((r) => r.resource).length) };
  });
  const colours = Object.fromEntries(Object.entries(STATUS_COLOURS).map(([k, v]) => [k, v]));
  return compiled({ d, frameworks, checks, colours, trust: d.a.keySource === 'pinned' ? 'the given public key' : 'the public key kept in the store' });
}
