import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderHtml, STATUS_DISPLAY_ORDER } from '../../src/report/html.ts';
import { groupTargets } from '../../src/report/view-model.ts';
import { HOSTILE, hostileViewModel, sampleViewModel } from '../fixtures/view-model.ts';

const sample = sampleViewModel();
const html = renderHtml(sample);
const hostile = renderHtml(hostileViewModel());

/** The text of the n-th match of a capture group, failing the test when absent. */
function capture(text: string, re: RegExp): string {
  const m = re.exec(text);
  if (!m?.[1]) throw new Error(`no match for ${re}`);
  return m[1];
}

describe('renderHtml', () => {
  it('is a single document with one h1, a language and sections in order', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toMatch(/<html lang="en"/);
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    const order = ['Executive summary', 'Controls', 'Coverage', 'Evidence index', 'Verification'].map((h) =>
      html.indexOf(`>${h}</h2>`),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('shows the cover facts', () => {
    for (const text of [
      sample.framework.name,
      sample.framework.version,
      sample.run.runId,
      sample.run.startedAt,
      sample.run.finishedAt,
      sample.signer.algorithm,
      sample.signer.keyId,
      sample.toolVersion,
      ...sample.scope.accounts,
      ...sample.scope.regions,
    ]) {
      expect(html).toContain(text);
    }
  });

  it('lists every control in catalog order with its status on its row', () => {
    let last = -1;
    for (const c of sample.controls) {
      const at = html.indexOf(`<th scope="row" class="cid"><code>${c.id}</code></th>`);
      expect(at, c.id).toBeGreaterThan(last);
      last = at;
      expect(html).toContain(`<tbody class="control" data-status="${c.status}">`);
    }
    expect(html.match(/<tbody class="control" data-status=/g)).toHaveLength(sample.controls.length);
  });

  it('shows the counts of the view model in the fixed status order, and the pass rate', () => {
    const summary = capture(html, /<table class="counts">([\s\S]*?)<\/table>/);
    const rows = [...summary.matchAll(/<span class="badge [^"]+">([A-Z_]+)<\/span><\/th><td class="num">(\d+)<\/td>/g)];
    expect(rows.map((r) => r[1])).toEqual([...STATUS_DISPLAY_ORDER]);
    for (const r of rows) expect(Number(r[2])).toBe(sample.summary.byStatus[r[1] as keyof typeof sample.summary.byStatus]);
    // PASS over every control judged from evidence: missing evidence and errors count against the rate.
    const s = sample.summary.byStatus;
    expect(summary).toContain(`${((100 * s.PASS) / (s.PASS + s.FAIL + s.EXCEPTION + s.NO_EVIDENCE + s.ERROR)).toFixed(1)}%`);
  });

  it('presents counts rather than recomputing them', () => {
    // Deliberately inconsistent with the controls: the renderer must show what it is given.
    const vm = sampleViewModel();
    vm.summary = { ...vm.summary, total: 999, byStatus: { ...vm.summary.byStatus, ERROR: 77 }, passRate: null };
    const out = renderHtml(vm);
    expect(out).toContain('Controls by status (999 in total)');
    expect(out).toContain('<span class="badge s-error">ERROR</span></th><td class="num">77</td>');
    expect(out).toContain('<td class="num">n/a</td>');
  });

  it('has a status filter with one checkbox per status, hidden until the script runs', () => {
    expect(html).toContain('<div id="filters" class="filters" hidden>');
    for (const s of STATUS_DISPLAY_ORDER) expect(html).toContain(`<input type="checkbox" value="${s}" data-filter checked>`);
  });

  it('shows check details, capped failing resources, guidance and coverage', () => {
    expect(html).toContain('…and 4 more non-compliant resources');
    expect(html).toContain('<h3>Evidence a person must attest</h3>');
    expect(html).toContain('ENCRYPTED_VOLUMES');
    expect(html).toContain('cloudtrail:DescribeTrails');
    for (const e of sample.evidence) {
      expect(html).toContain(e.sha256);
      expect(html).toContain(e.versionId);
    }
  });

  it('says who evaluated a Config rule check: AWS Config or this tool over configuration items', () => {
    const vm = sampleViewModel();
    const rule = vm.controls.flatMap((c) => c.checks).find((c) => c.kind === 'config-rule')!;
    rule.targets[0] = { ...rule.targets[0]!, source: 'configuration-item', capturedAt: '2026-01-02T03:04:05.000Z' };
    rule.targets[1] = { ...rule.targets[1]!, source: 'config-rule' };
    rule.groups = groupTargets(rule.targets);
    const out = renderHtml(vm);
    expect(out).toContain(`this tool, reproducing the managed rule over AWS Config's recorded configuration items (captured up to <time datetime="2026-01-02T03:04:05.000Z">`);
    expect(out).toContain("AWS Config (the deployed rule's results)");
    expect(html).not.toContain('Evaluated by:');
  });

  it('says None for empty coverage lists', () => {
    const vm = sampleViewModel();
    vm.coverage = { ...vm.coverage, failures: [], rulesNotDeployed: [], controlsWithoutEvidence: [] };
    const coverage = capture(renderHtml(vm), /<section id="coverage"([\s\S]*?)<\/section>/);
    expect(coverage.match(/<p>None\.<\/p>/g)).toHaveLength(3);
  });

  it('shows the verification facts and commands, escaped inside <pre><code>', () => {
    const v = sample.verification;
    for (const text of [v.manifestKey, v.manifestSha256, v.manifestSignatureKey, v.publicKeyFingerprint]) expect(html).toContain(text);
    for (const c of v.commands) {
      const escaped = c.command.replaceAll('&', '&amp;').replaceAll('>', '&gt;').replaceAll('=', '&#x3D;');
      expect(html).toContain(`<pre><code>${escaped}</code></pre>`);
    }
  });

  it('escapes hostile text everywhere', () => {
    expect(hostile).not.toContain('<script>alert');
    expect(hostile).not.toContain('<img src=x');
    expect(hostile).not.toContain(`"'>`);
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hostile).toContain('&quot;&#x27;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    // Shown as text, not evaluated as a template.
    expect(hostile).toContain('{{constructor.constructor(&#x27;x&#x27;)()}}');
    expect(hostile).toContain(HOSTILE.arabic);
    expect(hostile).toContain(HOSTILE.hebrew);
    expect(hostile).toContain(HOSTILE.emoji);
    expect(hostile).toContain(HOSTILE.long);
    // Exactly one script element: ours.
    expect(hostile.match(/<script[\s>]/g)).toHaveLength(1);
  });

  it('loads nothing from outside the file', () => {
    for (const out of [html, hostile]) {
      for (const bad of ['src="http', "src='http", 'href="http', "href='http", '@import', 'url(', '<link', '<iframe', '<img']) {
        expect(out.toLowerCase()).not.toContain(bad);
      }
      expect(out).not.toMatch(/https?:\/\//);
    }
  });

  it('allows exactly its own inline style and script in the Content-Security-Policy', () => {
    const csp = capture(html, /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/).replaceAll('&#x27;', "'").replaceAll('&#x3D;', '=');
    expect(csp).toContain("default-src 'none'");
    const style = capture(html, /<style>([\s\S]*?)<\/style>/);
    const script = capture(html, /<script>([\s\S]*?)<\/script>/);
    const hash = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');
    expect(csp).toContain(`style-src 'sha256-${hash(style)}'`);
    expect(csp).toContain(`script-src 'sha256-${hash(script)}'`);
  });

  it('is byte-stable', () => {
    expect(renderHtml(sampleViewModel())).toBe(html);
    expect(renderHtml(hostileViewModel())).toBe(hostile);
  });
});
