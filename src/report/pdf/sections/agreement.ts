// Within the coverage section: AWS Config's verdicts against the local evaluators', where both exist.
import type { Layout } from '../layout.ts';
import { BODY, SMALL, SMALL_BOLD, WARN } from '../palette.ts';
import { drawTable, text, num, mono } from '../table.ts';
import { subheading } from './blocks.ts';
import type { ReportViewModel } from '../../types.ts';

export function drawAgreement(layout: Layout, vm: ReportViewModel): void {
  const a = vm.agreement;
  if (!a) return;
  subheading(layout, 'AWS Config against the local evaluators');
  layout.paragraph(
    `Where a Config rule is deployed and the resources' configuration items were read as well, AWS Config's verdict is the evidence and this tool's evaluator judged the same items as a check of itself. They agree on ${a.percent} of ${a.compared} resources (${a.agreeing} agreeing).`,
    BODY,
    { after: 6 },
  );
  drawTable(layout,
    [
      { header: 'Check', width: 0.52 },
      { header: 'Resources compared', width: 0.16, align: 'right' },
      { header: 'Differing', width: 0.16, align: 'right' },
      { header: 'Agreement', width: 0.16, align: 'right' },
    ],
    a.rules.map((r) => [mono(r.checkId), num(r.compared), r.differing ? { parts: [{ text: String(r.differing), style: { ...SMALL_BOLD, color: WARN } }], align: 'right' as const } : num(0), text(r.percent, SMALL)]),
    { caption: 'Agreement per Config rule' },
  );
  if (a.differing.length === 0) {
    layout.paragraph('No resource differs.', BODY, { after: 8 });
    return;
  }
  drawTable(layout,
    [
      { header: 'Check', width: 0.24 },
      { header: 'Account', width: 0.13 },
      { header: 'Region', width: 0.1 },
      { header: 'Resource', width: 0.29 },
      { header: 'AWS Config', width: 0.12 },
      { header: 'Local', width: 0.12 },
    ],
    a.differing.map((d) => [mono(d.checkId), text(d.account), text(d.region), text(`${d.resourceType} ${d.resourceId}`), text(d.configRule), text(d.local)]),
    { caption: 'Resources where the verdicts differ' },
  );
  if (a.differingOmitted > 0) layout.paragraph(`And ${a.differingOmitted} more, in the run's results.`, BODY, { after: 8 });
}
