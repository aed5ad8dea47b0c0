/** @module Steps to reproduce: a steps section, else a numbered list, else an inline "to reproduce: …". */
import { best, clip, fromSection, NONE, narrativeOf, type NarrativeInput, type Text } from '../narrative.js';
import type { Line } from '../text.js';
import { trimSpan } from '../text.js';
import { textRule } from './score.js';
import { asIs, type AskedFieldDef } from './types.js';

/** A numbered list of at least two items ("1.", "1)", "Step 1:"), the usual shape of steps when there is no heading. */
export function findSteps(input: NarrativeInput): Text {
  const s = best(input.sections, 'steps');
  if (s) return fromSection(s, 0.9);
  const skip = input.sections.filter((x) => x.key === 'impact' || x.key === 'fix' || x.key === 'references' || x.key === 'disclosure');
  const inSkipped = (pos: number) => skip.some((x) => pos >= x.start && pos < x.end);
  const { lines } = input.body;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (line.start >= input.scanEnd) break;
    if (line.code || !/^\s{0,6}(?:1[.)]|step\s?1\b|étape\s?1\b|#1\b)/i.test(line.text) || inSkipped(line.start)) continue;
    let end = i;
    let items = 1;
    for (let k = i + 1; k < lines.length; k++) {
      const t = (lines[k] as Line).text;
      if ((lines[k] as Line).blank) {
        if ((lines[k + 1] as Line | undefined)?.text.match(/^\s{0,6}(?:\d{1,2}[.)]|step\s?\d|étape\s?\d|#\d)|^\s{2,}\S|^```/i)) continue;
        break;
      }
      if (/^\s{0,6}(?:\d{1,2}[.)]|step\s?\d{1,2}\b|étape\s?\d{1,2}\b|#\d)/i.test(t)) items++;
      end = k;
    }
    if (items < 2) continue;
    const [a, b] = trimSpan(input.body.text, line.start, (lines[end] as Line).end);
    return { value: clip(input.body.text.slice(a, b)), confidence: 0.7, span: [a, b] };
  }
  const inline = /\b(?:to reproduce|steps to reproduce|reproduce (?:it|this|the issue) (?:by|with)|pour reproduire|reproduction)\s?[:,]\s?([^\n]{8,})/i.exec(input.body.text.slice(0, input.scanEnd));
  if (inline) {
    const at = inline.index + inline[0].length - (inline[1] as string).length;
    return { value: clip(inline[1] as string), confidence: 0.5, span: [at, at + (inline[1] as string).length] };
  }
  return NONE;
}

export const steps: AskedFieldDef<'steps', string | null, string | null> = {
  key: 'steps',
  extract: (ctx) => findSteps(narrativeOf(ctx)),
  askLabel: 'step-by-step instructions to reproduce',
  isMissing: (value) => value === null,
  toJson: asIs,
  score: textRule(0.8),
};
