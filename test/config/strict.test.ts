// Strict input: a .json config is read as JSON, empty list items and Region names this release
// does not know are refused with a message naming where, before anything reaches AWS.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { parseRegionsFlag } from '../../src/cli/options.ts';
import { UsageError } from '../../src/cli/exit.ts';
import { tempDir } from '../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('strict-')));
afterAll(() => cleanup?.());

async function configError(name: string, text: string): Promise<string> {
  await fs.writeFile(path.join(dir, name), text);
  const err = await loadConfig(name, dir).then(() => null, (e: unknown) => e);
  expect(err, `${name} loaded`).toBeInstanceOf(ConfigError);
  return (err as Error).message;
}

describe('config files', () => {
  it('.json is parsed as JSON: a trailing comma is an error naming file, line and column', async () => {
    expect(await configError('evidence.json', '{\n  "frameworks": ["aws-baseline"],\n}\n')).toMatch(/^evidence\.json:3:1: invalid JSON: Expected double-quoted property name/);
    expect(await configError('dup.json', '{\n  "frameworks": ["soc2"],\n  "frameworks": ["aws-baseline"]\n}\n')).toMatch(/^dup\.json:3:3: invalid JSON: Map keys must be unique/);
    await fs.writeFile(path.join(dir, 'ok.json'), '{\n  "frameworks": ["aws-baseline"],\n  "regions": ["eu-west-1"]\n}\n');
    const { config } = await loadConfig('ok.json', dir);
    expect(config.frameworks).toEqual(['aws-baseline']);
    expect(config.regions).toEqual(['eu-west-1']);
    // the same trailing comma in YAML flow style stays YAML's business
    await fs.writeFile(path.join(dir, 'ok.yaml'), 'frameworks: [aws-baseline,]\n');
    expect((await loadConfig('ok.yaml', dir)).config.frameworks).toEqual(['aws-baseline']);
  });

  it('an unknown Region name in regions is refused with file:line', async () => {
    expect(await configError('r.yaml', 'regions:\n  - us-east-1\n  - xx-fake-9\n')).toMatch(/r\.yaml:3:5: regions\.1: "xx-fake-9" is not an AWS Region this release knows \(known: .*us-east-1/);
    expect(await configError('r2.yaml', 'regions: [eu-wset-1]\n')).toMatch(/r2\.yaml:1:11: regions\.0: "eu-wset-1" is not an AWS Region this release knows \(did you mean one of eu-central-1, .*eu-west-1/);
  });
});

describe('collection.ruleParameters', () => {
  it('takes parameters of rules with a local evaluator, and names an unknown rule or parameter with file:line', async () => {
    await fs.writeFile(path.join(dir, 'p.yaml'), 'collection:\n  ruleParameters:\n    VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS: { authorizedTcpPorts: "443" }\n');
    expect((await loadConfig('p.yaml', dir)).config.collection.ruleParameters).toEqual({ VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS: { authorizedTcpPorts: '443' } });
    expect(await configError('p2.yaml', 'collection:\n  ruleParameters:\n    VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS:\n      authorizedPorts: "443"\n')).toMatch(
      /p2\.yaml:4:\d+: collection\.ruleParameters\.VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS\.authorizedPorts: not a parameter of VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS \(its parameters: authorizedTcpPorts, authorizedUdpPorts\)/,
    );
    expect(await configError('p3.yaml', 'collection:\n  ruleParameters:\n    NO_SUCH_RULE: { x: "1" }\n')).toMatch(/p3\.yaml:3:\d+: collection\.ruleParameters\.NO_SUCH_RULE: NO_SUCH_RULE has no local evaluator/);
  });
});

describe('--regions', () => {
  const refused = (v: string): string => {
    try {
      parseRegionsFlag(v);
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      return (err as Error).message;
    }
    throw new Error(`${v} accepted`);
  };
  it('refuses empty items, unknown names and "all" among names', () => {
    expect(refused('us-east-1,,')).toBe('--regions: item 2 of "us-east-1,," is empty');
    expect(refused(',us-east-1')).toBe('--regions: item 1 of ",us-east-1" is empty');
    expect(refused('')).toBe('--regions: item 1 of "" is empty');
    expect(refused('xx-fake-9')).toMatch(/^--regions: "xx-fake-9" is not an AWS Region this release knows/);
    expect(refused('all,us-east-1')).toBe('--regions: "all" cannot be combined with region names');
  });
  it('accepts known names (spaces around commas are fine) and "all"', () => {
    expect(parseRegionsFlag('us-east-1, eu-west-1,us-gov-west-1')).toEqual(['us-east-1', 'eu-west-1', 'us-gov-west-1']);
    expect(parseRegionsFlag('all')).toBe('all');
  });
});
