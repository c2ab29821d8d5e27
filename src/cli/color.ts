// Statuses in colour on a terminal's text output: PASS green, FAIL red, ERROR red on bold... The
// words stay the same, so a reader without colour (NO_COLOR, a pipe, a file) loses nothing.
import { colorsFor } from '../util/index.ts';

const SGR: Record<string, string> = {
  // control statuses
  PASS: '32',
  FAIL: '31',
  ERROR: '1;31',
  NO_EVIDENCE: '33',
  MANUAL: '36',
  ATTESTED: '34',
  EXCEPTION: '35',
  // run statuses and check outcomes
  complete: '32',
  partial: '33',
  failed: '31',
  interrupted: '33',
  incomplete: '31',
  ok: '32',
  verified: '32',
  'VERIFICATION FAILED': '1;31',
  'NOT SAFE': '1;31',
};

/** The word in its status colour when stdout is a terminal with colours on; unchanged otherwise. */
export function paint(word: string, stream: { isTTY?: boolean } = process.stdout): string {
  const code = SGR[word.trim()];
  return code && colorsFor(stream) ? `\u001b[${code}m${word}\u001b[0m` : word;
}
