/** @module The extraction context: the body prepared once for every field, and each field or shared analysis computed once. */
import { LIMITS } from '../../../limits.js';
import { findSections, type SectionKey } from '../sections.js';
import { analysedText, prepareBody } from '../text.js';
import { indexTrigrams } from '../trigrams.js';
import type { ExtractInput, ExtractPolicy, Field } from '../types.js';
import type { ExtractContext } from './types.js';

export function createContext(raw: ExtractInput, policy: ExtractPolicy): ExtractContext {
  // Windowed before any pass: splitting 24 MB of newlines into line objects took over 1 GB. The stored body is untouched.
  const window = (t: string | null | undefined, max: number) => (t ? t.slice(0, max) : t);
  const input: ExtractInput = {
    ...raw,
    subject: window(raw.subject, LIMITS.extractSubjectChars) ?? null,
    text: window(raw.text, LIMITS.extractProcessChars) ?? '',
    html: window(raw.html, LIMITS.extractProcessChars) ?? null,
  };
  const body = prepareBody(analysedText(input).slice(0, LIMITS.extractProcessChars));
  const scanEnd = Math.min(body.text.length, LIMITS.extractScanChars);
  const sections = findSections(body, scanEnd);
  const fields = new Map<object, Field<unknown>>();
  const analyses = new Map<object, unknown>();
  const scan = body.text.slice(0, scanEnd);
  const subject = input.subject ?? '';
  const ctx: ExtractContext = {
    input,
    policy,
    body,
    scanEnd,
    scan,
    subject,
    // One pass over the window, so that the keyword patterns that cannot match in it are never run over it.
    trigrams: indexTrigrams(`${subject}\n${scan}`),
    sections,
    declared: (key: SectionKey) => sections.filter((s) => s.key === key),
    field<T>(def: { extract(c: ExtractContext): Field<T> }): Field<T> {
      if (!fields.has(def)) fields.set(def, def.extract(ctx));
      return fields.get(def) as Field<T>;
    },
    once<T>(analysis: (c: ExtractContext) => T): T {
      if (!analyses.has(analysis)) analyses.set(analysis, analysis(ctx));
      return analyses.get(analysis) as T;
    },
  };
  return ctx;
}

/** `subject\nbody`: where a statement in the subject counts as much as one in the body. Spans found in it go through `bodySpan`. */
export const withSubject = (ctx: ExtractContext, text: string) => `${ctx.subject}\n${text}`;

/** A span found in `withSubject(…)` text, moved back into the body; null when it lies in the subject. */
export function bodySpan(ctx: ExtractContext, span: [number, number] | null | undefined): [number, number] | null {
  const by = ctx.subject.length + 1;
  if (!span || span[0] < by) return null;
  return [span[0] - by, span[1] - by];
}
