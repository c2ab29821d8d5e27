// Test-side entry point: the `evidence` CLI with pause points built from this process's
// environment, so crash tests can stop or kill a run at a known phase. The product never reads
// these variables; it only receives the hooks.
//   PAUSE_AT=put:N       before the Nth write to the store
//   PAUSE_AT=<phase>     at a run phase (finalize, manifest, head, reports, reports-written)
//   PAUSE_MS             how long to wait there (default 30 s; SIGUSR2 resumes, SIGTERM stops the run)
//   CLAIM_STALE_MS       how long a chain head claim without its manifest is waited for
// At the pause it prints "EVIDENCE_TEST_PAUSED <phase> pid=<pid>" on stderr.
import type { main as Main } from '../../src/cli/main.ts';
import type { RunHooks } from '../../src/domain/hooks.ts';

// The compiled CLI, as users run it (the suite's global setup builds dist/); loaded by path so that
// type checking does not need a build.
const { main } = (await import(new URL('../../dist/cli/main.js', import.meta.url).href)) as { main: typeof Main };

const at = process.env.PAUSE_AT;
const ms = Number(process.env.PAUSE_MS ?? 30_000);

async function pause(phase: string, signal?: AbortSignal): Promise<void> {
  if (phase !== at) return;
  process.stderr.write(`EVIDENCE_TEST_PAUSED ${phase} pid=${process.pid}\n`);
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      process.off('SIGTERM', done);
      process.off('SIGUSR2', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    process.on('SIGTERM', done);
    process.on('SIGUSR2', done);
  });
}

// A resume signal that arrives after the pause has ended must not end the process.
process.on('SIGUSR2', () => undefined);

const hooks: RunHooks = {
  phase: (name, signal) => pause(name, signal),
  beforeWrite: (n) => pause(`put:${n}`),
  ...(process.env.CLAIM_STALE_MS ? { claimStaleMs: Number(process.env.CLAIM_STALE_MS) } : {}),
};

await main(process.argv, { hooks });
