/** @module Title: the subject without reply prefixes and tags, else the first heading or line. */
import { GREETING, NONE, type Text } from '../narrative.js';
import type { Section } from '../sections.js';
import type { Body } from '../text.js';
import type { FieldDef } from './types.js';

export function findTitle(subject: string | null, sections: Section[], body: Body): Text {
  const s = (subject ?? '')
    .replace(/^\s*(?:(?:re|fwd?|tr|aw|wg)\s?:\s*)+/i, '')
    .replace(/^\s*\[(?:security|sec|vuln\w*|report|encrypted|confidential|pgp)\]\s*/i, '')
    .trim();
  if (s !== '' && !/^(?:\.\.\.|…|encrypted message|message chiffré)$/i.test(s)) return { value: s, confidence: 0.9, span: null };
  const heading = sections.find((x) => x.key === 'other' || x.key === 'summary');
  if (heading) return { value: heading.heading.replace(/[#*_]/g, '').trim(), confidence: 0.4, span: null };
  const first = body.lines.find((l) => !l.blank && !l.code && !GREETING.test(l.text));
  return first ? { value: first.text.trim().slice(0, 120), confidence: 0.3, span: [first.start, first.end] } : NONE;
}

export const title: FieldDef<'title', string | null> = {
  key: 'title',
  extract: (ctx) => findTitle(ctx.input.subject, ctx.sections, ctx.body),
  askLabel: null,
  // A report stored before extraction ran is titled by its subject.
  toJson: (value, report) => value ?? report.subject,
  score: null,
};
