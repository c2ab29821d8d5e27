// The report's contents pages. Their length depends only on the number of entries, so the
// measuring pass can reserve them before it knows the page numbers they will show.
import { REPORT_PAGE, type Layout } from './layout.ts';
import { H2, type Style } from './palette.ts';
import type { ReportViewModel } from '../types.ts';

/** An entry of the contents pages, and where the first pass found it. */
export interface TocEntry {
  level: 1 | 2;
  label: string;
  status?: string;
  dest: string;
  page: number;
}

const TOC_LINE = 15;
const TOC_HEAD = 40;

function tocLineStyle(level: 1 | 2): Style {
  return level === 1 ? { font: 'bold', size: 10 } : { font: 'body', size: 8.5 };
}

/** Where each contents entry goes: its page (0-based within the contents) and y. Depends only on the levels. */
export function tocPositions(levels: (1 | 2)[]): { page: number; y: number }[] {
  const bottom = REPORT_PAGE.height - REPORT_PAGE.margin.bottom;
  let page = 0;
  let y = REPORT_PAGE.margin.top + TOC_HEAD;
  return levels.map((level) => {
    if (y + TOC_LINE > bottom) {
      page += 1;
      y = REPORT_PAGE.margin.top;
    }
    const at = { page, y };
    y += TOC_LINE + (level === 1 ? 6 : 0);
    return at;
  });
}

/** Executive summary, Controls, one entry per control shown in detail, Coverage, Evidence index (full detail), Verification. */
export function tocLevels(vm: ReportViewModel): (1 | 2)[] {
  return [1, 1, ...vm.controls.filter((c) => c.detailShown).map(() => 2 as const), 1, ...(vm.detail === 'full' ? [1 as const] : []), 1];
}

export function drawToc(layout: Layout, toc: TocEntry[]): void {
  const positions = tocPositions(toc.map((e) => e.level));
  layout.newPage();
  layout.draw('Contents', layout.left, layout.y, H2);
  let page = 0;
  toc.forEach((entry, i) => {
    const at = positions[i]!;
    while (page < at.page) {
      layout.newPage();
      page += 1;
    }
    const style = tocLineStyle(entry.level);
    const indent = entry.level === 1 ? 0 : 14;
    const pageLabel = String(entry.page);
    const pageW = layout.measure(pageLabel, style);
    const bsize = 6.5;
    const bw = entry.status ? layout.badgeWidth(entry.status, bsize) + 6 : 0;
    const y = at.y + (entry.level === 1 ? 4 : 0);
    if (entry.status) layout.badge(entry.status, layout.left + indent, y + 1, bsize);
    const labelX = layout.left + indent + bw;
    const label = layout.fit(entry.label, style, layout.width - indent - bw - pageW - 24);
    layout.draw(label, labelX, y, style);
    // Dotted leader between the label and the page number.
    const leaderStart = labelX + layout.measure(label, style) + 4;
    const leaderEnd = layout.left + layout.width - pageW - 4;
    if (leaderEnd > leaderStart) layout.dotted(leaderStart, leaderEnd, y + style.size * 0.95);
    layout.draw(pageLabel, layout.left + layout.width - pageW, y, style);
    layout.link(layout.left, y - 2, layout.width, TOC_LINE, entry.dest);
  });
  // Reserve every contents page even if the last ones stayed short.
  const last = positions.at(-1)?.page ?? 0;
  while (page < last) {
    layout.newPage();
    page += 1;
  }
}
