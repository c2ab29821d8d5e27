// End to end against the sandbox: a real SOC 2 run into a temporary store, pushed into the
// sandbox's active SOC 2 assessment with the real SDK client; re-pushed (nothing new); pushed
// past the daily quota (another uploader used 97 of CC6.1's 100 imports today: the rest is
// deferred, with a per-control message) and again the next simulated day (the remainder goes in,
// nothing lost, nothing twice); read back with the collector; compared in the coverage view.
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import type { Pluggable } from '@smithy/types';
import { BatchImportEvidenceToAssessmentControlCommand, GetAssessmentCommand, ListAssessmentsCommand, type AuditManagerClient } from '@aws-sdk/client-auditmanager';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { simulatedNow } from '../../src/sandbox/org.ts';
import { AwsClients } from '../../src/collect/clients.ts';
import { CallRunner } from '../../src/collect/calls.ts';
import { datasetContext } from '../../src/collect/define.ts';
import { collectorFor } from '../../src/collect/collectors/index.ts';
import { loadCatalog, type Catalog } from '../../src/catalog/load.ts';
import { FileStore } from '../../src/store/file.ts';
import { generateKeyFile } from '../../src/sign/signer.ts';
import { readManifest } from '../../src/store/manifest.ts';
import { readPinnedResults } from '../../src/run/reports.ts';
import type { RunResults } from '../../src/domain/results.ts';
import type { AuditManagerAssessment } from '../../src/domain/datasets.ts';
import { pushRun, type PushReport } from '../../src/auditmanager/push.ts';
import { itemsForControl } from '../../src/auditmanager/items.ts';
import { ledgerKey } from '../../src/auditmanager/ledger.ts';
import { PUSH_ACTIONS } from '../../src/auditmanager/permissions.ts';
import { compareWithAuditManager } from '../../src/auditmanager/compare.ts';
import { buildViewModel } from '../../src/report/view-model.ts';
import { renderHtml } from '../../src/report/html.ts';
import { NO_QUOTAS, UNPACED, runOnSandbox, tempDir } from '../helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));
const FW = 'soc2';
const OTHERS = 97; // manual imports another uploader made into CC6.1 today

let sb: RunningSandbox;
let dir: string;
let cleanup: () => Promise<void>;
let store: FileStore;
let catalog: Catalog;
let results: RunResults;
let manifestSha256: string;
let assessmentId: string;
let cc61: { controlSetId: string; controlId: string };
let day = 0;
const sent: string[] = [];
let clients: AwsClients;
let am: AuditManagerClient;

interface Oracle {
  imports: Record<string, { total: number; byDay: Record<string, number>; items: { textResponse?: string; s3ResourcePath?: string }[] }>;
  itemErrors: Record<string, number>;
}
/** The sandbox oracle of what Audit Manager holds. */
const oracle = async (): Promise<Oracle> => (await (await fetch(`${sb.url}/_sandbox/auditmanager`)).json()) as Oracle;

async function setDay(d: number): Promise<void> {
  const res = await fetch(`${sb.url}/_sandbox/day`, { method: 'POST', body: JSON.stringify({ day: d }) });
  expect(res.status).toBe(200);
  day = d;
}

const push = (): Promise<PushReport> =>
  pushRun({
    client: am,
    store,
    assessmentId,
    results,
    manifestSha256,
    storeUrl: store.url,
    frameworks: [catalog.byId.get(FW)!],
    now: () => new Date(simulatedNow(day)),
  });

