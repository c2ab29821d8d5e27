// JSON report: the view model itself, as published in schemas/report-view.schema.json. Written
// a control at a time so a large report never becomes one giant string; the bytes equal
// JSON.stringify(vm, null, 2) plus a final newline.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { ReportViewModel } from './types.ts';

export const REPORT_VIEW_SCHEMA_FILE = 'schemas/report-view.schema.json';

const indent = (json: string, pad: string): string => json.replaceAll('\n', `\n${pad}`);

/** The JSON document in chunks (arrays of the view model streamed item by item). */
export function* jsonChunks(vm: ReportViewModel): Generator<string> {
  // Keys whose value is undefined are left out, as JSON.stringify does.
  const keys = (Object.keys(vm) as (keyof ReportViewModel)[]).filter((k) => vm[k] !== undefined);
  yield '{';
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const value = vm[key];
    const sep = k < keys.length - 1 ? ',' : '';
    if (Array.isArray(value) && value.length > 0) {
      yield `\n  ${JSON.stringify(key)}: [`;
      for (let i = 0; i < value.length; i++) {
        yield `\n    ${indent(JSON.stringify(value[i], null, 2), '    ')}${i < value.length - 1 ? ',' : ''}`;
      }
      yield `\n  ]${sep}`;
    } else {
      yield `\n  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}${sep}`;
    }
  }
  yield '\n}\n';
}

export function renderJson(vm: ReportViewModel): string {
  return [...jsonChunks(vm)].join('');
}

export async function writeJson(vm: ReportViewModel, outPath: string): Promise<void> {
  const out = createWriteStream(outPath);
  try {
    let buf = '';
    for (const chunk of jsonChunks(vm)) {
      buf += chunk;
      if (buf.length > 65_536) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    out.end(buf);
    await once(out, 'finish');
  } catch (err) {
    out.destroy();
    await rm(outPath, { force: true });
    throw err;
  }
}
