// `evidence … | head`: the reader closes the pipe after a few lines. The command must finish with
// its own exit code and no stack trace about EPIPE.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/evidence.js', import.meta.url));

function readFirstChunkThenClose(args: string[]): Promise<{ code: number | null; stderr: string; first: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let first = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', (d: Buffer) => {
      first = d.toString();
      child.stdout.destroy();
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr, first }));
  });
}

describe('output to a closed pipe', () => {
  it('the NIST catalog listed into a reader that stops after the first chunk: exit 0, no EPIPE trace', async () => {
    const out = await readFirstChunkThenClose(['frameworks', 'show', 'nist-800-53-r5']);
    expect(out.first.length).toBeGreaterThan(0);
    expect(out.stderr).not.toMatch(/EPIPE|Unhandled 'error'/);
    expect(out.code).toBe(0);
  }, 60_000);
});
