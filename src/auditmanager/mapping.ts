// Which of our controls stands for which control of an Audit Manager assessment. By default an
// assessment control matches ours when its name starts with our control id ("CC6.1 Logical
// access security" is soc2 CC6.1); a mapping file (YAML) names the pairs where names differ.
import { z } from 'zod';
import type { Framework } from '../catalog/index.ts';
import { parseWith, readYamlSource } from '../evaluate/index.ts';
import { ConfigurationError } from '../domain/index.ts';

const nonEmpty = z.string().trim().min(1);

export const MappingFileSchema = z
  .object({
    /** Our framework id the assessment corresponds to. */
    framework: nonEmpty.optional(),
    controls: z
      .array(
        z
          .object({
            /** Our control id. */
            ours: nonEmpty,
            /** The assessment control's name or id. */
            theirs: nonEmpty,
            /** The assessment control set's id (its name), when the control name is in several. */
            controlSet: nonEmpty.optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type MappingFile = z.infer<typeof MappingFileSchema>;

/** Reads and validates a mapping file; errors name the file, line and field. */
export async function loadMapping(file: string): Promise<MappingFile> {
  return parseWith(await readYamlSource(file), MappingFileSchema);
}

/** The part of an assessment the mapping needs (from GetAssessment). */
export interface AssessmentShape {
  controlSets: { id: string; controls: { id: string; name: string }[] }[];
}

export interface MatchedControl {
  ours: string;
  controlSetId: string;
  controlId: string;
  controlName: string;
  how: 'id' | 'mapping';
}

export class MappingError extends ConfigurationError {
  override readonly name = 'MappingError';
}

const leadingId = (name: string): string => name.trim().split(/[\s:]+|\s+-\s+/)[0]!.toLowerCase();

/** Our control ids the assessment control's name starts with. */
function byName(framework: Framework, name: string): string | undefined {
  const lead = leadingId(name);
  return framework.controls.find((c) => c.id.toLowerCase() === lead || c.id.toLowerCase() === name.trim().toLowerCase())?.id;
}

/**
 * Pairs our controls with the assessment's. Mapping entries come first and must each resolve
 * (an entry naming an unknown control is an error naming it); then every assessment control not
 * yet paired is matched by the id its name starts with.
 */
export function matchControls(framework: Framework, assessment: AssessmentShape, mapping: MappingFile | null, source = 'mapping file'): MatchedControl[] {
  const out: MatchedControl[] = [];
  const taken = new Set<string>();
  const ours = new Set(framework.controls.map((c) => c.id));
  (mapping?.controls ?? []).forEach((m, i) => {
    const where = `${source}: controls.${i}`;
    if (!ours.has(m.ours)) throw new MappingError(`${where}.ours: ${framework.id} has no control ${JSON.stringify(m.ours)}`);
    const sets = assessment.controlSets.filter((s) => m.controlSet === undefined || s.id === m.controlSet);
    if (sets.length === 0) throw new MappingError(`${where}.controlSet: the assessment has no control set ${JSON.stringify(m.controlSet)}; it has ${assessment.controlSets.map((s) => JSON.stringify(s.id)).join(', ')}`);
    const hits = sets.flatMap((s) => s.controls.filter((c) => c.id === m.theirs || c.name === m.theirs).map((c) => ({ s, c })));
    if (hits.length === 0) throw new MappingError(`${where}.theirs: no control named or with id ${JSON.stringify(m.theirs)} in the assessment${m.controlSet ? ` control set ${JSON.stringify(m.controlSet)}` : ''}`);
    if (hits.length > 1) throw new MappingError(`${where}.theirs: ${JSON.stringify(m.theirs)} is in several control sets (${hits.map((h) => JSON.stringify(h.s.id)).join(', ')}); name one with controlSet`);
    const { s, c } = hits[0]!;
    const k = `${s.id}/${c.id}`;
    if (taken.has(k)) throw new MappingError(`${where}.theirs: the assessment control ${JSON.stringify(c.name)} is mapped twice`);
    taken.add(k);
    out.push({ ours: m.ours, controlSetId: s.id, controlId: c.id, controlName: c.name, how: 'mapping' });
  });
  for (const s of assessment.controlSets) {
    for (const c of s.controls) {
      if (taken.has(`${s.id}/${c.id}`)) continue;
      const id = byName(framework, c.name);
      if (id) out.push({ ours: id, controlSetId: s.id, controlId: c.id, controlName: c.name, how: 'id' });
    }
  }
  return out;
}

/**
 * The framework an assessment corresponds to: the one named (flag or mapping file), else the
 * candidate with the most controls matched by id; an error when none or several tie.
 */
export function chooseFramework(candidates: Framework[], assessment: AssessmentShape, named: string | undefined): Framework {
  if (named) {
    const f = candidates.find((x) => x.id === named);
    if (!f) throw new MappingError(`framework ${JSON.stringify(named)} is not among the run's frameworks (${candidates.map((x) => x.id).join(', ')})`);
    return f;
  }
  const scored = candidates.map((f) => ({ f, n: matchControls(f, assessment, null).length })).sort((a, b) => b.n - a.n);
  const best = scored[0];
  if (!best || best.n === 0) throw new MappingError('no control of the assessment matches a control of the run\'s frameworks by id: name the framework with --framework and the pairs in a --mapping file');
  const tied = scored.filter((x) => x.n === best.n);
  if (tied.length > 1) throw new MappingError(`the assessment matches ${tied.map((x) => x.f.id).join(' and ')} equally (${best.n} controls each): choose one with --framework`);
  return best.f;
}
