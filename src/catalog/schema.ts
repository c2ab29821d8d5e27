// The YAML format of a framework catalog, validated at load (DESIGN habit 3).
import { z } from 'zod';
import { CONFIG_PREFIX, PARAMETER_NAME, parametrizedCheckId } from './checks.ts';

/**
 * What a framework file may hold (README "Limits"). Built-in catalogs stay far below them; they
 * keep a hand-written or generated file from making a run slow or a report unreadable.
 */
export const CATALOG_LIMITS = {
  /** Bytes per YAML file (framework.yaml and each included file), checked before parsing. */
  fileBytes: 4 * 1024 * 1024,
  /** Controls in one framework, all included files together. */
  controls: 5_000,
  /** Files one framework includes. */
  includes: 200,
  /** Checks one control lists. */
  checksPerControl: 500,
  /** Characters of a control id, framework id, check id or version. */
  idLength: 64,
  checkIdLength: 256,
  /** Characters of a title, a framework name, a section, family, theme or category. */
  titleLength: 500,
  /** Characters of a description, guidance, attestation, rationale, source or mapping source. */
  textLength: 20_000,
} as const;

/** A control id: letters, digits, dots, brackets, underscores, spaces and dashes; never "..". */
export const CONTROL_ID = /^[A-Za-z0-9.()_ -]{1,64}$/;
const CONTROL_ID_HINT = `1 to ${CATALOG_LIMITS.idLength} of A-Z a-z 0-9 . ( ) _ - and space, without ".."`;

// Thousands separated without Intl: the schema is built when the module loads, and the first
// toLocaleString call sets up ICU's number formatting (about 20 ms of every command's start).
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const tooLong = (n: number): string => `longer than the limit of ${grouped(n)} characters`;
const nonEmpty = z.string().trim().min(1);
/** Non-empty text of at most n characters. */
const bounded = (n: number) => nonEmpty.max(n, tooLong(n));
const optionalText = (n: number) => z.string().max(n, tooLong(n)).optional();
export const controlIdSchema = nonEmpty.regex(CONTROL_ID, `not a control id (${CONTROL_ID_HINT})`).refine((s) => !s.includes('..'), 'a control id must not contain ".."');

/**
 * Why a check evidences a control, and which public mapping (or this project) pairs them. An
 * auditor reads the rationale next to the check, so it is one line.
 */
