// A Config rule's evidence object written to a temporary file page by page, as the answers
// arrive, then stored with putStream: at organization scale, holding every in-flight rule's full
// answers until they are stored would dominate the run's memory. The object is compact JSON with
// the same members as every evidence object (src/run/collect.ts), requests last.
import { createReadStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { EvaluationResult } from '@aws-sdk/client-config-service';
import type { ConfigResultsPageSink } from './config-rule-results.ts';
import { makeSpoolDir } from '../util/index.ts';

export class RuleEvidenceSpool implements ConfigResultsPageSink {
  private rules = 0;
  private items = 0;

  private constructor(
    private readonly dir: string,
    readonly file: string,
    private readonly fh: FileHandle,
  ) {}

  /** Starts the object: everything up to the list of rules. */
  static async create(head: { schema: string; account: string; region: string; source: Record<string, unknown>; sourceIdentifier: string }): Promise<RuleEvidenceSpool> {
    const dir = await makeSpoolDir('rule');
    const file = path.join(dir, 'evidence.json');
    const fh = await open(file, 'wx', 0o600);
    const spool = new RuleEvidenceSpool(dir, file, fh);
    const { sourceIdentifier, ...rest } = head;
    await spool.write(`${JSON.stringify(rest).slice(0, -1)},"data":{"sourceIdentifier":${JSON.stringify(sourceIdentifier)},"rules":[`);
    return spool;
  }

  private async write(text: string): Promise<void> {
    await this.fh.write(text);
  }

  async beginRule(configRuleName: string, inputParameters?: string): Promise<void> {
    const params = inputParameters !== undefined ? `"InputParameters":${JSON.stringify(inputParameters)},` : '';
    await this.write(`${this.rules > 0 ? ',' : ''}{"ConfigRuleName":${JSON.stringify(configRuleName)},${params}"evaluationResults":[`);
    this.rules += 1;
    this.items = 0;
  }

  async page(results: EvaluationResult[]): Promise<void> {
    if (results.length === 0) return;
    await this.write(`${this.items > 0 ? ',' : ''}${results.map((r) => JSON.stringify(r)).join(',')}`);
    this.items += results.length;
  }

  async endRule(): Promise<void> {
    await this.write(']}');
  }

  /** Closes the object with the requests that produced it; the file can then be read (twice if a store needs to). */
  async finish(requests: unknown[]): Promise<void> {
    await this.write(`]},"requests":${JSON.stringify(requests)}}\n`);
    await this.fh.close();
  }

  open(): Readable {
    return createReadStream(this.file);
  }

  async discard(): Promise<void> {
    await this.fh.close().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
