// Pieces shared by the OSCAL assessment results and POA&M writers: deterministic UUIDs (the same
// run always gives the same document, as the other formats are byte-stable), control ids in
// OSCAL token form, the status mapping, metadata and the back-matter that links stored evidence.
import { hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { ControlStatus } from '../domain/index.ts';
import type { ControlView, EvidenceIndexEntry, ReportViewModel } from './types.ts';

/** The OSCAL release whose JSON schemas the documents are written to (and tested against). */
export const OSCAL_VERSION = '1.1.1';
/** Namespace of the props this tool adds; OSCAL asks for one on names it does not define. */
export const NS = 'urn:aws-evidence-collector:oscal';
export const TOOL_NAME = 'aws-evidence-collector';

// A fixed namespace for the name-based (version 5) UUIDs below.
const UUID_NAMESPACE = Buffer.from('5b0c8a7e2f4d4c1e9a3b6d7e8f901a2b', 'hex');

/** A version-5 UUID from the given parts: stable for the same run, framework and object. */
export function uuidOf(...parts: string[]): string {
  // One-shot hashing: a document of a large run asks for one UUID per observation and finding,
  // and a Hash object per call cost more than the digest itself.
  const h = hash('sha1', Buffer.concat([UUID_NAMESPACE, Buffer.from(parts.join('\u0000'))]), 'hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const TOKEN = /^[\p{L}_][\p{L}\p{N}._-]*$/u;

/**
 * The control id as an OSCAL token. NIST SP 800-53 ids take the form of NIST's own OSCAL catalog
 * (AC-2(1) → ac-2.1); other frameworks keep their ids, made token-safe only where they are not
 * already (PCI DSS 8.1.1 → pci-dss-4.0_8.1.1, HIPAA 164.308(a)(1) → hipaa-security_164.308.a.1).
 * The id as the framework writes it is kept in each finding's `label` prop.
 */
export function oscalControlId(frameworkId: string, controlId: string): string {
  if (frameworkId.startsWith('nist-800-53')) {
    const m = /^([A-Za-z]{2})-(\d+)((?:\(\d+\))*)$/.exec(controlId.trim());
    if (m) {
      const enhancements = [...m[3]!.matchAll(/\((\d+)\)/g)].map((e) => `.${e[1]}`).join('');
      return `${m[1]!.toLowerCase()}-${Number(m[2])}${enhancements}`;
    }
  }
  if (TOKEN.test(controlId)) return controlId;
  const safe = controlId
    .replace(/\(([^)]*)\)/g, '.$1')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._-]+|[._-]+$/g, '');
  return TOKEN.test(safe) ? safe : `${frameworkId}_${safe}`;
}

export type OscalState = 'satisfied' | 'not-satisfied';

/**
 * How a control status becomes an OSCAL objective status. Only PASS and ATTESTED are satisfied:
 * OSCAL has no "not assessed", so a control the tool could not judge (MANUAL without an
 * attestation, NO_EVIDENCE, ERROR) is not-satisfied with reason "other", never satisfied by
 * default. EXCEPTION is a failing control whose failures are covered by an accepted risk: it stays
 * not-satisfied and its risk carries status deviation-approved.
 */
export const STATUS_MAP: Record<ControlStatus, { state: OscalState; reason: 'pass' | 'fail' | 'other'; remark: string }> = {
  PASS: { state: 'satisfied', reason: 'pass', remark: 'Every automated check of the control passed.' },
  ATTESTED: { state: 'satisfied', reason: 'other', remark: 'Satisfied by a valid attestation on file, not by an automated test.' },
  FAIL: { state: 'not-satisfied', reason: 'fail', remark: 'At least one automated check found a non-compliant resource.' },
  EXCEPTION: { state: 'not-satisfied', reason: 'other', remark: 'The failures are covered by accepted exceptions (see the deviation-approved risk).' },
  MANUAL: { state: 'not-satisfied', reason: 'other', remark: 'Not assessed by the tool: the control needs a person\'s attestation and none is valid.' },
  NO_EVIDENCE: { state: 'not-satisfied', reason: 'other', remark: 'Not assessed: no evidence could be collected for the control.' },
  ERROR: { state: 'not-satisfied', reason: 'other', remark: 'Not assessed: collecting or evaluating the evidence failed.' },
};

export interface Prop {
  name: string;
  value: string;
  ns?: string;
  class?: string;
}

export const prop = (name: string, value: string): Prop => ({ name, value, ns: NS });

export interface OscalParty {
  uuid: string;
  type: 'organization' | 'person';
  name: string;
}

