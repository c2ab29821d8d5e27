// Accepted risks: a YAML file of exceptions, each naming a control or a check (optionally only
// some resources), why the risk is accepted, who approved it and until when. Validated at load,
// against the catalog too, so a typo cannot silently leave an exception unapplied.
//
//   exceptions:
//     - id: RISK-112
//       control: BL.IAM.6            # or check: config:ACCESS_KEYS_ROTATED (every variant of
//                                    # the rule), or one variant: config:RULE(name=value)
//       framework: aws-baseline      # optional: only in this framework
//       resources:                   # optional: without it every failing resource is covered
//         - legacy-batch
//         - { id: ci-deployer, account: "111122223333", region: global, type: AWS::IAM::User }
//       reason: Batch host is retired in Q1; its key is rotated by hand monthly.
//       approver: Jane Doe (CISO)
//       expires: 2026-12-31          # last valid day, UTC
import path from 'node:path';
import { z } from 'zod';
import { CATALOG_LIMITS, controlIdSchema, parseParametrizedCheckId, type Catalog } from '../catalog/index.ts';
import type { ResourceResult } from '../domain/index.ts';
import type { ResourceSelector } from '../domain/index.ts';
import { ACCEPTANCE_LIMITS, AcceptanceFileError, boundedText, parseWith, readYamlSource } from './yaml-source.ts';

