// Every api check explains itself to an auditor: why its setting matters and what to change in
// AWS when it fails (both shown beside a FAIL in the report), and its file opens by saying what it
// judges and when the answer is COMPLIANT.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apiChecks } from '../../src/checks/index.ts';

const checksDir = fileURLToPath(new URL('../../src/checks/', import.meta.url));

describe('api check texts', () => {
  for (const c of apiChecks) {
    it(`${c.id} has a rationale and a concrete remediation`, () => {
      for (const [name, text] of [['rationale', c.rationale], ['remediation', c.remediation]] as const) {
        expect(typeof text, name).toBe('string');
        expect(text.trim(), name).toBe(text);
        // a sentence or two: long enough to say something, short enough to sit beside a result
        expect(text.length, name).toBeGreaterThanOrEqual(60);
        expect(text.length, name).toBeLessThanOrEqual(450);
        expect(text, name).toMatch(/[.`]$/);
      }
      expect(c.remediation).not.toBe(c.rationale);
      // says where to change it: a console path or a CLI call
      expect(c.remediation).toMatch(/console >|`aws [a-z0-9-]+ [a-z-]+/);
    });

    it(`${c.id}'s file opens with what it judges and when it is COMPLIANT`, () => {
      const head = readFileSync(`${checksDir}${c.id}.ts`, 'utf8').split('\n');
      const comment = head.slice(0, head.findIndex((l) => !l.startsWith('//'))).join(' ');
      expect(comment).toMatch(/^\/\/ Judges /);
      expect(comment).toContain('COMPLIANT:');
    });
  }

  it('no two checks share a text', () => {
    const texts = apiChecks.flatMap((c) => [c.rationale, c.remediation]);
    expect(new Set(texts).size).toBe(texts.length);
  });
});
