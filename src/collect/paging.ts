// Paged AWS listings, declared instead of hand-written: which command, which request field carries
// the token, which response field returns it, where the items are, and the page size to ask for.
// Every page goes through Caller.call, so rate budgets, retries and request accounting are the
// same as for any other call.
import { CollectCallError, type Caller, type RecordedRequest } from './calls.ts';

/** An SDK v3 command class: its name (minus "Command") is the operation recorded as evidence. */
export interface CommandClass<C extends { readonly input: object }> {
  // The SDK declares overloaded constructors, which defeat inference: the input type is read
  // from the instance's `input` instead.
  new (...args: never[]): C;
  readonly name: string;
}
type InputOf<C> = C extends { readonly input: infer I extends object } ? I : never;

type Answer = { $metadata?: { attempts?: number } };
type ItemOf<V> = NonNullable<V> extends readonly (infer E)[] ? E : never;
type ArrayKeys<O> = { [K in keyof O]-?: NonNullable<O[K]> extends readonly unknown[] ? K : never }[keyof O] & string;
type StringKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends string ? K : never }[keyof T] & string;
type NumberKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends number ? K : never }[keyof T] & string;
type BooleanKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends boolean ? K : never }[keyof T] & string;

export interface Paging<C extends { readonly input: object }, O extends Answer, K extends ArrayKeys<O>, T extends StringKeys<InputOf<C>>, P extends NumberKeys<InputOf<C>>> {
  /** The service name recorded with each request (and used for rate budgets). */
  service: string;
  command: CommandClass<C>;
  /** Sends one command: `(c: XCommand) => client.send(c)` (the annotation lets the answer type be inferred). */
  send: (command: C) => Promise<O>;
  /** The request without its token and page size. */
  input: Omit<InputOf<C>, T | P>;
  /** Request field that carries the token, and the response field that returns the next one. */
  token: { request: T; response: StringKeys<O> };
  /** Response field holding the page's items; absent means an empty page. */
  items: K;
  /** Page size to ask for, where the operation takes one. */
  pageSize?: { field: P; value: number };
  /** Response flag that says more pages follow (KMS's Truncated); without it the token alone decides. */
  truncated?: BooleanKeys<O>;
  /** Error codes that come back as 'not_found' (see Caller.call). */
  expected?: string[];
}

/** The operation name of an SDK command class: ListKeysCommand → ListKeys. */
export function operationOf(command: { readonly name: string }): string {
  if (!command.name.endsWith('Command') || command.name === 'Command') throw new Error(`paging: ${command.name || 'an anonymous class'} is not an SDK command class`);
  return command.name.slice(0, -'Command'.length);
}

/** Request parameters as stored with the evidence: JSON values, so dates become ISO strings. */
function recorded(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}

/**
 * Yields the items of each page in order, one call per page. Throws CollectCallError when an
 * answer's items field is not a list, or when AWS hands back a token already sent (which would
 * otherwise loop forever or silently repeat pages).
 */
export async function* pages<C extends { readonly input: object }, O extends Answer, K extends ArrayKeys<O>, T extends StringKeys<InputOf<C>>, P extends NumberKeys<InputOf<C>> = never>(
  runner: Caller,
  requests: RecordedRequest[],
  spec: Paging<C, O, K, T, P>,
): AsyncGenerator<ItemOf<O[K]>[]> {
  const operation = operationOf(spec.command);
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const params: Record<string, unknown> = {
      ...spec.input,
      ...(spec.pageSize ? { [spec.pageSize.field]: spec.pageSize.value } : {}),
      ...(token !== undefined ? { [spec.token.request]: token } : {}),
    };
    const out = await runner.call(requests, spec.service, operation, recorded(params), () => spec.send(new spec.command(params as never)), spec.expected);
    const answer = out as Record<string, unknown>;
    const items = answer[spec.items];
    if (items !== undefined && items !== null && !Array.isArray(items)) {
      throw new CollectCallError('failed', spec.service, operation, 'MalformedResponse', `${spec.items} is ${typeof items}, not a list`);
    }
    yield (items ?? []) as ItemOf<O[K]>[];
    const next = answer[spec.token.response];
    const more = spec.truncated === undefined || answer[spec.truncated] === true;
    token = more && typeof next === 'string' && next !== '' ? next : undefined;
    if (token !== undefined) {
      if (seen.has(token)) throw new CollectCallError('failed', spec.service, operation, 'RepeatedNextToken', `${spec.token.response} repeats a token already sent; stopping instead of looping`);
      seen.add(token);
    }
  } while (token !== undefined);
}

/** Every item of every page, in order. */
export async function allPages<C extends { readonly input: object }, O extends Answer, K extends ArrayKeys<O>, T extends StringKeys<InputOf<C>>, P extends NumberKeys<InputOf<C>> = never>(
  runner: Caller,
  requests: RecordedRequest[],
  spec: Paging<C, O, K, T, P>,
): Promise<ItemOf<O[K]>[]> {
  const all: ItemOf<O[K]>[] = [];
  for await (const page of pages(runner, requests, spec)) all.push(...page);
  return all;
}
