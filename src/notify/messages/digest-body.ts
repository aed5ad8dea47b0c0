/**
 * @module The digest's words: the values its two templates show — a text/plain body readable in mutt, and an HTML body
 * (rendered in HTML mode, so every value, and so every string from a report, is escaped). Pure.
 */
import { formatIso } from '../../policy/zoned.js';
import type { CraLine, Digest, FailedLine, KeyLine, OutboxLine, ReportLine, Section } from '../../report/digest.js';
import { SECTIONS } from '../../report/digest.js';
import { DIGEST_VOCABULARY, type DigestVocabulary } from '../templates/digest-vocabulary.js';
import { renderTemplate, type ValuesOf } from '../templates/render.js';
import type { Words } from '../templates/set.js';
import type { DIGEST_HTML_VARIABLES, DIGEST_TEXT_VARIABLES } from '../templates/variables.js';

const WEEKDAY = new Map<string, Intl.DateTimeFormat>();
/** `Tue 2026-12-01 17:00 -05:00 (America/New_York)`: weekday, date, time and zone, so nobody reads a deadline in the wrong zone. */
export function deadlineTime(iso: string, timeZone: string, locale = 'en-GB'): string {
  const key = `${locale} ${timeZone}`;
  let f = WEEKDAY.get(key);
  if (!f) WEEKDAY.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short' })));
  const local = formatIso(new Date(iso), timeZone);
  return `${f.format(new Date(iso))} ${local.slice(0, 10)} ${local.slice(11, 16)} ${local.slice(19)} (${timeZone})`;
}

/** The summary at the top: every count, in section order. */
const summaryLine = (d: Digest, v: DigestVocabulary): string => {
  const plural = new Intl.PluralRules(v.locale);
  return SECTIONS.map((s) => `${d.counts[s]} ${v.summary[s][plural.select(d.counts[s]) === 'one' ? 0 : 1]}`).join(', ');
};

/** The cells of one line, as plain strings; text joins them, HTML escapes each. */
function cells(section: Section, item: ReportLine | FailedLine | OutboxLine | KeyLine | CraLine, d: Digest, v: DigestVocabulary): string[] {
  const at = (iso: string) => deadlineTime(iso, d.timezone, v.locale);
  if (section === 'failed') {
    const f = item as FailedLine;
    return [v.message(f.messageId), f.errorCode ?? v.failed, f.reason ?? '', v.captured(at(f.capturedAt)), f.retry];
  }
  if (section === 'outbox') {
    const o = item as OutboxLine;
    return [v.outbox(o.id), o.ref ?? '-', o.kind, v.attempts(o.status, o.attempts), o.lastError ?? '', o.retry];
  }
  if (section === 'cra') {
    const c = item as CraLine;
    return [c.ref, c.title ?? v.noTitle, `${c.clock} (${c.article})`, v.craDue(c.state === 'overdue', at(c.dueAt)), `secintake reports export ${c.ref} --format cra`];
  }
  if (section === 'keys') {
    const k = item as KeyLine;
    return [k.subject, v.keys[k.problem], k.at ? at(k.at) : ''];
  }
  const l = item as ReportLine;
  return [
    l.ref,
    l.title ?? v.noTitle,
    l.severity ?? v.noSeverity,
    l.status,
    l.nextDeadline ? at(l.nextDeadline.at) : '-',
    l.nextDeadline ? v.due(l.nextDeadline.kind, Date.parse(l.nextDeadline.at) < Date.parse(d.generatedAt)) : v.noDeadline,
    l.assignee ? v.assignedTo(l.assignee) : v.unassigned,
    ...(l.flags.length > 0 ? [v.flags(l.flags.join(', '))] : []),
  ];
}

/** Each section's title, count, the cells of its listed lines, and how many more it holds than it lists ('' for none). */
function sections(d: Digest, v: DigestVocabulary) {
  return SECTIONS.map((s) => {
    const items = d.sections[s] as (ReportLine | FailedLine | OutboxLine | KeyLine | CraLine)[];
    const more = d.counts[s] - items.length;
    return { title: v.titles[s], count: String(d.counts[s]), rows: items.map((item) => cells(s, item, d, v)), more: more > 0 ? String(more) : '' };
  });
}

const head = (d: Digest, teamName: string, v: DigestVocabulary) => ({ team: teamName, generated: deadlineTime(d.generatedAt, d.timezone, v.locale), summary: summaryLine(d, v) });

export function digestTextValues(d: Digest, teamName: string, words: Words): ValuesOf<typeof DIGEST_TEXT_VARIABLES> {
  const v = DIGEST_VOCABULARY[words.language];
  return {
    ...head(d, teamName, v),
    sections: sections(d, v).map(({ rows, ...s }) => ({ ...s, lines: rows.map((r) => ({ line: r.filter((c) => c !== '').join(' · ') })) })),
  };
}

export function digestHtmlValues(d: Digest, teamName: string, words: Words): ValuesOf<typeof DIGEST_HTML_VARIABLES> {
  const v = DIGEST_VOCABULARY[words.language];
  return {
    ...head(d, teamName, v),
    sections: sections(d, v).map(({ rows, ...s }) => ({ ...s, has_rows: rows.length > 0, rows: rows.map((r) => ({ cells: r.map((cell) => ({ cell })) })) })),
  };
}

export const digestText = (d: Digest, teamName: string, words: Words): string => renderTemplate(words.digest.body, digestTextValues(d, teamName, words));
export const digestHtml = (d: Digest, teamName: string, words: Words): string => renderTemplate(words['digest-html'].body, digestHtmlValues(d, teamName, words));
