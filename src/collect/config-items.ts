// Configuration items AWS Config has recorded in one account-region, read with advanced queries
// (SelectResourceConfig): one query per resource type the local evaluators need, selecting only
// the fields they read, 100 a page. Which types the recorders record comes first and is part of
// the evidence: a type nobody records has no items, and that must read as missing evidence.
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DescribeConfigurationRecordersCommand, SelectResourceConfigCommand } from '@aws-sdk/client-config-service';
import { CollectCallError } from './calls.ts';
import type { CollectorContext } from './define.ts';
import { pages } from './paging.ts';
import { ITEM_FIELDS, type ConfigurationItem, type ItemField } from '../managed-rules/index.ts';

export const CONFIG_ITEMS_PERMISSIONS = ['config:DescribeConfigurationRecorders', 'config:SelectResourceConfig'] as const;
/** SelectResourceConfig answers at most 100 results a page. */
export const CONFIG_ITEMS_PAGE_SIZE = 100;
/** Fields every query selects besides what the evaluators read: who the item is and when it was captured. */
export const IDENTITY_FIELDS = ['resourceType', 'resourceId', 'accountId', 'awsRegion', 'configurationItemCaptureTime', 'configurationItemStatus'] as const;
/** Selected for every type so reports can name resources, not only give their ids. */
const NAMING_FIELDS: readonly ItemField[] = ['resourceName', 'tags'];
/** Types AWS Config records only where a recorder includes global resource types. */
const GLOBAL_TYPES = new Set(['AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::Role', 'AWS::IAM::Policy']);

export interface RecorderGroup {
  name: string;
  allSupported: boolean;
  includeGlobalResourceTypes: boolean;
  resourceTypes: string[];
  excludedResourceTypes: string[];
}

export type TypeItems = { resourceType: string; recorded: true; items: ConfigurationItem[] } | { resourceType: string; recorded: false; reason: string };

export interface ConfigItemsEvidence {
  recorders: RecorderGroup[];
  types: TypeItems[];
}

/** Why a type is not recorded, or null when some recorder records it. */
export function unrecordedReason(recorders: RecorderGroup[], type: string, region: string): string | null {
  if (recorders.length === 0) return `no configuration recorder exists in ${region}`;
  const records = recorders.some((g) => !g.excludedResourceTypes.includes(type) && (g.allSupported ? !GLOBAL_TYPES.has(type) || g.includeGlobalResourceTypes : g.resourceTypes.includes(type)));
  return records ? null : `the configuration recorder in ${region} does not record ${type}`;
}

export function selectExpression(type: string, fields: readonly ItemField[]): string {
  const wanted = [...IDENTITY_FIELDS, ...ITEM_FIELDS.filter((f) => fields.includes(f) || NAMING_FIELDS.includes(f))];
  return `SELECT ${wanted.join(', ')} WHERE resourceType = '${type.replace(/'/g, "''")}'`;
}

/**
 * Collects the items of each type (fields: what the evaluators of that type read), writing the
 * evidence object to a temporary file page by page; the caller stores it from `spool.open()`.
 */
export async function collectConfigItems(ctx: CollectorContext, wanted: Map<string, readonly ItemField[]>, spool: ItemsSpool): Promise<ConfigItemsEvidence> {
  const client = ctx.clients.config(ctx.target.region);
  const described = await ctx.runner.call(ctx.requests, 'config', 'DescribeConfigurationRecorders', {}, () => client.send(new DescribeConfigurationRecordersCommand({})));
  const recorders: RecorderGroup[] = (described.ConfigurationRecorders ?? []).map((r) => ({
    name: r.name ?? '',
    allSupported: r.recordingGroup?.allSupported === true,
    includeGlobalResourceTypes: r.recordingGroup?.includeGlobalResourceTypes === true,
    resourceTypes: [...(r.recordingGroup?.resourceTypes ?? [])].sort(),
    excludedResourceTypes: [...(r.recordingGroup?.exclusionByResourceTypes?.resourceTypes ?? [])].sort(),
  }));
  await spool.begin(recorders);
  const types: TypeItems[] = [];
  for (const [resourceType, fields] of [...wanted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const reason = unrecordedReason(recorders, resourceType, ctx.target.region);
    if (reason) {
      types.push({ resourceType, recorded: false, reason });
      await spool.type({ resourceType, recorded: false, reason });
      continue;
    }
    const items: ConfigurationItem[] = [];
    await spool.beginType(resourceType);
    const listing = pages(ctx.runner, ctx.requests, {
      service: 'config',
      command: SelectResourceConfigCommand,
      send: (c: SelectResourceConfigCommand) => client.send(c),
      input: { Expression: selectExpression(resourceType, fields) },
      token: { request: 'NextToken', response: 'NextToken' },
      items: 'Results',
      pageSize: { field: 'Limit', value: CONFIG_ITEMS_PAGE_SIZE },
    });
    for await (const page of listing) {
      const parsed = page.map((text) => {
        try {
          return JSON.parse(text) as ConfigurationItem;
        } catch {
          throw new CollectCallError('failed', 'config', 'SelectResourceConfig', 'MalformedResponse', 'a result is not JSON');
        }
      });
      await spool.items(parsed);
      items.push(...parsed);
    }
    await spool.endType();
    types.push({ resourceType, recorded: true, items });
  }
  return { recorders, types };
}

/** The evidence object on disk as it is collected (compact JSON, requests last, like every evidence object). */
export class ItemsSpool {
  private typesWritten = 0;
  private itemsWritten = 0;

  private constructor(
    private readonly dir: string,
    readonly file: string,
    private readonly fh: FileHandle,
    private readonly head: Record<string, unknown>,
  ) {}

  static async create(head: { schema: string; account: string; region: string; source: Record<string, unknown> }): Promise<ItemsSpool> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'evidence-items-'));
    const file = path.join(dir, 'evidence.json');
    return new ItemsSpool(dir, file, await open(file, 'wx', 0o600), head);
  }

  private async write(text: string): Promise<void> {
    await this.fh.write(text);
  }

  async begin(recorders: RecorderGroup[]): Promise<void> {
    await this.beginWith('recorders', recorders);
  }

  /** Opens the data with one leading field (the recorders, or an aggregator's sources), then the types. */
  async beginWith(field: string, value: unknown): Promise<void> {
    await this.write(`${JSON.stringify(this.head).slice(0, -1)},"data":{${JSON.stringify(field)}:${JSON.stringify(value)},"types":[`);
  }

  async type(t: TypeItems): Promise<void> {
    await this.write(`${this.typesWritten++ > 0 ? ',' : ''}${JSON.stringify(t)}`);
  }

  async beginType(resourceType: string): Promise<void> {
    await this.write(`${this.typesWritten++ > 0 ? ',' : ''}{"resourceType":${JSON.stringify(resourceType)},"recorded":true,"items":[`);
    this.itemsWritten = 0;
  }

  async items(items: ConfigurationItem[]): Promise<void> {
    if (items.length === 0) return;
    await this.write(`${this.itemsWritten > 0 ? ',' : ''}${items.map((i) => JSON.stringify(i)).join(',')}`);
    this.itemsWritten += items.length;
  }

  async endType(): Promise<void> {
    await this.write(']}');
  }

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
