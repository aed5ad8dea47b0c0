/** @module Summary: a summary or description section, else the first paragraph that is not a greeting. */
import { best, clip, fromSection, GREETING, NONE, narrativeOf, type NarrativeInput, type Text } from '../narrative.js';
import type { Line } from '../text.js';
import { trimSpan } from '../text.js';
import { asIs, type FieldDef } from './types.js';

export function findSummary(input: NarrativeInput): Text {
  const s = best(input.sections, 'summary');
  if (s) return fromSection(s, 0.85);
  // Otherwise the first paragraph that is not a greeting.
  const { lines } = input.body;
  let i = lines.findIndex((l) => !l.blank && !l.code && !GREETING.test(l.text));
  if (i < 0 || (lines[i] as Line).start >= input.scanEnd) return NONE;
  const start = (lines[i] as Line).start;
  while (i + 1 < lines.length && !(lines[i + 1] as Line).blank && !(lines[i + 1] as Line).code) i++;
  const [a, b] = trimSpan(input.body.text, start, (lines[i] as Line).end);
  return { value: clip(input.body.text.slice(a, b)), confidence: 0.5, span: [a, b] };
}

export const summary: FieldDef<'summary', string | null> = {
  key: 'summary',
  extract: (ctx) => findSummary(narrativeOf(ctx)),
  askLabel: null,
  toJson: asIs,
  score: null,
};
