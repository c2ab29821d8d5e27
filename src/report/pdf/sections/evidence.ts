// The evidence index: every evidence object the report relies on, by version and SHA-256.
import type { Layout } from '../layout.ts';
import { BODY } from '../palette.ts';
import { drawTable, text, num, mono } from '../table.ts';
import type { ReportViewModel } from '../../types.ts';

export function drawEvidence(layout: Layout, vm: ReportViewModel): void {
  layout.paragraph(
    "Every evidence object this report relies on, pinned by store version and SHA-256 in the run's signed manifest: datasets and rule results collected from AWS, and the exception and attestation files and documents people supplied. Fetch a version from the store and hash it to check it was not altered.",
    BODY,
    { after: 8 },
  );
  if (vm.evidence.length === 0) {
    layout.paragraph('None.');
    return;
  }
  drawTable(layout,
    [
      { header: 'Key', width: 0.3 },
      { header: 'Kind', width: 0.08 },
      { header: 'Version id', width: 0.13 },
      // Wide enough for a SHA-256 in exactly two lines of the small monospace font.
      { header: 'SHA-256', width: 0.28 },
      { header: 'Collected at', width: 0.13 },
      { header: 'Bytes', width: 0.08, align: 'right' },
    ],
    vm.evidence.map((e) => [mono(e.key), text(e.kind), mono(e.versionId), mono(e.sha256), text(e.collectedAt), num(e.size)]),
    { caption: `${vm.evidence.length} evidence objects`, size: 7 },
  );
}