const name = boundedText(ACCEPTANCE_LIMITS.nameLength);
const isoDate = z.iso.date('a date written YYYY-MM-DD');
/** YAML reads an unquoted account id as a number; account ids are always 12 digits, so pad it back. */
const account = z
  .union([z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'), z.int().min(0).max(999_999_999_999)])
  .transform((v) => (typeof v === 'number' ? String(v).padStart(12, '0') : v));

const resourceId = boundedText(ACCEPTANCE_LIMITS.resourceIdLength);
const SelectorSchema = z.union([
  resourceId.transform((id): ResourceSelector => ({ id })),
  z
    .object({ id: resourceId, account: account.optional(), region: boundedText(64).optional(), type: name.optional() })
    .strict()
    .transform((s): ResourceSelector => ({ id: s.id, ...(s.account ? { account: s.account } : {}), ...(s.region ? { region: s.region } : {}), ...(s.type ? { type: s.type } : {}) })),
]);

const ExceptionSchema = z
  .object({
    id: controlIdSchema,
    framework: boundedText(CATALOG_LIMITS.idLength).optional(),
    control: controlIdSchema.optional(),
    check: boundedText(CATALOG_LIMITS.checkIdLength).optional(),
    resources: z.array(SelectorSchema).min(1).max(ACCEPTANCE_LIMITS.resources, `more than ${ACCEPTANCE_LIMITS.resources} resources`).optional(),
    reason: boundedText(ACCEPTANCE_LIMITS.textLength),
    approver: name,
    expires: isoDate,
  })
  .strict()
  .superRefine((e, ctx) => {
    if ((e.control === undefined) === (e.check === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'name exactly one of control or check', path: [e.control === undefined ? 'control' : 'check'] });
    }
  });

const ExceptionsFileSchema = z.object({ exceptions: z.array(ExceptionSchema).max(ACCEPTANCE_LIMITS.entries, `more than ${ACCEPTANCE_LIMITS.entries.toLocaleString('en-US')} exceptions`) }).strict();

export interface ExceptionDef {
  id: string;
  framework?: string;
  control?: string;
  check?: string;
  resources?: ResourceSelector[];
  reason: string;
  approver: string;
  expires: string;
  /** Line of the entry in its file. */
  line: number;
}

export interface LoadedExceptions {
  /** Absolute path of the file. */
  file: string;
  /** Its base name, as stored and cited. */
  name: string;
  bytes: Buffer;
  exceptions: ExceptionDef[];
}

/** What validation needs from the catalog. */
export type CatalogIndex = Pick<Catalog, 'frameworks' | 'byId'>;

export async function loadExceptions(file: string, catalog: CatalogIndex, shown = path.relative(process.cwd(), file) || file): Promise<LoadedExceptions> {
  const src = await readYamlSource(file, shown);
  const parsed = parseWith(src, ExceptionsFileSchema);
  const problems: string[] = [];
  const firstLine = new Map<string, number>();
  const exceptions = parsed.exceptions.map((e, i): ExceptionDef => {
    const at = (field: string): string => src.where(['exceptions', i, field]);
    const line = src.lineOf(['exceptions', i]);
    const dup = firstLine.get(e.id);
    if (dup !== undefined) problems.push(`${at('id')}: exceptions.${i}.id: duplicate exception id ${JSON.stringify(e.id)} (first on line ${dup})`);
    else firstLine.set(e.id, line);
    const frameworks = e.framework ? [catalog.byId.get(e.framework)].filter((f) => f !== undefined) : catalog.frameworks;
    if (e.framework && frameworks.length === 0) {
      problems.push(`${at('framework')}: exceptions.${i}.framework: unknown framework ${JSON.stringify(e.framework)}; known: ${[...catalog.byId.keys()].join(', ')}`);
    } else if (e.control !== undefined) {
      const controls = frameworks.flatMap((f) => f.controls.filter((c) => c.id === e.control));
      if (controls.length === 0) {
        problems.push(`${at('control')}: exceptions.${i}.control: no control ${JSON.stringify(e.control)} in ${e.framework ? `framework ${e.framework}` : 'any framework'}`);
      } else if (controls.every((c) => c.manual || c.checks.length === 0)) {
        problems.push(`${at('control')}: exceptions.${i}.control: ${e.control} is a manual control: it cannot fail, so record an attestation for it instead`);
      }
    } else if (e.check !== undefined && !frameworks.some((f) => f.controls.some((c) => c.checks.some((id) => namesCheck(e.check!, id))))) {
      problems.push(`${at('check')}: exceptions.${i}.check: no control ${e.framework ? `of framework ${e.framework} ` : ''}uses check ${JSON.stringify(e.check)}`);
    }
    return {
      id: e.id,
      ...(e.framework ? { framework: e.framework } : {}),
      ...(e.control ? { control: e.control } : {}),
      ...(e.check ? { check: e.check } : {}),
      ...(e.resources ? { resources: e.resources } : {}),
      reason: e.reason,
      approver: e.approver,
      expires: e.expires,
      line,
    };
  });
  if (problems.length > 0) throw new AcceptanceFileError(problems.join('\n'));
  return { file, name: path.basename(file), bytes: src.bytes, exceptions };
}

/** Whether a selector names this resource (region is the target's region, "global" for account-wide checks). */
export function selectorMatches(sel: ResourceSelector, account: string, region: string, r: Pick<ResourceResult, 'resourceId' | 'resourceType'>): boolean {
  return (
    sel.id === r.resourceId &&
    (sel.account === undefined || sel.account === account) &&
    (sel.region === undefined || sel.region === region) &&
    (sel.type === undefined || sel.type === r.resourceType)
  );
}

/** Whether an exception with these resources (absent: all) covers this failing resource. */
export function resourcesCover(resources: readonly ResourceSelector[] | undefined, account: string, region: string, r: Pick<ResourceResult, 'resourceId' | 'resourceType'>): boolean {
  return resources === undefined || resources.some((s) => selectorMatches(s, account, region, r));
}

/** Whether the exception's last valid day (inclusive) is on or after the observation date. */
export function isExceptionActive(expires: string, asOfDate: string): boolean {
  return asOfDate <= expires;
}

/**
 * Whether an exception's `check` names this check: its id, or its plain managed rule, which
 * names every variant of the rule controls set parameters for.
 */
export function namesCheck(named: string, checkId: string): boolean {
  return named === checkId || (checkId.startsWith(`${named}(`) && parseParametrizedCheckId(checkId)?.check === named);
}

/** Whether an exception (naming a control, or one check of it) covers a failing resource of check `checkId`. */
export function exceptionCovers(
  e: { control?: string | undefined; check?: string | undefined; resources?: readonly ResourceSelector[] | undefined },
  checkId: string,
  account: string,
  region: string,
  r: Pick<ResourceResult, 'resourceId' | 'resourceType'>,
): boolean {
  return (e.control !== undefined || (e.check !== undefined && namesCheck(e.check, checkId))) && resourcesCover(e.resources, account, region, r);
}
