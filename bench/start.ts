// Start-up figures of the compiled CLI (run `npm run build` first): `--version` and `--help` until
// exit, and `run` from spawn to its first request to AWS, taken by a loopback endpoint standing in
// for AWS (AWS_ENDPOINT_URL) that notes when the first request arrives. Each line gives the wall
// time and the CPU time (user + system, from /proc on Linux): on a shared machine the wall time
// grows with the load, the CPU time hardly.
//   node --import tsx bench/start.ts [--n 10]
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/evidence.js', import.meta.url));
const n = Number(process.argv[process.argv.indexOf('--n') + 1] ?? 10) || 10;
const TICK_MS = 10; // USER_HZ is 100 on Linux

// A throwaway signing key: `run` checks for one before it calls AWS.
const KEY = '/tmp/evidence-start-bench/signing.key';
rmSync(path.dirname(KEY), { recursive: true, force: true });
spawnSync(process.execPath, [BIN, 'keygen', '--key', KEY], { stdio: 'ignore' });

interface Sample {
  wall: number;
  cpu: number;
}
/** utime + stime of a running process, in ms (fields 14 and 15 of /proc/PID/stat). */
const cpuOf = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeExit(args: string[]): Sample {
  // The shell waits for node, then reads its own children's CPU time.
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', `"$0" "$@" >/dev/null 2>&1; cat /proc/$$/stat`, process.execPath, BIN, ...args], { encoding: 'utf8' });
  const wall = performance.now() - t0;
  const f = r.stdout.split(') ')[1]!.split(' ');
  return { wall, cpu: (Number(f[13]) + Number(f[14])) * TICK_MS };
}

async function timeFirstCall(): Promise<Sample> {
  let first: (() => void) | undefined;
  const arrived = new Promise<void>((resolve) => (first = resolve));
  const server = http.createServer((_req, res) => {
    first?.();
    res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'run', '-f', 'aws-baseline', '--regions', 'us-east-1', '--store', `file://${path.dirname(KEY)}/store`, '--key', KEY], {
    stdio: 'ignore',
    env: { ...process.env, AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, AWS_ACCESS_KEY_ID: 'AKIABENCH', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1', LOG_LEVEL: 'silent' },
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`evidence run exited (${code}) before calling AWS`))));
  await Promise.race([arrived, exited]);
  const sample = { wall: performance.now() - t0, cpu: cpuOf(child.pid!) };
  child.kill('SIGKILL');
  server.close();
  return sample;
}

const rows: [string, () => Sample | Promise<Sample>][] = [
  ['evidence --version', () => timeExit(['--version'])],
  ['evidence --help', () => timeExit(['--help'])],
  ['evidence run: first AWS request', timeFirstCall],
];
console.log(`node ${process.version}, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}, n=${n}`);
for (const [name, once] of rows) {
  const xs: Sample[] = [];
  for (let i = 0; i < n; i++) xs.push(await once());
  const w = xs.map((x) => x.wall);
  const c = xs.map((x) => x.cpu);
  console.log(`${name.padEnd(32)} wall median ${Math.round(median(w))} ms (min ${Math.round(Math.min(...w))})   CPU median ${Math.round(median(c))} ms (min ${Math.round(Math.min(...c))})`);
}
