/** @module The digest's words: a text/plain body readable in mutt, and an HTML body in which every string from a report is escaped. Pure. */
import { formatIso } from '../../policy/zoned.js';
import type { CraLine, Digest, FailedLine, KeyLine, OutboxLine, ReportLine, Section } from '../../report/digest.js';
import { SECTIONS } from '../../report/digest.js';

export const SECTION_TITLES: Record<Section, string> = {
  overdue: 'Overdue',
  cra: 'CRA Art. 14 clocks due',
  due: 'Due within 3 business days',
  disclosures: 'Disclosures in the next 7 days',
  new: 'New since the last digest',
  waiting: 'Waiting on the reporter',
  thirdParty: 'Third-party or unverified messages',
  suspicious: 'Replays and suspicious mail',
  failed: 'Failed messages',
  outbox: 'Dead or long-deferred outbox mail',
  keys: 'Key health',
};

/** The summary's words: short, so the whole count fits one line. */
const SUMMARY_WORDS: Record<Section, string> = {
  overdue: 'overdue',
  cra: 'CRA clocks due',
  due: 'due',
  disclosures: 'disclosures this week',
  new: 'new',
  waiting: 'waiting on reporters',
  thirdParty: 'third-party',
  suspicious: 'suspicious',
  failed: 'failed',
  outbox: 'outbox stuck',
  keys: 'key problems',
};

const KEY_WORDS: Record<KeyLine['problem'], string> = {
  'team-key-expired': 'team key expired: nothing can be signed (`secintake keys generate --rotate`)',
  'team-key-expiring': 'team key expires soon (`secintake keys generate --rotate`)',
  'security-txt-expires': 'security.txt Expires lapses with the team key (re-render after the rotation)',
  'reporter-key-expiring': "reporter's key expires before the disclosure date",
  'reporter-key-pending': 'reporter key change waits for approval (`secintake keys pending`)',
  'recipient-without-key': 'digest recipient without a usable key: sent a notice only (`secintake keys import --recipient FILE`)',
};

const WEEKDAY = new Map<string, Intl.DateTimeFormat>();
/** `Tue 2026-12-01 17:00 -05:00 (America/New_York)`: weekday, date, time and zone, so nobody reads a deadline in the wrong zone. */
export function deadlineTime(iso: string, timeZone: string): string {
  let f = WEEKDAY.get(timeZone);
  if (!f) WEEKDAY.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short' })));
  const local = formatIso(new Date(iso), timeZone);
  return `${f.format(new Date(iso))} ${local.slice(0, 10)} ${local.slice(11, 16)} ${local.slice(19)} (${timeZone})`;
}

/** The summary at the top: every count, in section order. */
export function summaryLine(d: Digest): string {
  return SECTIONS.map((s) => `${d.counts[s]} ${SUMMARY_WORDS[s]}`).join(', ');
}

/** What is due on a report line: the next deadline's kind, and whether it has passed. */
function dueWords(l: ReportLine, now: number): string {
  if (!l.nextDeadline) return 'no open deadline';
  return `${l.nextDeadline.kind} ${Date.parse(l.nextDeadline.at) < now ? 'overdue' : 'due'}`;
}

/** The cells of one line, as plain strings; text joins them, HTML escapes each. */
function cells(section: Section, item: ReportLine | FailedLine | OutboxLine | KeyLine | CraLine, d: Digest): string[] {
  const tz = d.timezone;
  if (section === 'failed') {
    const f = item as FailedLine;
    return [`message ${f.messageId}`, f.errorCode ?? 'failed', f.reason ?? '', `captured ${deadlineTime(f.capturedAt, tz)}`, f.retry];
  }
  if (section === 'outbox') {
    const o = item as OutboxLine;
    return [`outbox ${o.id}`, o.ref ?? '-', o.kind, `${o.status} after ${o.attempts} attempt(s)`, o.lastError ?? '', o.retry];
  }
  if (section === 'cra') {
    const c = item as CraLine;
    return [c.ref, c.title ?? '(no title)', `${c.clock} (${c.article})`, `${c.state === 'overdue' ? 'overdue since' : 'due'} ${deadlineTime(c.dueAt, tz)}`, `secintake reports export ${c.ref} --format cra`];
  }
  if (section === 'keys') {
    const k = item as KeyLine;
    return [k.subject, KEY_WORDS[k.problem], k.at ? deadlineTime(k.at, tz) : ''];
  }
  const l = item as ReportLine;
  return [
    l.ref,
    l.title ?? '(no title)',
    l.severity ?? 'severity unknown',
    l.status,
    l.nextDeadline ? deadlineTime(l.nextDeadline.at, tz) : '-',
    dueWords(l, Date.parse(d.generatedAt)),
    l.assignee ? `assigned to ${l.assignee}` : 'unassigned',
    ...(l.flags.length > 0 ? [`flags: ${l.flags.join(', ')}`] : []),
  ];
}

const itemsOf = (d: Digest, s: Section) => d.sections[s] as (ReportLine | FailedLine | OutboxLine | KeyLine | CraLine)[];
const more = (d: Digest, s: Section) => d.counts[s] - d.sections[s].length;

export function digestText(d: Digest, teamName: string): string {
  const out = [`Daily digest of ${teamName}, ${deadlineTime(d.generatedAt, d.timezone)}`, `Summary: ${summaryLine(d)}.`, ''];
  for (const s of SECTIONS) {
    out.push(`== ${SECTION_TITLES[s]} (${d.counts[s]}) ==`);
    const items = itemsOf(d, s);
    if (items.length === 0) out.push('  none');
    for (const item of items) out.push(`  ${cells(s, item, d).filter((c) => c !== '').join(' · ')}`);
    if (more(d, s) > 0) out.push(`  … and ${more(d, s)} more (secintake digest --print)`);
    out.push('');
  }
  return out.join('\n');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Every string that reaches the HTML goes through here: a title holding `<script>` or `</td>` stays text. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

export function digestHtml(d: Digest, teamName: string): string {
  const e = escapeHtml;
  const parts = [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><title>Daily digest</title></head><body>',
    `<h1>Daily digest of ${e(teamName)}</h1>`,
    `<p>${e(deadlineTime(d.generatedAt, d.timezone))}</p>`,
    `<p><strong>Summary:</strong> ${e(summaryLine(d))}.</p>`,
  ];
  for (const s of SECTIONS) {
    parts.push(`<h2>${e(SECTION_TITLES[s])} (${d.counts[s]})</h2>`);
    const items = itemsOf(d, s);
    if (items.length === 0) parts.push('<p>none</p>');
    else parts.push('<table border="1" cellpadding="4">', ...items.map((item) => `<tr>${cells(s, item, d).map((c) => `<td>${e(c)}</td>`).join('')}</tr>`), '</table>');
    if (more(d, s) > 0) parts.push(`<p>… and ${more(d, s)} more (secintake digest --print)</p>`);
  }
  parts.push('</body></html>');
  return parts.join('\n');
}
