// HTML report: one self-contained file (inline CSS, inline script, inline SVG, no network) that an
// auditor can open offline, filter, and print. It presents the view model and computes nothing
// about compliance; the only arithmetic here is chart geometry.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { documentSafe } from '../util/index.ts';
import type { ReportViewModel } from './types.ts';

export { DETAIL_DESCRIPTIONS, formatPassRate, STATUS_COLOURS, STATUS_DISPLAY_ORDER, tagText } from './display.ts';
import { checkDetailKey, checkResultsLine, DETAIL_DESCRIPTIONS, formatPassRate, STATUS_COLOURS, STATUS_DISPLAY_ORDER, tagText } from './display.ts';

const CHART = { width: 460, rowHeight: 26, barX: 110, barMax: 300 } as const;

interface Compiled {
  render: Handlebars.TemplateDelegate;
  csp: string;
}

let compiled: Compiled | undefined;

/** Walks up from this module so the lookup works from src/ (tsx) and from a built dist/ alike. */
function findTemplatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'templates');
    if (existsSync(path.join(candidate, 'report.hbs'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('report templates not found: expected templates/report.hbs above src/report');
}

/** Static assets are inlined as partials, so they must not contain template or tag syntax. */
function readAsset(file: string, closingTag: string): string {
  const text = readFileSync(file, 'utf8').trimEnd();
  if (text.includes('{{') || text.toLowerCase().includes(closingTag)) {
    throw new Error(`${path.basename(file)} must not contain "{{" or "${closingTag}"`);
  }
  return text;
}

const sha256Source = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function compile(): Compiled {
  const dir = findTemplatesDir();
  // An isolated instance: helpers and partials registered here cannot leak into, or be
  // overridden by, other users of the global Handlebars object.
  const hb = Handlebars.create();

  hb.registerHelper('percent', (rate: unknown) => formatPassRate(typeof rate === 'number' ? rate : null));
  hb.registerHelper('statusClass', (status: unknown) => {
    // Only known statuses map to a class; anything else gets a neutral one rather than
    // letting data choose a class name.
    return typeof status === 'string' && status in STATUS_COLOURS ? `s-${status.toLowerCase()}` : 's-unknown';
  });
  hb.registerHelper('join', (items: unknown, separator: unknown) =>
    Array.isArray(items) ? items.map(String).join(typeof separator === 'string' ? separator : ', ') : '',
  );
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('add', (a: unknown, b: unknown) => (typeof a === 'number' ? a : 0) + (typeof b === 'number' ? b : 0));
  // "=" is harmless in text content; Handlebars escapes it, which would make the source unreadable.
  hb.registerHelper('tagList', (tags: unknown) => new hb.SafeString(hb.escapeExpression(tagText(tags)).replaceAll('&#x3D;', '=')));
  // Escapes the text, then shows `quoted` command lines as code (remediation texts carry CLI calls).
  hb.registerHelper('codeSpans', (text: unknown) =>
    new hb.SafeString(hb.escapeExpression(typeof text === 'string' ? text : '').replace(/&#x60;(.+?)&#x60;/g, '<code>$1</code>')),
  );

  const partialsDir = path.join(dir, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs')).sort()) {
    // Without the file's final newline, so an inline partial (a badge) adds no stray whitespace.
    hb.registerPartial(path.basename(file, '.hbs'), readFileSync(path.join(partialsDir, file), 'utf8').replace(/\r?\n$/, ''));
  }
  const css = readAsset(path.join(dir, 'report.css'), '</style');
  const js = readAsset(path.join(dir, 'report.js'), '</script');
  hb.registerPartial('styles', css);
  hb.registerPartial('script', js);

  // The page may run only its own script and style: if escaping ever failed, injected markup
  // could neither execute nor load anything from the network.
  const csp = [
    "default-src 'none'",
    `style-src ${sha256Source(css)}`,
    `script-src ${sha256Source(js)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  // preventIndent: partials are otherwise re-indented line by line, which would alter
  // multi-line values inside <pre>.
  const render = hb.compile(readFileSync(path.join(dir, 'report.hbs'), 'utf8'), { preventIndent: true });
  return { render, csp };
}

/**
 * The controls as the page shows them: a check already shown in full under an earlier control
 * (the same detail) carries `ref` (that control and the detail's anchor) and its results in one
 * line instead of its tables; the first carries the anchor.
 */
function controlsShown(vm: ReportViewModel) {
  const shown = new Map<string, { control: string; anchor: string }>();
  return vm.controls.map((c) => ({
    ...c,
    checks: c.checks.map((check) => {
      const key = checkDetailKey(check);
      const first = shown.get(key);
      if (first) return { ...check, ref: first, resultsLine: checkResultsLine(check) };
      const anchor = `check-${shown.size + 1}`;
      shown.set(key, { control: c.id, anchor });
      return { ...check, anchor };
    }),
  }));
}

function context(vm: ReportViewModel, csp: string) {
  const max = Math.max(1, ...STATUS_DISPLAY_ORDER.map((s) => vm.summary.byStatus[s] ?? 0));
  const statusRows = STATUS_DISPLAY_ORDER.map((status, i) => {
    const count = vm.summary.byStatus[status] ?? 0;
    const barWidth = Math.round((count / max) * CHART.barMax);
    return { status, count, color: STATUS_COLOURS[status].background, y: i * CHART.rowHeight, barWidth, labelX: CHART.barX + barWidth + 6 };
  });
  return {
    vm,
    controls: controlsShown(vm),
    csp,
    statusRows,
    detailText: DETAIL_DESCRIPTIONS[vm.detail],
    showEvidence: vm.detail === 'full',
    chart: { width: CHART.width, height: STATUS_DISPLAY_ORDER.length * CHART.rowHeight, barX: CHART.barX },
  };
}

/** Renders the report as one self-contained HTML document; same view model, same bytes. */
export function renderHtml(vm: ReportViewModel): string {
  compiled ??= compile();
  // Control and bidi characters (in ids and reasons from AWS or users) are never part of the page's markup.
  return documentSafe(compiled.render(context(vm, compiled.csp)));
}
