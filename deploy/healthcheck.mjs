#!/usr/bin/env node
// Container HEALTHCHECK for `evidence schedule`: healthy while the scheduler's heartbeat file
// (EVIDENCE_HEARTBEAT_FILE) is fresh. Plain Node, no dependencies, so it stays cheap to run.
// No file means no scheduler is running in this container (a one-shot `run` or `pack`, or the
// scheduler is still starting): that is not a failure.
import { readFileSync, statSync } from 'node:fs';

const file = process.env.EVIDENCE_HEARTBEAT_FILE;
if (!file) process.exit(0);
let stat;
try {
  stat = statSync(file);
} catch {
  console.log(`no heartbeat file ${file}: no scheduler running`);
  process.exit(0);
}
let every = 60;
try {
  every = Number(JSON.parse(readFileSync(file, 'utf8')).heartbeatSeconds) || every;
} catch {
  // A half-written file is judged by its age alone.
}
const ageSeconds = (Date.now() - stat.mtimeMs) / 1000;
// Three missed beats (plus slack for a busy machine) mean the scheduler's event loop is stuck.
const limit = every * 3 + 30;
if (ageSeconds > limit) {
  console.log(`scheduler heartbeat is ${Math.round(ageSeconds)} s old (limit ${limit} s): ${file}`);
  process.exit(1);
}
console.log(`scheduler heartbeat ${Math.round(ageSeconds)} s ago`);
