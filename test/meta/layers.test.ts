// The layer order of src/ (layers.json) holds for every import, static or dynamic, and the
// folders form no cycle. The lint rule catches static imports as they are written; this walks
// the whole tree, dynamic imports included.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = path.join(ROOT, 'src');
const { order, entries } = JSON.parse(readFileSync(path.join(ROOT, 'layers.json'), 'utf8')) as { order: string[]; entries: Record<string, string[] | string> };

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const folderOf = (file: string): string => path.relative(SRC, file).split(path.sep)[0]!;
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"]+)\1/g;

/** Every import from one folder of src/ into another: [from file, to file]. */
function crossImports(): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (const file of sources(SRC)) {
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), m[2]!);
      if (!target.startsWith(SRC + path.sep)) continue;
      if (folderOf(target) !== folderOf(file)) out.push({ from: file, to: target });
    }
  }
  return out;
}

describe('layers', () => {
  const imports = crossImports();

  it('every folder of src/ has a place in the layer order', () => {
    const folders = readdirSync(SRC).filter((n) => statSync(path.join(SRC, n)).isDirectory());
    expect(folders.filter((f) => f !== 'sandbox' && !order.includes(f))).toEqual([]);
    expect(readdirSync(SRC).filter((n) => n.endsWith('.ts'))).toEqual([]);
  });

  it('imports point down the layer order; only the CLI imports the sandbox', () => {
    const wrong = imports
      .filter(({ from, to }) => {
        const a = folderOf(from);
        const b = folderOf(to);
        if (b === 'sandbox') return a !== 'cli';
        if (a === 'sandbox') return false;
        return order.indexOf(b) >= order.indexOf(a);
      })
      .map(({ from, to }) => `${path.relative(ROOT, from)} -> ${path.relative(ROOT, to)}`);
    expect(wrong).toEqual([]);
  });

  it('another folder is imported through its index.ts (or a light entry layers.json names)', () => {
    const allowed = (to: string): boolean => {
      const named = entries[folderOf(to)];
      return path.dirname(to) === path.join(SRC, folderOf(to)) && (path.basename(to) === 'index.ts' || (Array.isArray(named) && named.includes(path.basename(to))));
    };
    const deep = imports.filter(({ to }) => !allowed(to));
    expect(deep.map(({ from, to }) => `${path.relative(ROOT, from)} -> ${path.relative(ROOT, to)}`)).toEqual([]);
  });

  it('the folders form no import cycle', () => {
    const edges = new Map<string, Set<string>>();
    for (const { from, to } of imports) {
      const set = edges.get(folderOf(from)) ?? new Set<string>();
      set.add(folderOf(to));
      edges.set(folderOf(from), set);
    }
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(' -> '));
        return;
      }
      state.set(node, 'open');
      for (const next of edges.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, 'done');
    };
    for (const node of edges.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it('the rule sees a wrong import (self-check on a known edge)', () => {
    // collect/engine.ts imports the store; were the order reversed, the test above would name it.
    expect(imports.some(({ from, to }) => folderOf(from) === 'collect' && folderOf(to) === 'store')).toBe(true);
  });
});

describe('file size', () => {
  it('no file in src/ is over 500 lines', () => {
    const long = sources(SRC)
      .map((f) => ({ f: path.relative(ROOT, f), n: readFileSync(f, 'utf8').split('\n').length }))
      .filter(({ n }) => n > 500)
      .map(({ f, n }) => `${f}: ${n}`);
    expect(long).toEqual([]);
  });
});
