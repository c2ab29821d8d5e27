// Text from AWS or from users, made safe for each output. Control characters and Unicode
// direction overrides are never needed to read an id or a reason, and in a terminal they can
// recolour it, move the cursor or fake a line; in HTML and CSV they hide or reorder what a
// reviewer sees. They are shown as escapes (\x1b, \u202e), never passed through.

// C0 controls but tab/LF/CR, DEL, C1 controls; bidi embeddings, overrides, isolates and marks.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_KEEP_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// The same, and tab, LF and CR: a single terminal line must stay one line.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** For one line of terminal output: every control and bidi character escaped, line breaks too. */
export function terminalSafe(s: string): string {
  return s.replace(CONTROL_ALL, escapeChar);
}

/** For HTML and CSV: control and bidi characters escaped; tab and line breaks (which those formats quote or fold) kept. */
export function documentSafe(s: string): string {
  return s.replace(CONTROL_KEEP_LINES, escapeChar);
}
