import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attestationState, loadAttestations } from '../../src/evaluate/attestations.ts';
import { applyAcceptance, storeAcceptance, type AcceptanceContext, type SourcedAttestation } from '../../src/evaluate/acceptance.ts';
import { evaluateControl } from '../../src/evaluate/rollup.ts';
import { AcceptanceFileError } from '../../src/evaluate/yaml-source.ts';
import { FileStore } from '../../src/store/file.ts';
import { CATALOG, checkResults, FRAMEWORK } from '../fixtures/acceptance.ts';
import { tempDir } from '../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('attestations-')));
afterAll(() => cleanup?.());

async function write(rel: string, text: string | Buffer): Promise<string> {
  const file = path.join(dir, rel);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
  return file;
}

const ONE = `framework: fw
control: M
statement: The quarterly access review was completed.
attester: Sam Lee, Security Lead
date: 2026-10-02
validUntil: 2027-01-02
document: review.pdf
`;
const LIST = `attestations:
  - framework: fw
    control: M2
    statement: Drill held.
    attester: Incident manager
    date: 2025-01-01
    validUntil: 2025-12-31
  - framework: fw
    control: M2
    statement: Drill held again.
    attester: Incident manager
    date: 2026-12-01
    validUntil: 2027-12-01
`;

describe('loading attestations', () => {
  it('reads a folder of YAML files (one attestation, or a list), skipping the documents beside them', async () => {
    await write('ok/review.pdf', '%PDF-1.4 review minutes\n');
    await write('ok/m.yaml', ONE);
    await write('ok/nested/m2.yml', LIST);
    await write('ok/notes.txt', 'not yaml');
    const loaded = await loadAttestations(path.join(dir, 'ok'), CATALOG, dir);
    expect(loaded.files.map((f) => f.name)).toEqual(['m.yaml', 'm2.yml']);
    expect(loaded.attestations).toEqual([
      {
        framework: 'fw',
        control: 'M',
        statement: 'The quarterly access review was completed.',
        attester: 'Sam Lee, Security Lead',
        date: '2026-10-02',
        validUntil: '2027-01-02',
        document: { path: path.join(dir, 'ok', 'review.pdf'), name: 'review.pdf' },
        file: path.join(dir, 'ok', 'm.yaml'),
        line: 1,
      },
      expect.objectContaining({ control: 'M2', date: '2025-01-01', line: 2, file: path.join(dir, 'ok', 'nested', 'm2.yml') }),
      expect.objectContaining({ control: 'M2', date: '2026-12-01', line: 8 }),
    ]);
    // A single file works too.
    expect((await loadAttestations(path.join(dir, 'ok', 'm.yaml'), CATALOG, dir)).attestations).toHaveLength(1);
  });

  it('names file and line for a missing document, an automated or unknown control, bad dates and unknown fields', async () => {
    await write('bad/a.yaml', ONE.replace('review.pdf', 'missing.pdf'));
    await write('bad/b.yaml', ONE.replace('control: M', 'control: A').replace('document: review.pdf\n', ''));
    await write('bad/c.yaml', ONE.replace('control: M', 'control: ZZ').replace('document: review.pdf\n', ''));
    await write('bad/d.yaml', ONE.replace('validUntil: 2027-01-02', 'validUntil: 2026-01-02').replace('document: review.pdf\n', 'signedBy: x\n'));
    let msg = '';
    try {
      await loadAttestations(path.join(dir, 'bad'), CATALOG, dir);
    } catch (err) {
      expect(err).toBeInstanceOf(AcceptanceFileError);
      msg = (err as Error).message;
    }
    expect(msg).toContain('bad/a.yaml:7:11: document: attached document "missing.pdf" not found');
    expect(msg).toContain('bad/b.yaml:2:10: control: A is judged from evidence by its checks; attestations are for manual controls');
    expect(msg).toContain('bad/c.yaml:2:10: control: framework fw has no control "ZZ"');
    expect(msg).toMatch(/bad\/d\.yaml:1:1: \(top level\): Unrecognized key.*\(signedBy\)/);
    expect(msg).toMatch(/bad\/d\.yaml:6:13: validUntil: validUntil 2026-01-02 is before date 2026-10-02/);
  });

  it('rejects a path that does not exist', async () => {
    await expect(loadAttestations(path.join(dir, 'nowhere'), CATALOG, dir)).rejects.toThrow(/attestations file or folder not found/);
  });
});

describe('attestation validity', () => {
  it('is valid from its date through validUntil, inclusive', () => {
    const a = { date: '2026-10-02', validUntil: '2027-01-02' };
    expect(attestationState(a, '2026-10-01')).toBe('not-yet-valid');
    expect(attestationState(a, '2026-10-02')).toBe('valid');
    expect(attestationState(a, '2027-01-02')).toBe('valid');
    expect(attestationState(a, '2027-01-03')).toBe('expired');
  });
});

const source = { file: 'm.yaml', key: 'attestations/abc/m.yaml', line: 1 };
const att = (control: string, date: string, validUntil: string, attester = 'Sam'): SourcedAttestation => ({ framework: 'fw', control, statement: `statement ${date}`, attester, date, validUntil, source });
const ctx = (asOfDate: string, ...attestations: SourcedAttestation[]): AcceptanceContext => ({ exceptions: [], attestations, asOfDate });