export const CheckPairSchema = z
  .object({
    check: bounded(CATALOG_LIMITS.checkIdLength),
    source: bounded(CATALOG_LIMITS.textLength),
    rationale: bounded(CATALOG_LIMITS.textLength).refine((s) => !s.includes('\n'), 'a rationale is one line'),
    /**
     * The managed rule's InputParameters this control needs (strings, as AWS Config takes them);
     * names are checked against the rule's local evaluator when the catalog loads.
     */
    parameters: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String).pipe(z.string().trim().min(1).max(CATALOG_LIMITS.titleLength, tooLong(CATALOG_LIMITS.titleLength)).refine((s) => !s.includes('\n'), 'a parameter value is one line')))
      .optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.parameters === undefined) return;
    if (!p.check.startsWith(CONFIG_PREFIX)) ctx.addIssue({ code: 'custom', message: `parameters are for config: checks (AWS Config managed rules); ${p.check} is an api check`, path: ['parameters'] });
    else if (Object.keys(p.parameters).length === 0) ctx.addIssue({ code: 'custom', message: 'parameters is empty: leave it out', path: ['parameters'] });
    // checked here rather than in the record's key schema: an issue there reads "Invalid input" through the checks union
    for (const name of Object.keys(p.parameters)) {
      if (!PARAMETER_NAME.test(name)) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(name)} is not a parameter name (a letter, then letters, digits or _)`, path: ['parameters', name] });
    }
  });
export type CheckPair = { check: string; source?: string; rationale?: string; parameters?: Record<string, string> };

/** NIST SP 800-53B baselines (plus the privacy baseline) a control can belong to. */
export const BASELINES = ['low', 'moderate', 'high', 'privacy'] as const;
export type Baseline = (typeof BASELINES)[number];

export const ControlSchema = z
  .object({
    id: controlIdSchema,
    title: bounded(CATALOG_LIMITS.titleLength),
    description: optionalText(CATALOG_LIMITS.textLength),
    section: optionalText(CATALOG_LIMITS.titleLength),
    /** A check id, or a check with its source and rationale (built-in catalogs always give both). */
    checks: z
      .array(z.union([bounded(CATALOG_LIMITS.checkIdLength), CheckPairSchema]))
      .max(CATALOG_LIMITS.checksPerControl, `more than ${CATALOG_LIMITS.checksPerControl} checks`)
      .default([]),
    manual: z.boolean().default(false),
    /** What a person must attest (required for manual controls). */
    guidance: optionalText(CATALOG_LIMITS.textLength),
    /**
     * What a person must attest besides the automated checks: the control is "partly automated".
     * Only for controls that have checks; a control without checks is manual and uses guidance.
     */
    attestation: bounded(CATALOG_LIMITS.textLength).optional(),
    /** Where the control-to-check mapping comes from. */
    mappingSource: optionalText(CATALOG_LIMITS.textLength),
    /** Id of the control this one refines (a NIST enhancement's base control, a HIPAA standard…). */
    parent: controlIdSchema.optional(),
    /** Control family (NIST: the two-letter family id, e.g. AC). */
    family: bounded(CATALOG_LIMITS.titleLength).optional(),
    /** Baselines the control belongs to (NIST SP 800-53B), so a user can select one. */
    baselines: z.array(z.enum(BASELINES)).optional(),
    /** HIPAA Security Rule: a required or an addressable implementation specification or standard. */
    requirement: z.enum(['required', 'addressable']).optional(),
    /** ISO/IEC 27001:2022 Annex A theme. */
    theme: bounded(CATALOG_LIMITS.titleLength).optional(),
    /** SOC 2 Trust Services category. */
    category: bounded(CATALOG_LIMITS.titleLength).optional(),
  })
  .strict()
  .transform(({ checks, ...rest }) => {
    const pairs: CheckPair[] = checks.map((k) => (typeof k === 'string' ? { check: k } : k));
    // a pair with parameters is a check of its own (parametrizedCheckId)
    return { ...rest, checks: pairs.map((p) => parametrizedCheckId(p.check, p.parameters)), pairs };
  })
  .superRefine((c, ctx) => {
    if (c.checks.length === 0 && !c.manual) {
      ctx.addIssue({ code: 'custom', message: 'a control needs at least one check, or manual: true with guidance', path: ['checks'] });
    }
    if (c.manual && !c.guidance?.trim()) {
      ctx.addIssue({ code: 'custom', message: 'a manual control needs guidance saying what to attest', path: ['guidance'] });
    }
    if (c.attestation !== undefined && c.checks.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'attestation is for controls with checks (partly automated); a control without checks is manual: true with guidance', path: ['attestation'] });
    }
    if (new Set(c.checks).size !== c.checks.length) {
      ctx.addIssue({ code: 'custom', message: 'a check is listed twice', path: ['checks'] });
    }
    if (c.baselines && new Set(c.baselines).size !== c.baselines.length) {
      ctx.addIssue({ code: 'custom', message: 'a baseline is listed twice', path: ['baselines'] });
    }
    if (c.parent !== undefined && c.parent === c.id) {
      ctx.addIssue({ code: 'custom', message: 'a control cannot be its own parent', path: ['parent'] });
    }
  });

const controls = z.array(ControlSchema).max(CATALOG_LIMITS.controls, `more than ${grouped(CATALOG_LIMITS.controls)} controls`);

export const FrameworkSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]*$/, 'lowercase letters, digits, dots and dashes')
      .max(CATALOG_LIMITS.idLength, tooLong(CATALOG_LIMITS.idLength))
      .refine((s) => !s.includes('..'), 'a framework id must not contain ".."'),
    name: bounded(CATALOG_LIMITS.titleLength),
    version: z.union([z.string().max(CATALOG_LIMITS.idLength, tooLong(CATALOG_LIMITS.idLength)), z.number()]).transform(String),
    description: optionalText(CATALOG_LIMITS.textLength),
    source: optionalText(CATALOG_LIMITS.textLength),
    /**
     * The AWS Config sample conformance pack (awslabs/aws-config-rules template file name) whose
     * rules this framework's automated checks cover; the meta-tests hold the catalog to it.
     */
    conformancePack: bounded(CATALOG_LIMITS.titleLength).optional(),
    /** More YAML files, relative to this one, each `controls: [...]`, appended in order. */
    include: z.array(bounded(1024)).max(CATALOG_LIMITS.includes, `more than ${CATALOG_LIMITS.includes} included files`).optional(),
    controls: controls.default([]),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.controls.length === 0 && !f.include?.length) {
      ctx.addIssue({ code: 'custom', message: 'a framework needs at least one control (in controls, or in files listed in include)', path: ['controls'] });
    }
    if (f.include && new Set(f.include).size !== f.include.length) {
      ctx.addIssue({ code: 'custom', message: 'a file is included twice', path: ['include'] });
    }
  });

/** A file named in a framework's `include` list. */
export const ControlsFileSchema = z.object({ controls: controls.min(1) }).strict();

/** A control; `pairs` (each check with its source and rationale) is set whenever it was loaded from YAML. */
export type Control = Omit<z.infer<typeof ControlSchema>, 'pairs'> & { pairs?: CheckPair[] };
export type Framework = Omit<z.infer<typeof FrameworkSchema>, 'include' | 'controls'> & { controls: Control[] };

/** How a control is evidenced: only by checks, by checks plus an attestation, or only by attestation. */
export type ControlKind = 'automated' | 'partial' | 'manual';

export function controlKind(c: Pick<Control, 'checks' | 'attestation' | 'manual'>): ControlKind {
  if (c.checks.length === 0) return 'manual';
  return c.attestation !== undefined || c.manual ? 'partial' : 'automated';
}

export const KIND_LABEL: Record<ControlKind, string> = { automated: 'automated', partial: 'partly automated', manual: 'manual' };