/** Metadata common to the documents of one run and framework. */
export function oscalMetadata(vm: ReportViewModel, title: string, parties: OscalParty[], extraRoles: { id: string; title: string }[] = []): Record<string, unknown> {
  const org = organizationParty(vm);
  return {
    title,
    'last-modified': vm.generatedAt,
    version: vm.run.runId,
    'oscal-version': OSCAL_VERSION,
    props: [
      prop('run-id', vm.run.runId),
      prop('run-status', vm.run.status),
      prop('framework-id', vm.framework.id),
      prop('framework-version', vm.framework.version),
      prop('tool', TOOL_NAME),
      prop('tool-version', vm.toolVersion),
      prop('manifest-key', vm.verification.manifestKey),
      prop('manifest-sha256', vm.verification.manifestSha256),
      prop('store', vm.run.store),
    ],
    roles: [{ id: 'system-owner', title: 'System owner' }, ...extraRoles],
    parties: [org, ...parties],
    'responsible-parties': [{ 'role-id': 'system-owner', 'party-uuids': [org.uuid] }],
  };
}

export function organizationParty(vm: ReportViewModel): OscalParty {
  return { uuid: uuidOf(vm.run.runId, vm.framework.id, 'party', 'organization'), type: 'organization', name: vm.organization?.name ?? `AWS accounts ${vm.scope.accounts.join(', ')}` };
}

/** The back-matter resource naming one stored evidence object: key, version id and sha256. */
export function evidenceResource(vm: ReportViewModel, e: EvidenceIndexEntry): Record<string, unknown> {
  return {
    uuid: evidenceUuid(vm, e.key),
    title: e.key,
    description: `Evidence object (${e.kind}) in the store, pinned by the run's signed manifest; collected ${e.collectedAt}, ${e.size} bytes.`,
    props: [prop('evidence-key', e.key), prop('version-id', e.versionId), prop('sha256', e.sha256), prop('evidence-kind', e.kind)],
    rlinks: [{ href: storeHref(vm.run.store, e.key, e.versionId), 'media-type': e.key.endsWith('.ndjson') ? 'application/x-ndjson' : 'application/json', hashes: [{ algorithm: 'SHA-256', value: e.sha256 }] }],
  };
}

const indexes = new WeakMap<ReportViewModel, Map<string, EvidenceIndexEntry>>();

/** The run's evidence objects by key (built once per view model). */
export function evidenceByKey(vm: ReportViewModel): Map<string, EvidenceIndexEntry> {
  let index = indexes.get(vm);
  if (!index) {
    index = new Map(vm.evidence.map((e) => [e.key, e]));
    indexes.set(vm, index);
  }
  return index;
}

export const evidenceUuid = (vm: ReportViewModel, key: string): string => uuidOf(vm.run.runId, vm.framework.id, 'evidence', key);

/** The object's address: the store URL, the key (each segment escaped) and its version id when known. */
export function storeHref(store: string, key: string, versionId: string): string {
  const base = uriOf(store).replace(/\/+$/, '');
  const path = `${base}/${key.split('/').map(encodeURIComponent).join('/')}`;
  return versionId ? `${path}?versionId=${encodeURIComponent(versionId)}` : path;
}

/** The store URL with the characters a URI may not hold escaped. */
function uriOf(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return encodeURI(url);
  }
}

/** Every control of the framework as OSCAL control selections. */
export function reviewedControls(vm: ReportViewModel): Record<string, unknown> {
  return {
    description: `Every control of ${vm.framework.name} ${vm.framework.version}, automated and manual.`,
    'control-selections': [{ 'include-controls': vm.controls.map((c) => ({ 'control-id': oscalControlId(vm.framework.id, c.id) })) }],
  };
}

export const controlLabel = (c: ControlView): string => `${c.id} ${c.title}`;

/** OSCAL dates carry a time zone; exception expiry days are inclusive, so the end of that day. */
export const endOfDay = (day: string): string => `${day}T23:59:59Z`;

/** A document as JSON text, two-space indented, with a final newline. */
export const toJsonText = (doc: unknown): string => `${JSON.stringify(doc, null, 2)}\n`;

/**
 * The same text as toJsonText, in pieces: the top levels (where the long arrays of observations,
 * findings and evidence are) are walked, deeper values stringified whole, so a document of a
 * large organization is never one string.
 */
export function* jsonTextChunks(value: unknown, pad = '', depth = 0): Generator<string> {
  if (depth >= 5 || value === null || typeof value !== 'object') {
    yield JSON.stringify(value, null, 2).replaceAll('\n', `\n${pad}`);
    return;
  }
  const inner = `${pad}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `\n${inner}`;
      yield* jsonTextChunks(value[i], inner, depth + 1);
      if (i < value.length - 1) yield ',';
    }
    return yield `\n${pad}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return yield '{}';
  yield '{';
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    yield `\n${inner}${JSON.stringify(k)}: `;
    yield* jsonTextChunks(v, inner, depth + 1);
    if (i < entries.length - 1) yield ',';
  }
  yield `\n${pad}}`;
}

/** Writes a document as toJsonText would, in chunks of about 64 KiB; a partial file is removed on failure. */
export async function writeJsonDocument(doc: unknown, file: string): Promise<void> {
  const out = createWriteStream(file);
  try {
    let buf = '';
    for (const chunk of jsonTextChunks(doc)) {
      buf += chunk;
      if (buf.length > 65_536) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    out.end(`${buf}\n`);
    await once(out, 'finish');
  } catch (err) {
    out.destroy();
    await rm(file, { force: true });
    throw err;
  }
}
