// IAM policy documents as configuration items hold them: IAM resources keep the document
// URL-encoded (as the IAM API returns it), S3 bucket policies keep it as plain JSON text.
import type { ItemReader } from '../define.ts';

export interface Statement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principals: unknown;
  condition: Record<string, unknown> | undefined;
}

function list(v: unknown): string[] | undefined {
  if (v === undefined) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

/** Parses a policy document (object, JSON text or URL-encoded JSON text) into its statements. */
export function statements(ci: ItemReader, path: string, doc: unknown): Statement[] {
  let parsed = doc;
  if (typeof parsed === 'string') {
    let text = parsed;
    if (!text.trimStart().startsWith('{')) {
      try {
        text = decodeURIComponent(text);
      } catch (err) {
        throw ci.malformed(path, 'a policy document', err);
      }
    }
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw ci.malformed(path, 'a JSON policy document', err);
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw ci.malformed(path, 'a policy document');
  const raw = (parsed as Record<string, unknown>).Statement;
  const stmts = Array.isArray(raw) ? raw : raw === undefined ? undefined : [raw];
  if (!stmts) throw ci.malformed(`${path}.Statement`, 'a statement or list of statements');
  return stmts.map((s, i) => {
    const at = `${path}.Statement.${i}`;
    if (s === null || typeof s !== 'object' || Array.isArray(s)) throw ci.malformed(at, 'a statement object');
    const st = s as Record<string, unknown>;
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw ci.malformed(`${at}.Effect`, 'Allow or Deny');
    const field = (name: string): string[] => {
      const v = list(st[name]);
      if (!v) throw ci.malformed(`${at}.${name}`, 'a string or list of strings');
      return v;
    };
    const cond = st.Condition;
    if (cond !== undefined && (cond === null || typeof cond !== 'object' || Array.isArray(cond))) throw ci.malformed(`${at}.Condition`, 'an object');
    return {
      effect: st.Effect,
      actions: field('Action'),
      notActions: field('NotAction'),
      resources: field('Resource'),
      notResources: field('NotResource'),
      principals: st.Principal,
      condition: cond as Record<string, unknown> | undefined,
    };
  });
}

/** The default version's document of an AWS::IAM::Policy configuration item. */
export function defaultPolicyDocument(ci: ItemReader): Statement[] {
  const versions = ci.objects('configuration.policyVersionList');
  const idx = versions.findIndex((v) => v.isDefaultVersion === true);
  if (idx < 0) throw ci.malformed('configuration.policyVersionList', 'a list holding the default version');
  const path = `configuration.policyVersionList.${idx}.document`;
  const doc = versions[idx]!.document;
  if (doc === undefined || doc === null) throw ci.malformed(path, 'a policy document');
  return statements(ci, path, doc);
}
