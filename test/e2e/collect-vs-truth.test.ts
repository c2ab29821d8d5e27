// The whole pipeline in-process against the sandbox over HTTP with the real SDK clients: what
// was collected and judged must equal the sandbox's truth for the seeded account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { startSandbox, type RunningSandbox, type SandboxTruth } from '../../src/sandbox/index.ts';
import { simulatedNow } from '../../src/sandbox/org.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { FileStore } from '../../src/store/file.ts';
import { generateKeyFile } from '../../src/sign/signer.ts';
import type { RunOutcome } from '../../src/run/run.ts';
import { verifyStore } from '../../src/sign/verify-run.ts';
import { readManifest } from '../../src/store/manifest.ts';
import type { CheckResult, RunResults } from '../../src/domain/results.ts';
import { NO_QUOTAS, UNPACED, runOnSandbox, tempDir, withFullResults } from '../helpers.ts';

let sandbox: RunningSandbox;
let dir: string;
let cleanup: () => Promise<void>;
let store: FileStore;
let first: RunOutcome;
let stored: RunResults;
let truth: SandboxTruth;

/** The first run is paced and throttled as AWS would; the later ones, which test chaining and day drift, are not. */
async function runOnce(paced = true): Promise<RunOutcome> {
  const catalog = await loadCatalog();
  if (!paced) sandbox.setFaults(NO_QUOTAS);
  // AWS-side windows (CloudTrail event lookups) on the sandbox's clock, as `evidence run --sandbox` does.
  return runOnSandbox(sandbox, { store, catalog, dir, clients: { now: () => new Date(simulatedNow(sandbox.day)) }, formats: ['html'], ...(paced ? {} : { rateLimits: UNPACED }) });
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  sandbox = await startSandbox({ port: 0, seed: 7 });
  truth = sandbox.truth();
  store = new FileStore(path.join(dir, 'store'));
  await generateKeyFile(path.join(dir, 'signing.key'));
  first = await runOnce();
  stored = first.results;
  // The assertions below judge every resource: read the full lists back from resources.ndjson.
  first = { ...first, results: await withFullResults(store, first.results) };
});
afterAll(async () => {
  await sandbox?.close();
  await cleanup?.();
});

const check = (id: string): CheckResult => first.results.checks.find((c) => c.id === id)!;

