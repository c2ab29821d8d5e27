// Reading some top-level fields of a JSON object without parsing the rest must give what
// JSON.parse gives for those fields, on the store's pretty layout and on any other.
import { describe, expect, it } from 'vitest';
import { parseFields } from '../../src/history/json-fields.ts';

const tricky = {
  schema: 'run-results/v1',
  scope: { accounts: ['111111111111', '222222222222'], regions: ['us-east-1'] },
  // strings that look like structure: quotes, backslashes, braces, a line that would start a field
  checks: [{ id: 'a"b\\', note: '}\n  "frameworks": [1]\n{', list: [[], {}, ['x', { y: '\\"' }]] }],
  frameworks: [{ id: 'soc2', name: 'Ünïcode ✓ \u2028', controls: [{ id: 'CC1.1', status: 'PASS', reason: '' }] }],
  empty: {},
  n: -1.5e3,
  t: true,
  z: null,
  last: 'end',
};
const WANTED = new Set(['scope', 'frameworks', 'n', 't', 'z', 'last', 'missing']);

function expected(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => WANTED.has(k)));
}

describe('parseFields', () => {
  it('gives JSON.parse’s values for the wanted fields, pretty or compact or oddly spaced', () => {
    const layouts = [JSON.stringify(tricky, null, 2) + '\n', JSON.stringify(tricky), JSON.stringify(tricky, null, '\t'), ` \r\n${JSON.stringify(tricky, null, 3)}  \n\n`];
    for (const text of layouts) expect(parseFields(Buffer.from(text), WANTED)).toEqual(expected(tricky));
  });

  it('keeps the last of a repeated field, as JSON.parse does', () => {
    const text = '{\n  "scope": 1,\n  "frameworks": [],\n  "scope": 2\n}\n';
    expect(parseFields(Buffer.from(text), WANTED)).toEqual(expected(JSON.parse(text) as Record<string, unknown>));
    expect(parseFields(Buffer.from('{"scope":1,"scope":{"a":2}}'), WANTED)).toEqual({ scope: { a: 2 } });
  });

  it('reads a field nested at the top level’s indentation by a hand-made layout from its real place', () => {
    const text = '{\n  "checks": {\n  "frameworks": "inner"},\n  "frameworks": "outer"\n}';
    expect(parseFields(Buffer.from(text), new Set(['frameworks']))).toEqual({ frameworks: 'outer' });
  });

  it('reads an empty object and refuses what is not one JSON object', () => {
    expect(parseFields(Buffer.from(' {} '), WANTED)).toEqual({});
    for (const bad of ['[1]', '{"a": 1', '{"a" 1}', '{"a": [1, 2}', '{"a": "x}', '{"a": 1} 2', '{"a": 1,}', '', '{"a": {"b": [}]}}']) {
      expect(() => parseFields(Buffer.from(bad), new Set(['a'])), bad).toThrow();
    }
  });
});