function judge(controlId: string, context: AcceptanceContext) {
  const checks = checkResults();
  const control = FRAMEWORK.controls.find((c) => c.id === controlId)!;
  return applyAcceptance(FRAMEWORK, control, evaluateControl(control, checks), checks, context);
}

describe('applying attestations', () => {
  it('reads ATTESTED with a valid attestation, naming who, when and until when', () => {
    const r = judge('M', ctx('2026-11-01', att('M', '2026-10-02', '2027-01-02', 'Sam Lee')));
    expect(r).toMatchObject({ status: 'ATTESTED', evaluatedStatus: 'MANUAL' });
    expect(r.reason).toBe('attested by Sam Lee on 2026-10-02, valid until 2027-01-02: statement 2026-10-02');
    expect(r.attestations).toEqual([expect.objectContaining({ state: 'valid', source })]);
  });

  it('stays MANUAL when the attestation expired or is not valid yet, and says so', () => {
    const expired = judge('M', ctx('2027-02-01', att('M', '2026-10-02', '2027-01-02')));
    expect(expired.status).toBe('MANUAL');
    expect(expired.reason).toContain('expired on 2027-01-02');
    expect(expired.attestations?.[0]?.state).toBe('expired');
    const early = judge('M', ctx('2026-09-01', att('M', '2026-10-02', '2027-01-02')));
    expect(early.status).toBe('MANUAL');
    expect(early.reason).toContain('after the observation date 2026-09-01');
  });

  it('stays MANUAL without an attestation, and ignores attestations for other controls', () => {
    const r = judge('M', ctx('2026-11-01', att('M2', '2026-10-02', '2027-01-02')));
    expect(r).toEqual({ id: 'M', status: 'MANUAL', reason: 'manual control: needs an attestation' });
  });

  it('relies on a valid one when several are on file, listing it first', () => {
    const r = judge('M', ctx('2026-11-01', att('M', '2025-01-01', '2025-12-31'), att('M', '2026-10-02', '2027-01-02'), att('M', '2026-12-01', '2027-12-01')));
    expect(r.status).toBe('ATTESTED');
    expect(r.attestations?.map((a) => [a.date, a.state])).toEqual([
      ['2026-10-02', 'valid'],
      ['2026-12-01', 'not-yet-valid'],
      ['2025-01-01', 'expired'],
    ]);
  });
});

describe('storing exceptions and attestations as evidence', () => {
  it('stores the files and documents under their sha256, deduplicated, and pins them', async () => {
    await write('store-case/review.pdf', '%PDF-1.4 review minutes\n');
    await write('store-case/m.yaml', ONE);
    await write('store-case/again.yaml', ONE.replace('control: M', 'control: M2'));
    const exFile = await write('store-case-exceptions.yaml', 'exceptions: []\n');
    const store = new FileStore(path.join(dir, 'store'));
    const { loadExceptions } = await import('../../src/evaluate/exceptions.ts');
    const input = { exceptions: await loadExceptions(exFile, CATALOG), attestations: await loadAttestations(path.join(dir, 'store-case'), CATALOG, dir) };
    const now = () => new Date('2026-11-01T03:00:00.000Z');
    const first = await storeAcceptance(store, input, new Date('2026-11-01T02:00:00.000Z'), now);
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    const docKey = `attestations/${sha('%PDF-1.4 review minutes\n')}/review.pdf`;
    expect(first.evidence.map((e) => e.key)).toEqual(
      [`attestations/${sha(ONE)}/m.yaml`, `attestations/${sha(ONE.replace('control: M', 'control: M2'))}/again.yaml`, docKey, `exceptions/${sha('exceptions: []\n')}/store-case-exceptions.yaml`].sort(),
    );
    // The document is named once even though two attestations attach it.
    expect(first.evidence.filter((e) => e.key === docKey)).toHaveLength(1);
    expect(Buffer.from(await store.get(docKey)).toString()).toBe('%PDF-1.4 review minutes\n');
    expect(first.context.asOfDate).toBe('2026-11-01');
    const m = first.context.attestations.find((a) => a.control === 'M');
    expect(m?.document).toMatchObject({ name: 'review.pdf', key: docKey, sha256: sha('%PDF-1.4 review minutes\n') });
    expect(m?.source).toEqual({ file: 'm.yaml', key: `attestations/${sha(ONE)}/m.yaml`, line: 1 });
    // A second run finds the same bytes and pins the same versions without writing again.
    const second = await storeAcceptance(store, input, new Date('2026-11-02T02:00:00.000Z'), now);
    expect(second.evidence.every((e) => e.reused)).toBe(true);
    expect(second.evidence.map((e) => e.versionId)).toEqual(first.evidence.map((e) => e.versionId));
  });

  it('stores nothing when nothing is configured', async () => {
    const out = await storeAcceptance(new FileStore(path.join(dir, 'empty-store')), {}, new Date(), () => new Date());
    expect(out.evidence).toEqual([]);
    expect(out.context.exceptions).toEqual([]);
  });
});
