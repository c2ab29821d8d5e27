// Running head and foot, drawn on each page as it is created: labels at the top, and at the
// bottom a label with "Page n of N" (N known from the measuring pass).
import type { Layout } from './layout.ts';
import { MUTED, RULE, type Style } from './palette.ts';

export interface RunningLines {
  /** Top left, cut to fit beside `headRight`. */
  headLeft: string;
  /** Top right, at most half the width. */
  headRight: string;
  /** Bottom left, cut to fit beside the page number. */
  footLeft: string;
  /** Pages in the document. */
  total: number;
}

export function runningHeadAndFoot(lines: RunningLines): (layout: Layout) => void {
  const style: Style = { font: 'body', size: 7.5, color: MUTED };
  return (layout) => {
    const right = layout.left + layout.width;
    const headW = Math.min(layout.measure(lines.headRight, style), layout.width / 2);
    const head = layout.fit(lines.headRight, style, headW + 0.01);
    layout.draw(head, right - layout.measure(head, style), 30, style);
    layout.draw(layout.fit(lines.headLeft, style, layout.width - headW - 20), layout.left, 30, style);
    layout.hline(layout.left, right, 42, RULE, 0.5);
    const footY = layout.page.height - 38;
    layout.hline(layout.left, right, footY - 6, RULE, 0.5);
    const pageLabel = `Page ${layout.pageNumber} of ${lines.total}`;
    const pageW = layout.measure(pageLabel, style);
    layout.draw(pageLabel, right - pageW, footY, style);
    layout.draw(layout.fit(lines.footLeft, style, layout.width - pageW - 20), layout.left, footY, style);
  };
}
