// Building blocks the report's sections share: section starts (with their contents entry),
// subheadings, label/value facts and warning notices.
import type { TocEntry } from '../contents.ts';
import type { Layout } from '../layout.ts';
import { BODY, H2, H3, INK, MUTED, WARN, WARN_BG, type Style } from '../palette.ts';

/** Collects the contents entries as the sections are laid out. */
export class Recorder {
  readonly toc: TocEntry[] = [];
  /** Checks drawn in full so far, by what their detail shows: where the first one is. */
  readonly checksShown = new Map<string, { control: string; dest: string; page: number }>();
}

/** Label/value rows: the label in a column of its own, the value wrapping beside it. */
export function facts(layout: Layout, rows: [string, string, Style?][], labelWidth = 130): void {
  const labelStyle: Style = { font: 'bold', size: 8, color: MUTED };
  for (const [label, value, style] of rows) {
    const s = style ?? BODY;
    const labelLines = layout.wrap(label, labelStyle, labelWidth - 8);
    const lines = layout.wrap(value, s, layout.width - labelWidth);
    const lh = layout.lineHeight(s);
    layout.ensure(lh);
    labelLines.forEach((l, i) => layout.draw(l, layout.left, layout.y + 1 + i * layout.lineHeight(labelStyle), labelStyle));
    const startY = layout.y;
    for (const line of lines) {
      layout.ensure(lh);
      layout.draw(line, layout.left + labelWidth, layout.y, s);
      layout.y += lh;
    }
    if (layout.y >= startY) layout.y = Math.max(layout.y, startY + labelLines.length * layout.lineHeight(labelStyle));
    layout.y += 3;
  }
}

export function sectionStart(layout: Layout, rec: Recorder, title: string, dest: string): PDFKit.PDFOutline | null {
  layout.newPage();
  layout.destination(dest);
  const bookmark = layout.bookmark(title);
  rec.toc.push({ level: 1, label: title, dest, page: layout.pageNumber });
  layout.draw(title, layout.left, layout.y, H2);
  layout.y += layout.lineHeight(H2) + 2;
  layout.rule(INK, 1.2);
  layout.y += 10;
  return bookmark;
}

export function subheading(layout: Layout, title: string): void {
  layout.ensure(layout.lineHeight(H3) + 50);
  layout.y += 4;
  layout.paragraph(title, H3, { after: 3 });
}

/** A warning in bold on a tinted band with a bar at its left edge. */
export function notice(layout: Layout, message: string): void {
  const style: Style = { font: 'bold', size: 9, color: WARN };
  const lines = layout.wrap(message, style, layout.width - 20);
  const h = lines.length * layout.lineHeight(style) + 12;
  layout.fillRect(layout.left, layout.y, layout.width, h, WARN_BG);
  layout.fillRect(layout.left, layout.y, 4, h, WARN);
  layout.y += 6;
  for (const line of lines) {
    layout.draw(line, layout.left + 14, layout.y, style);
    layout.y += layout.lineHeight(style);
  }
  layout.y += 18;
}
