// A run message as the receivers want it: plain text (SNS, e-mail), a Slack Block Kit message,
// and a one-line subject. The JSON of RunMessage itself is the webhook body and the EventBridge detail.
import type { ControlLine, RunMessage } from './message.ts';

const pct = (r: number | null): string => (r === null ? 'n/a' : `${(r * 100).toFixed(1)}%`);
const delta = (d: number | null): string => (d === null ? '' : ` (${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(1)} pt)`);
const ctl = (c: ControlLine): string => `${c.framework} ${c.control}${c.title ? ` ${c.title}` : ''}: ${c.from ?? '-'} → ${c.to ?? '-'}`;

/** SNS allows 100 printable ASCII characters in a subject. */
export function subjectOf(m: RunMessage): string {
  const what = m.regressions.total + m.coverageLost.total > 0 ? `${m.regressions.total} regressed, ${m.coverageLost.total} lost coverage` : m.status === 'complete' ? 'no regressions' : m.status;
  const s = `${m.sample ? '[sample] ' : ''}Compliance run ${m.runId} ${m.status}: ${what}`;
  return s.replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
}

function listed(head: string, total: number, lines: string[]): string[] {
  if (total === 0) return [];
  const more = total - lines.length;
  return [`${head} (${total}):`, ...lines.map((l) => `  - ${l}`), ...(more > 0 ? [`  … and ${more} more`] : [])];
}

export function renderText(m: RunMessage): string {
  const out = [subjectOf(m), ''];
  out.push(`Run ${m.runId}: ${m.status}, ${m.startedAt} → ${m.finishedAt}`);
  out.push(m.previousRunId ? `Compared with ${m.previousRunId}` : m.comparisonProblem ? `Not compared: ${m.comparisonProblem}` : 'First run: nothing to compare with');
  out.push('', 'Pass rate by framework:');
  for (const f of m.frameworks) out.push(`  ${f.id}: ${pct(f.passRate)}${delta(f.change)}`);
  out.push('');
  out.push(...listed('Regressed controls', m.regressions.total, m.regressions.controls.map(ctl)));
  out.push(...listed('Controls that lost coverage', m.coverageLost.total, m.coverageLost.controls.map(ctl)));
  if (m.coverageLost.targets > 0) out.push(`Check targets no longer judged: ${m.coverageLost.targets}`);
  if (m.fixes > 0) out.push(`Fixed controls: ${m.fixes}`);
  if (m.lapsed.exceptions + m.lapsed.attestations > 0) out.push(`Lapsed since the previous run: ${m.lapsed.exceptions} exception(s), ${m.lapsed.attestations} attestation(s)`);
  out.push(
    ...listed(
      `Expiring within ${m.expiring.withinDays} days`,
      m.expiring.items.length,
      m.expiring.items.map((i) => `${i.framework} ${i.control}: ${i.kind}${i.exception ? ` ${i.exception}` : ''} until ${i.until} (${i.daysLeft} day(s))`),
    ),
  );
  if (m.link) out.push('', `Reports: ${m.link}`);
  out.push(`Store: ${m.store}`);
  return out.join('\n') + '\n';
}

const section = (text: string): Record<string, unknown> => ({ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } });
const slackEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An incoming-webhook payload: a fallback text plus Block Kit blocks (header, fields, lists, link). */
export function renderSlack(m: RunMessage): Record<string, unknown> {
  const e = slackEscape;
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: `${m.sample ? '[sample] ' : ''}${m.event}: ${m.status}`.slice(0, 150) } },
    section(`*Run* \`${e(m.runId)}\`${m.previousRunId ? ` compared with \`${e(m.previousRunId)}\`` : m.comparisonProblem ? ` (not compared: ${e(m.comparisonProblem)})` : ' (first run)'}`),
    { type: 'section', fields: m.frameworks.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: `*${e(f.id)}*\n${pct(f.passRate)}${delta(f.change)}` })) },
  ];
  const list = (head: string, total: number, lines: string[]): void => {
    if (total === 0) return;
    const more = total - lines.length;
    blocks.push(section(`*${head} (${total})*\n${lines.map((l) => `• ${e(l)}`).join('\n')}${more > 0 ? `\n… and ${more} more` : ''}`));
  };
  list('Regressed controls', m.regressions.total, m.regressions.controls.map(ctl));
  list('Lost coverage', m.coverageLost.total, m.coverageLost.controls.map(ctl));
  list(`Expiring within ${m.expiring.withinDays} days`, m.expiring.items.length, m.expiring.items.map((i) => `${i.framework} ${i.control}: ${i.kind} until ${i.until}`));
  if (m.link) blocks.push(section(`<${m.link}|Reports in the S3 console>`));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `store ${e(m.store)}` }] });
  return { text: subjectOf(m), blocks };
}
