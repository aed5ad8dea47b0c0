/** @module What the prose fields (title, summary, steps, PoC, impact, special configuration) share: their input, sections as values, greetings, code positions, clipping. */
import { LIMITS } from '../../limits.js';
import type { ExtractContext } from './fields/types.js';
import type { Section, SectionKey } from './sections.js';
import type { Body, Line } from './text.js';
import type { ExtractInput, Field } from './types.js';

export type Text = Field<string | null>;
export const NONE: Text = { value: null, confidence: 0, span: null };

export interface NarrativeInput {
  body: Body;
  sections: Section[];
  /** End of the scan window in the body. */
  scanEnd: number;
  subject: string | null;
  attachments: ExtractInput['attachments'];
}

export const narrativeOf = (ctx: ExtractContext): NarrativeInput => ({
  body: ctx.body,
  sections: ctx.sections,
  scanEnd: ctx.scanEnd,
  subject: ctx.input.subject,
  attachments: ctx.input.attachments,
});

export const fromSection = (s: Section, confidence: number): Text => ({ value: clip(s.text), confidence, span: [s.start, s.end] });
export const best = (sections: Section[], key: SectionKey) => {
  const all = sections.filter((s) => s.key === key && s.text.trim() !== '');
  // "Impact: High" on a template line says less than a paragraph under an Impact heading.
  return all.find((s) => s.text.slice(0, 200).split(/\s+/).length >= 4) ?? all[0];
};

export const GREETING = /^\s*(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening)|bonjour|bonsoir|salut|madame|monsieur|cher|chère|to whom)\b[^\n]{0,60}$/i;

export function isCodeAt(body: Body, pos: number): boolean {
  let lo = 0;
  let hi = body.lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const l = body.lines[mid] as Line;
    if (pos < l.start) hi = mid - 1;
    else if (pos > l.end) lo = mid + 1;
    else return l.code;
  }
  return false;
}

/** Cuts a field value to `LIMITS.extractFieldChars`, on a line break when one is near; CRLF becomes LF in values (spans keep the original). */
export function clip(raw: string): string {
  const max = LIMITS.extractFieldChars;
  const text = raw.length > max * 2 ? raw.slice(0, max * 2).replace(/\r\n/g, '\n') : raw.replace(/\r\n/g, '\n');
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('\n', max);
  return `${text.slice(0, cut > max - 2000 ? cut : max)}\n…`;
}
