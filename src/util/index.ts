// The public surface of src/util/: what the other layers import from it.
export { limitHeapGrowth } from './heap.ts';
export { colorsFor, type Logger, makeLogger, routeWarningsToLog, silentLogger } from './log.ts';
export { TOOL_VERSION } from './version.ts';

// What the other layers use from this folder.
export { documentSafe, terminalSafe } from './text.ts';
export { makeSpoolDir, processRunning, SPOOL_PREFIXES, STALE_SPOOL_MS, sweepStaleSpools } from './spool-dirs.ts';