const itemsOf = (ours: string) => itemsForControl({ results, manifestSha256, storeUrl: store.url }, catalog.byId.get(FW)!, catalog.byId.get(FW)!.controls.find((c) => c.id === ours)!);

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('evidence-am-'));
  sb = await startSandbox({ port: 0, seed: 23, faults: NO_QUOTAS });
  store = new FileStore(path.join(dir, 'store'));
  catalog = await loadCatalog([], undefined, { cache: null });
  await generateKeyFile(path.join(dir, 'signing.key'));
  clients = new AwsClients({ endpoint: sb.url, credentials: sb.credentials, maxAttempts: 3, now: () => new Date(simulatedNow(day)) });
  const outcome = await runOnSandbox(sb, { store, catalog, dir, clients, frameworks: [catalog.byId.get(FW)!], formats: ['json'], rateLimits: UNPACED });
  results = await readPinnedResults(store, outcome.runId);
  manifestSha256 = (await readManifest(store, outcome.runId)).sha256;
  am = clients.auditmanager(sb.regions[0]!);
  // Log every operation the push sends, to hold the policy's action list to it.
  const record: Pluggable<object, object> = {
    applyToStack: (stack) => stack.add((next, context) => (args) => (sent.push(`auditmanager:${(context.commandName ?? '').replace(/Command$/, '')}`), next(args)), { step: 'initialize', name: 'recordOperation' }),
  };
  (am as unknown as { middlewareStack: { use(p: Pluggable<object, object>): void } }).middlewareStack.use(record);
  assessmentId = (await am.send(new ListAssessmentsCommand({ status: 'ACTIVE' }))).assessmentMetadata![0]!.id!;
  const a = (await am.send(new GetAssessmentCommand({ assessmentId }))).assessment!;
  const set = a.framework!.controlSets!.find((s) => s.controls!.some((c) => c.name!.startsWith('CC6.1 ')))!;
  cc61 = { controlSetId: set.id!, controlId: set.controls!.find((c) => c.name!.startsWith('CC6.1 '))!.id! };
}, 240_000);

afterAll(async () => {
  clients?.destroy();
  await sb?.close();
  await cleanup?.();
});

describe('the sandbox enforces the import limits', () => {
  it('refuses a batch of 51 items (ValidationException) and takes 50', async () => {
    const text = (i: number) => ({ textResponse: `someone else's evidence ${i}` });
    const err = await am.send(new BatchImportEvidenceToAssessmentControlCommand({ ...cc61, assessmentId, manualEvidence: Array.from({ length: 51 }, (_, i) => text(i)) })).catch((e: Error) => e);
    expect((err as Error).name).toBe('ValidationException');
    expect((err as Error).message).toMatch(/manualEvidence.*less than or equal to 50/);
    // another uploader uses 97 of today's 100 imports for CC6.1
    for (const n of [50, OTHERS - 50]) {
      const out = await am.send(new BatchImportEvidenceToAssessmentControlCommand({ ...cc61, assessmentId, manualEvidence: Array.from({ length: n }, (_, i) => text(n * 1000 + i)) }));
      expect(out.errors).toEqual([]);
    }
    expect((await oracle()).imports[`${assessmentId}/${cc61.controlSetId}/${cc61.controlId}`]!.byDay).toEqual({ 0: OTHERS });
  });
});