describe('a sandbox run', () => {
  it('covers the management account and every member, reached through the collector role', () => {
    expect(truth.accounts).toHaveLength(4);
    expect(first.results.scope.accounts).toEqual([...truth.accounts].sort());
  });

  it('completes with every collection succeeding', () => {
    expect(first.status).toBe('complete');
    expect(first.results.coverage.collections.every((c) => c.status === 'collected')).toBe(true);
    const { accountNames, ...scope } = first.results.scope;
    expect(scope).toEqual({ accounts: [...truth.accounts].sort(), regions: truth.regions });
    // Names come from Organizations: every one names an account in scope.
    for (const id of Object.keys(accountNames ?? {})) expect(truth.accounts).toContain(id);
  });

  it('collects every Config rule result the truth holds, through pagination, matched by SourceIdentifier', () => {
    for (const account of truth.accounts) for (const region of truth.regions) {
      for (const rule of truth.configRules[account]![region]!) {
        const c = first.results.checks.find((x) => x.id === `config:${rule.SourceIdentifier}`);
        if (!c) continue; // a rule no selected framework uses
        const t = c.targets.find((x) => x.account === account && x.region === (c.scope === 'account' ? 'global' : region))!;
        const got = t.results.map((r) => `${r.resourceType}|${r.resourceId}|${r.compliance}`).sort();
        const want = rule.results.map((r) => `${r.resourceType}|${r.resourceId}|${r.compliance}`).sort();
        if (c.scope === 'region') expect(got, `${rule.SourceIdentifier} in ${region}`).toEqual(want);
        else expect(got, `${rule.SourceIdentifier}`).toEqual(expect.arrayContaining(want));
      }
    }
    const account = truth.accounts[0]!;
    // the largest rule needed several pages of 100
    const biggest = Math.max(...truth.regions.flatMap((r) => truth.configRules[account]![r]!.map((x) => x.results.length)));
    expect(biggest).toBeGreaterThan(100);
  });

  it('keeps every verdict in resources.ndjson and only the ones needing attention in results.json', () => {
    let omitted = 0;
    for (const c of stored.checks) {
      const full = first.results.checks.find((x) => x.id === c.id)!;
      c.targets.forEach((t, i) => {
        const all = full.targets[i]!;
        expect([t.account, t.region, t.status]).toEqual([all.account, all.region, all.status]);
        expect(t.results).toEqual(all.results.filter((r) => r.compliance === 'NON_COMPLIANT' || r.compliance === 'INSUFFICIENT_DATA'));
        // the counts always cover every resource
        expect(Object.values(t.counts).reduce((a, b) => a + b, 0)).toBe(all.results.length);
        omitted += all.results.length - t.results.length;
      });
    }
    expect(omitted).toBeGreaterThan(100);
    expect(stored.resources?.lines).toBe(stored.checks.reduce((n, c) => n + c.targets.length, 0));
  });

  it('reads rules that are not deployed, or deployed without results, as NO_EVIDENCE and never PASS', () => {
    // a check with parameters (config:RULE(name=value)) is one of its rule's
    const sidOf = (id: string): string => id.slice('config:'.length).replace(/\(.*$/s, '');
    const used = first.results.checks.filter((c) => c.kind === 'config-rule');
    let seen = 0;
    for (const account of truth.accounts) for (const region of truth.regions) {
      const deployed = new Set(truth.configRules[account]![region]!.map((r) => r.SourceIdentifier));
      for (const c of used) {
        const sid = sidOf(c.id);
        if (c.scope === 'account') continue;
        const t = c.targets.find((x) => x.account === account && x.region === region)!;
        const empty = truth.configRules[account]![region]!.filter((r) => r.SourceIdentifier === sid).every((r) => r.results.length === 0);
        // A rule with a local evaluator is judged from the recorded configuration items instead, and says so.
        if (!deployed.has(sid) && t.source === 'configuration-item') continue;
        if (!deployed.has(sid) || empty) {
          expect(t.status, `${sid} ${region} ${t.reason}`).toBe("NO_EVIDENCE");
          seen += 1;
        }
      }
    }
    expect(seen).toBeGreaterThan(0);
    // regional rules missing in a region are gaps; global rules running in one region are not
    const gaps = first.results.coverage.rulesNotDeployed.map((r) => `${r.region}/${r.sourceIdentifier}`);
    expect(gaps).toContain(`${truth.regions[1]}/VPC_FLOW_LOGS_ENABLED`);
    expect(new Set(first.results.coverage.rulesNotDeployed.map((r) => r.account))).toEqual(new Set(truth.accounts));
    for (const gap of first.results.coverage.rulesNotDeployed) {
      const check = first.results.checks.find((c) => c.kind === 'config-rule' && sidOf(c.id) === gap.sourceIdentifier)!;
      if (check.scope !== 'account') continue;
      const deployedAnywhere = truth.regions.some((r) => truth.configRules[gap.account]![r]!.some((x) => x.SourceIdentifier === gap.sourceIdentifier));
      expect(deployedAnywhere, `${gap.account} ${gap.sourceIdentifier}`).toBe(false);
    }
  });

  it('collects trails and recorders exactly as the truth has them', async () => {
    for (const account of truth.accounts) for (const region of truth.regions) {
      const ev = JSON.parse(Buffer.from(await store.get(`evidence/${account}/${region}/cloudtrail-trails.json`)).toString());
      const got = ev.data.trails.map((t: { TrailARN: string; status: { IsLogging: boolean }; LogFileValidationEnabled: boolean }) => [t.TrailARN, t.status.IsLogging, t.LogFileValidationEnabled]).sort();
      const want = truth.trails[account]![region]!.map((t) => [t.TrailARN, t.IsLogging, t.LogFileValidationEnabled]).sort();
      expect(got).toEqual(want);
      const rec = JSON.parse(Buffer.from(await store.get(`evidence/${account}/${region}/config-recorders.json`)).toString());
      expect(rec.data.recorders.map((r: { name: string; recording: boolean }) => [r.name, r.recording])).toEqual(
        truth.configRecorders[account]![region]!.map((r) => [r.name, r.recording]),
      );
      // provenance: the requests that produced the evidence are stored with it
      expect(ev.requests.map((r: { operation: string }) => r.operation)).toContain('DescribeTrails');
    }
    const stopped = truth.accounts.some((a) => truth.regions.some((r) => truth.configRecorders[a]![r]!.some((x) => !x.recording)));
    expect(check('config-recorder-recording').targets.some((t) => t.status === 'FAIL')).toBe(stopped);
  });

  it('pins every evidence object in a signed manifest, and a second run chains to the first', async () => {
    const m1 = await readManifest(store, first.runId);
    expect(m1.manifest.previousManifest).toBeNull();
    expect(m1.manifest.objects.length).toBe(first.evidenceObjects + 3); // + results.json, resources.ndjson and summary.json
    const second = await runOnce(false);
    const m2 = await readManifest(store, second.runId);
    expect(m2.manifest.previousManifest).toMatchObject({ runId: first.runId, sha256: m1.sha256 });
    // same day, same answers: evidence is pinned, not written again
    expect(second.evidenceWritten).toBe(0);
    const v = await verifyStore(store, second.runId, { all: true });
    expect(v.runs.flatMap((r) => r.problems)).toEqual([]);
    expect(v.chainLength).toBe(2);
    const files = await fs.readdir(path.join(dir, 'reports', second.runId));
    expect(files).toEqual(expect.arrayContaining(['aws-baseline.html', 'aws-baseline.html.sig', 'public-key.pem', 'manifest.json']));
  });

  it('sees the sandbox day change as new evidence versions', async () => {
    sandbox.setDay(3);
    const later = await runOnce(false);
    sandbox.setDay(0);
    expect(later.evidenceWritten).toBeGreaterThan(0);
    expect(later.evidenceWritten).toBeLessThan(later.evidenceObjects);
  });
});
