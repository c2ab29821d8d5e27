// The cover page: framework, run, scope, signer, and warnings for partial or shard runs.
import type { Layout } from '../layout.ts';
import { H1, MUTED } from '../palette.ts';
import type { ReportViewModel } from '../../types.ts';
import { facts, notice } from './blocks.ts';
import { DETAIL_DESCRIPTIONS } from '../../display.ts';

export function drawCover(layout: Layout, vm: ReportViewModel): void {
  layout.newPage();
  layout.y = layout.top + 40;
  const eyebrow = vm.organization ? `COMPLIANCE EVIDENCE REPORT · ${vm.organization.name}` : 'COMPLIANCE EVIDENCE REPORT';
  layout.draw(layout.fit(eyebrow, { font: 'bold', size: 9 }, layout.width), layout.left, layout.y, { font: 'bold', size: 9, color: MUTED });
  layout.y += 18;
  layout.paragraph(vm.framework.name, H1, { after: 2 });
  layout.paragraph(`Version ${vm.framework.version} · framework ${vm.framework.id}`, { font: 'body', size: 12, color: MUTED }, { after: 8 });
  if (vm.framework.description) layout.paragraph(vm.framework.description, { font: 'body', size: 9.5, color: MUTED }, { after: 12 });
  if (vm.run.status !== 'complete') {
    notice(layout, `Run status: ${vm.run.status}. Some evidence could not be collected; the affected controls say so, and the Coverage section lists every gap.`);
  }
  // A shard run's report says on its cover that it is not about the whole organization.
  const shard = vm.run.shard;
  if (shard) {
    notice(layout, `Shard ${shard.index} of ${shard.count}. This run covers ${shard.accounts} of the ${shard.of} accounts in scope: it is not a report on the whole organization. The merged run (evidence merge) is.`);
  }
  const bl = vm.framework.baseline;
  if (bl) {
    notice(layout, `Baseline ${bl.id}. This report covers the ${bl.controls} controls of the NIST SP 800-53B ${bl.id} baseline, of the ${bl.of} controls in the catalog.`);
  }
  layout.y += 6;
  const cert = vm.signer.pdfCertificate;
  const names = vm.scope.accountNames;
  facts(layout, [
    ...(vm.organization ? [['Organization', vm.organization.name] as [string, string]] : []),
    ['Run', vm.run.runId, { font: 'mono', size: 9 }],
    ['Run status', vm.run.status],
    ...(vm.run.mergedFrom ? [['Merged from shards', vm.run.mergedFrom.join(', ')] as [string, string]] : []),
    ['Observation period', `${vm.run.startedAt} to ${vm.run.finishedAt}`],
    ['Report generated', vm.generatedAt],
    ...(bl ? [['Baseline', `${bl.id} (${bl.controls} of ${bl.of} controls)`] as [string, string]] : []),
    ['Report detail', DETAIL_DESCRIPTIONS[vm.detail]],
    ['Accounts', vm.scope.accounts.map((a) => (names[a] ? `${a} (${names[a]})` : a)).join(', ')],
    ['Regions', vm.scope.regions.join(', ')],
    ['Evidence store', vm.run.store, { font: 'mono', size: 8.5 }],
    ['Previous run', vm.run.previousRunId ?? 'None (first run)'],
    ['Signed with', `${vm.signer.algorithm}, key ${vm.signer.keyId}`],
    ...(cert ? [['PDF signed by (PAdES)', cert.subject] as [string, string]] : []),
    ['Tool version', `aws-evidence-collector ${vm.toolVersion}`],
  ]);
  layout.y += 16;
  layout.paragraph(
    "Every status in this report is taken from the run's signed results. The Verification section at the end says how to check the evidence and the signatures without this tool.",
    { font: 'body', size: 8.5, color: MUTED },
  );
}
