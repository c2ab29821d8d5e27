// The coverage section: what was and was not collected, so a gap never reads as a pass.
import type { Layout } from '../layout.ts';
import { BODY, SMALL, SMALL_BOLD, WARN } from '../palette.ts';
import { drawTable, text, num, mono, badge, dash } from '../table.ts';
import { subheading } from './blocks.ts';
import type { ReportViewModel } from '../../types.ts';

export function drawCoverage(layout: Layout, vm: ReportViewModel): void {
  const { coverage } = vm;
  layout.paragraph(
    'What was and was not collected in this run. A gap here never reads as a pass: the controls it affects show NO_EVIDENCE or ERROR.',
    BODY,
    { after: 8 },
  );
  const none = () => layout.paragraph('None.', BODY, { after: 8 });

  subheading(layout, 'Scope and services');
  layout.paragraph(`Accounts: ${vm.scope.accounts.join(', ')}. Regions: ${vm.scope.regions.join(', ')}.`, BODY, { after: 6 });
  if (coverage.services.length === 0) layout.paragraph('No AWS service was collected.', BODY, { after: 8 });
  else
    drawTable(layout,
      [
        { header: 'Service', width: 0.16 },
        { header: 'Collections succeeded', width: 0.14, align: 'right' },
        { header: 'Collections failed', width: 0.12, align: 'right' },
        { header: 'Accounts', width: 0.26 },
        { header: 'Regions', width: 0.32 },
      ],
      coverage.services.map((s) => [
        mono(s.service),
        num(s.collected),
        s.failed ? { parts: [{ text: String(s.failed), style: { ...SMALL_BOLD, color: WARN } }], align: 'right' as const } : num(0),
        text(s.accounts.join(', ')),
        text(s.regions.join(', ')),
      ]),
      { caption: 'AWS services collected' },
    );

  subheading(layout, 'AWS calls');
  const c = coverage.calls;
  drawTable(layout,
    [
      { header: 'Total', width: 1 / 7, align: 'right' },
      { header: 'OK', width: 1 / 7, align: 'right' },
      { header: 'OK after retry', width: 1 / 7, align: 'right' },
      { header: 'Throttled past retries', width: 1 / 7, align: 'right' },
      { header: 'Access denied', width: 1 / 7, align: 'right' },
      { header: 'Failed', width: 1 / 7, align: 'right' },
      { header: 'Not found (expected)', width: 1 / 7, align: 'right' },
    ],
    [[num(c.total), num(c.ok), num(c.retried), num(c.throttled), num(c.denied), num(c.failed), num(c.notFound)]],
    { caption: "Every AWS call of the run, by outcome (throttled and denied are counted after the SDK's retries)" },
  );

  subheading(layout, 'Collections');
  if (coverage.collections.length === 0) none();
  else
    drawTable(layout,
      [
        { header: 'Account', width: 0.15 },
        { header: 'Region', width: 0.11 },
        { header: 'Collector', width: 0.2 },
        { header: 'Status', width: 0.1 },
        { header: 'Calls', width: 0.08, align: 'right' },
        { header: 'Failed calls', width: 0.08, align: 'right' },
        { header: 'Reason', width: 0.28 },
      ],
      coverage.collections.map((col) => [
        text(col.account),
        text(col.region),
        mono(col.collector),
        text(col.status, col.status === 'collected' ? SMALL : { ...SMALL_BOLD, color: WARN }),
        num(col.calls),
        num(col.failedCalls),
        col.reason ? text(col.reason) : dash(),
      ]),
      { caption: 'Collections per account, region and collector' },
    );

  subheading(layout, 'Collection failures');
  if (coverage.failures.length === 0) none();
  else
    drawTable(layout,
      [
        { header: 'Account', width: 0.15 },
        { header: 'Region', width: 0.11 },
        { header: 'Collector', width: 0.2 },
        { header: 'Operation', width: 0.16 },
        { header: 'Reason', width: 0.38 },
      ],
      coverage.failures.map((f) => [text(f.account), text(f.region), mono(f.collector), text(f.operation ?? '—'), text(f.reason)]),
      { caption: 'Collection failures' },
    );

  subheading(layout, 'Config rules not deployed');
  if (coverage.rulesNotDeployed.length === 0) none();
  else
    drawTable(layout,
      [
        { header: 'Account', width: 0.3 },
        { header: 'Region', width: 0.3 },
        { header: 'Source identifier', width: 0.4 },
      ],
      coverage.rulesNotDeployed.map((r) => [text(r.account), text(r.region), mono(r.sourceIdentifier)]),
      { caption: 'AWS Config managed rules the catalog needs but the account-region does not run' },
    );

  subheading(layout, 'Controls without evidence');
  if (coverage.controlsWithoutEvidence.length === 0) none();
  else
    drawTable(layout,
      [
        { header: 'Control', width: 0.2 },
        { header: 'Status', width: 0.16 },
        { header: 'Reason', width: 0.64 },
      ],
      coverage.controlsWithoutEvidence.map((x) => [text(x.controlId, SMALL_BOLD), badge(x.status), text(x.reason)]),
      { caption: 'Controls that could not be judged from evidence' },
    );
}