describe('evidence auditmanager push', () => {
  let first: PushReport;

  it('imports each matched control\'s summary and evidence objects, deferring what is over today\'s quota', async () => {
    first = await push();
    expect(first.framework).toBe(FW);
    expect(first.controls.map((c) => c.ours).sort()).toEqual(['CC6.1', 'CC6.2', 'CC6.3', 'CC7.1', 'CC7.2']);
    expect(first.unmatched).toEqual([]);
    const o = (await oracle()).imports;
    for (const c of first.controls) {
      const items = itemsOf(c.ours);
      expect(c.items).toBe(items.length);
      expect(items.length, `${c.ours} relies on evidence objects`).toBeGreaterThan(1);
      const used = c.ours === 'CC6.1' ? OTHERS : 0;
      expect(c.usedToday).toBe(used);
      expect(c.imported).toBe(Math.min(items.length, 100 - used));
      expect(c.deferred).toBe(items.length - c.imported);
      expect(c.rejected).toEqual([]);
      // what the sandbox holds for the control is exactly what the push says it imported
      expect(o[`${assessmentId}/${c.controlSetId}/${c.controlId}`]!.byDay['0']).toBe(used + c.imported);
    }
    const c61 = first.controls.find((c) => c.ours === 'CC6.1')!;
    expect(c61.imported).toBe(3);
    expect(c61.deferred).toBeGreaterThan(0);
    expect(c61.message).toMatch(new RegExp(`${c61.deferred} deferred: Audit Manager takes 100 manual evidence imports per control per day \\(97 were already used today\\)`));
    // the summary goes in first
    expect(o[`${assessmentId}/${cc61.controlSetId}/${cc61.controlId}`]!.items[OTHERS]!.textResponse).toMatch(/^aws-evidence-collector run .*: soc2 CC6\.1 /);
    expect(await store.head(ledgerKey(assessmentId))).not.toBeNull();
  });

  it('imports nothing new when the same run is pushed again the same day', async () => {
    const before = await oracle();
    const again = await push();
    expect(again.totals.imported).toBe(0);
    expect(again.totals.skipped).toBe(first.totals.imported);
    expect(again.totals.deferred).toBe(first.totals.deferred);
    expect(await oracle()).toEqual(before);
  });

  it('imports the remainder the next day: every item once, nothing lost', async () => {
    await setDay(1);
    const next = await push();
    const c61 = next.controls.find((c) => c.ours === 'CC6.1')!;
    const firstC61 = first.controls.find((c) => c.ours === 'CC6.1')!;
    expect(c61).toMatchObject({ usedToday: 0, imported: firstC61.deferred, skipped: firstC61.imported, deferred: 0, rejected: [] });
    expect(next.totals).toMatchObject({ imported: first.totals.deferred, deferred: 0, rejected: 0 });
    const o = (await oracle()).imports;
    for (const c of next.controls) {
      const held = o[`${assessmentId}/${c.controlSetId}/${c.controlId}`]!.items.filter((i) => !i.textResponse?.startsWith("someone else's"));
      const want = itemsOf(c.ours).map((i) => i.evidence);
      expect(held.length, `${c.ours}: nothing twice`).toBe(want.length);
      expect(new Set(held.map((h) => JSON.stringify(h)))).toEqual(new Set(want.map((w) => JSON.stringify(w))));
    }
    expect(o[`${assessmentId}/${cc61.controlSetId}/${cc61.controlId}`]!.byDay).toEqual({ 0: 100, 1: firstC61.deferred });
    // and a third push finds nothing to do
    const third = await push();
    expect(third.totals).toMatchObject({ imported: 0, deferred: 0, rejected: 0, skipped: third.totals.items });
  });

  it('calls only the actions evidence policy --auditmanager-write grants for the push', () => {
    expect([...new Set(sent)].filter((a) => !['auditmanager:ListAssessments'].includes(a)).every((a) => (PUSH_ACTIONS as readonly string[]).includes(a))).toBe(true);
    expect(new Set(sent)).toEqual(new Set([...PUSH_ACTIONS, 'auditmanager:ListAssessments']));
  });

  it('the collector reads the assessment back: evidence folders count what was pushed, equal to the sandbox truth', async () => {
    const target = { account: sb.accountId, region: sb.regions[0]! };
    const data = (await collectorFor('auditmanager-assessments').collect(datasetContext(new CallRunner(pLimit(2)), target, clients, []))) as { assessments: AuditManagerAssessment[] };
    expect(data).toEqual(sb.truth(1).datasets[sb.accountId]![sb.regions[0]!]!['auditmanager-assessments']);
    const a = data.assessments.find((x) => x.id === assessmentId)!;
    const o = (await oracle()).imports;
    for (const s of a.controlSets) {
      for (const c of s.controls) expect(c.evidenceFolders.manualEvidence).toBe(o[`${assessmentId}/${s.id}/${c.id}`]?.total ?? 0);
    }
    const control = a.controlSets.find((s) => s.id === cc61.controlSetId)!.controls.find((c) => c.id === cc61.controlId)!;
    expect(control.evidenceFolders.manualEvidence).toBe(OTHERS + itemsOf('CC6.1').length);

    // the coverage view shows, per matched control, whether Audit Manager's newest checks agree
    const cmp = compareWithAuditManager(results, catalog.byId.get(FW)!, data.assessments);
    expect(cmp.map((x) => x.assessmentId)).toEqual([assessmentId]);
    expect(cmp[0]!.rows).toHaveLength(5);
    const statuses = new Map(results.frameworks[0]!.controls.map((c) => [c.id, c.status]));
    for (const r of cmp[0]!.rows) {
      expect(r.status).toBe(statuses.get(r.control));
      if (r.status === 'PASS' && r.latestComplianceCheckIssues > 0) expect(r.verdict).toBe('disagree');
      if (r.status === 'FAIL' && r.latestComplianceChecks > 0 && r.latestComplianceCheckIssues === 0) expect(r.verdict).toBe('disagree');
    }
    const vm = buildViewModel({
      results,
      framework: catalog.byId.get(FW)!,
      manifest: { key: 'runs/x/manifest.json', sha256: manifestSha256, signatureKey: 'runs/x/manifest.json.sig' },
      signer: { algorithm: 'Ed25519', keyId: 'k', publicKeyFingerprint: 'f', publicKeyFile: 'public-key.pem' },
      store: store.url,
      previousRunId: null,
      auditManager: cmp,
    });
    expect(vm.coverage.auditManager).toEqual(cmp);
    const html = renderHtml(vm);
    expect(html).toContain('AWS Audit Manager: SOC 2 readiness 2026');
    expect(html).toContain(`${cmp[0]!.counts.disagree} disagree`);
    // without Audit Manager data the view is unchanged
    expect('auditManager' in buildViewModel({ ...vm.run, results, framework: catalog.byId.get(FW)!, manifest: { key: 'k', sha256: 's', signatureKey: 'k.sig' }, signer: { algorithm: 'Ed25519', keyId: 'k', publicKeyFingerprint: 'f', publicKeyFile: 'p' }, store: store.url, previousRunId: null }).coverage).toBe(false);
  });

  it('the CLI refuses an inactive assessment; with the real clock the sandbox\'s per-item quota errors read as deferred (exit 2)', async () => {
    const env = { ...process.env, AWS_ENDPOINT_URL: sb.url, AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: sb.regions[0]!, LOG_LEVEL: 'silent' };
    // Asynchronous: the sandbox answers from this process, so a blocking spawn would starve it.
    const cli = (args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, 'auditmanager', 'push', '--store', store.url, ...args], { cwd: dir, env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    const inactive = (await am.send(new ListAssessmentsCommand({ status: 'INACTIVE' }))).assessmentMetadata![0]!.id!;
    const refused = await cli(['--assessment', inactive]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/is INACTIVE: Audit Manager takes manual evidence only into active assessments/);

    // Day 2: someone fills CC6.1's quota; a new run brings a new summary per control. The CLI's
    // clock is the real one, so its own count of today's imports finds none in the sandbox's day:
    // the API's per-item quota errors are what keep CC6.1's new items deferred.
    await setDay(2);
    for (const n of [50, 50]) await am.send(new BatchImportEvidenceToAssessmentControlCommand({ ...cc61, assessmentId, manualEvidence: Array.from({ length: n }, (_, i) => ({ textResponse: `someone else's day-2 evidence ${n}-${i}-${Math.random()}` })) }));
    const errorsBefore = (await oracle()).itemErrors['429'] ?? 0;
    await runOnSandbox(sb, { store, catalog, dir, clients, frameworks: [catalog.byId.get(FW)!], formats: ['json'], rateLimits: UNPACED });
    const res = await cli(['--assessment', assessmentId, '--json']);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(2);
    const out = JSON.parse(res.stdout.trim().split('\n').at(-1)!) as PushReport & { status: string };
    expect(out.status).toBe('partial');
    const c61 = out.controls.find((c) => c.ours === 'CC6.1')!;
    expect(c61.imported).toBe(0);
    expect(c61.deferred).toBeGreaterThanOrEqual(1);
    expect(c61.message).toMatch(/deferred: Audit Manager takes 100 manual evidence imports per control per day/);
    expect((await oracle()).itemErrors['429']).toBe(errorsBefore + c61.deferred);
    for (const c of out.controls.filter((x) => x.ours !== 'CC6.1')) expect(c.imported, c.ours).toBeGreaterThanOrEqual(1); // the new run's summary
    // human output names each control's outcome
    const text = await cli(['--assessment', assessmentId]);
    expect(text.stdout).toMatch(/CC6\.1\s+→ CC6\.1 Logical access security \[CC6 Logical and physical access\]: 0 imported, \d+ already there, \d+ deferred/);
  }, 240_000);
});
