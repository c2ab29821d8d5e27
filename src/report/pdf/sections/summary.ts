// The executive summary: controls by status (table and bars), pass rate, changes since the previous run.
import type { Layout } from '../layout.ts';
import { BODY, SMALL_MUTED, SMALL_BOLD, MUTED } from '../palette.ts';
import { drawTable, text, num, badge } from '../table.ts';
import { facts, subheading } from './blocks.ts';
import { formatPassRate, STATUS_COLOURS, STATUS_DISPLAY_ORDER } from '../../display.ts';
import { PASS_RATE_DEFINITION } from '../../../domain/index.ts';
import type { ReportViewModel } from '../../types.ts';

export function drawSummary(layout: Layout, vm: ReportViewModel): void {
  const startY = layout.y;
  const tableWidth = 190;
  drawTable(layout,
    [
      { header: 'Status', width: 0.6 },
      { header: 'Controls', width: 0.4, align: 'right' },
    ],
    [
      ...STATUS_DISPLAY_ORDER.map((s) => [badge(s), num(vm.summary.byStatus[s] ?? 0)]),
      [text('Total', SMALL_BOLD), { ...text(vm.summary.total, SMALL_BOLD), align: 'right' as const }],
      [text('Pass rate', SMALL_BOLD), { ...text(formatPassRate(vm.summary.passRate), SMALL_BOLD), align: 'right' as const }],
    ],
    { caption: `Controls by status (${vm.summary.total} in total)`, width: tableWidth, size: 8.5 },
  );
  const afterTable = layout.y;

  // Bar chart beside the table, mirroring the HTML report's SVG.
  const chartX = layout.left + tableWidth + 30;
  const labelW = 70;
  const barMax = layout.width - tableWidth - 30 - labelW - 30;
  const max = Math.max(1, ...STATUS_DISPLAY_ORDER.map((s) => vm.summary.byStatus[s] ?? 0));
  let y = startY + 14;
  layout.draw('Controls by status', chartX, startY, { font: 'bold', size: 9, color: MUTED });
  for (const s of STATUS_DISPLAY_ORDER) {
    const count = vm.summary.byStatus[s] ?? 0;
    const w = (count / max) * barMax;
    layout.draw(s, chartX, y + 3, { font: 'mono', size: 7.5 });
    if (w > 0) layout.fillRect(chartX + labelW, y + 2, w, 12, STATUS_COLOURS[s].background);
    layout.draw(String(count), chartX + labelW + w + 4, y + 3, { font: 'body', size: 8 });
    y += 19;
  }
  layout.y = Math.max(afterTable, y) + 10;
  layout.paragraph(
    `Pass rate ${formatPassRate(vm.summary.passRate)}: ${PASS_RATE_DEFINITION}`,
    { font: 'body', size: 8.5, color: MUTED },
    { after: 8 },
  );
  const x = vm.summary.exceptions;
  const a = vm.summary.attestations;
  layout.paragraph(
    `Accepted risks: ${x.active} active exception${x.active === 1 ? '' : 's'}, ${x.expired} expired. Attestations: ${a.valid} valid, ${a.expired} expired${a.notYetValid ? `, ${a.notYetValid} not yet valid` : ''}.`,
    { font: 'body', size: 8.5 },
    { after: 10 },
  );
  subheading(layout, 'Changes since the previous run');
  const ch = vm.summary.changes;
  if (!ch) {
    layout.paragraph(
      vm.run.previousRunId ? `None: the previous run ${vm.run.previousRunId} has no results for this framework.` : 'None: this is the first run.',
      BODY,
      { after: 8 },
    );
  } else {
    layout.paragraph(
      `Compared with run ${ch.previousRunId} (finished ${ch.previousFinishedAt}): pass rate ${formatPassRate(ch.previousPassRate)} then, ${formatPassRate(vm.summary.passRate)} now; ${ch.newlyFailingResources} resource finding${ch.newlyFailingResources === 1 ? '' : 's'} new, ${ch.resolvedResources} no longer non-compliant.`,
      BODY,
      { after: 6 },
    );
    if (ch.changed.length === 0) layout.paragraph('No control changed status.', BODY, { after: 8 });
    else
      drawTable(layout,
        [
          { header: 'Control', width: 0.18 },
          { header: 'Title', width: 0.5 },
          { header: 'Was', width: 0.16 },
          { header: 'Now', width: 0.16 },
        ],
        ch.changed.map((c) => [text(c.controlId, SMALL_BOLD), text(c.title), c.from ? badge(c.from) : text('new control', SMALL_MUTED), badge(c.to)]),
        { caption: `${ch.changed.length} control${ch.changed.length === 1 ? '' : 's'} changed status` },
      );
  }
  subheading(layout, 'Run');
  facts(layout, [
    ['Run status', vm.run.status],
    ['Observation period', `${vm.run.startedAt} to ${vm.run.finishedAt}`],
    ['Scope', `${vm.scope.accounts.length} account(s): ${vm.scope.accounts.join(', ')}; region(s): ${vm.scope.regions.join(', ')}`],
  ]);
}
