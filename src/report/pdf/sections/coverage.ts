// The coverage section: what was and was not collected, so a gap never reads as a pass.
import type { Layout } from '../layout.ts';
import { BODY, SMALL, SMALL_BOLD, WARN } from '../palette.ts';
import { drawTable, text, num, mono, badge, dash } from '../table.ts';
import { subheading } from './blocks.ts';
import type { ReportViewModel } from '../../types.ts';
import { describePlaces, groupCollections, groupControlsWithoutEvidence, groupRulesNotDeployed } from '../../coverage-groups.ts';

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
        { header: 'Collector', width: 0.22 },
        { header: 'Status', width: 0.1 },
        { header: 'Account-regions', width: 0.3 },
        { header: 'Calls', width: 0.08, align: 'right' },
        { header: 'Failed calls', width: 0.08, align: 'right' },
        { header: 'Reason', width: 0.22 },
      ],
      groupCollections(coverage.collections).map((g) => [
        mono(g.collector),
        text(g.status, g.status === 'collected' ? SMALL : { ...SMALL_BOLD, color: WARN }),
        text(`${g.places.length}: ${describePlaces(g.places)}`),
        num(g.calls),
        num(g.failedCalls),
        g.reason ? text(g.reason) : dash(),
      ]),
      { caption: 'Collections by collector, status and reason (each account-region: HTML and JSON reports)' },
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
        { header: 'Not deployed in', width: 0.3 },
        { header: 'Source identifiers', width: 0.7 },
      ],
      groupRulesNotDeployed(coverage.rulesNotDeployed).map((g) => [text(`${g.places.length}: ${describePlaces(g.places)}`), mono(`${g.rules.length}: ${g.rules.join(', ')}`)]),
      { caption: 'Managed rules the catalog needs that the account-regions do not run, by where they are missing' },
    );

  subheading(layout, 'Controls without evidence');
  if (coverage.controlsWithoutEvidence.length === 0) none();
  else
    drawTable(layout,
      [
        { header: 'Status', width: 0.14 },
        { header: 'Reason', width: 0.48 },
        { header: 'Controls', width: 0.38 },
      ],
      groupControlsWithoutEvidence(coverage.controlsWithoutEvidence).map((g) => [badge(g.status), text(g.reason), text(`${g.controls.length}: ${g.controls.join(', ')}`)]),
      { caption: 'Controls that could not be judged from evidence, by status and reason' },
    );
}
