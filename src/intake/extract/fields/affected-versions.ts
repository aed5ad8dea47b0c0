/** @module Affected versions in the corpus normal form, from version and product sections first, else from lines that talk about versions. */
import { LIMITS } from '../../../limits.js';
import { findVersions, type VersionLine } from '../versions.js';
import { product } from './product.js';
import { sameList } from './score.js';
import { asIs, type AskedFieldDef } from './types.js';

const HTTP_HEADER = /^\s{0,4}(?:(?:Host|User-Agent|Accept(?:-[\w]+)?|Content-[\w-]+|Cookie|Set-Cookie|Authorization|Referer|Origin|Connection|X-[\w-]+|Server|Date|Cache-Control|Sec-[\w-]+|Upgrade-Insecure-Requests)\s?:|(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S|HTTP\/\d)/i;

/** Normalised as in test/corpus/README.md: `3.2.1`, `<3.2.1`, `<=2.2.4`, `>=3.0.0`, `3.x`, `>=2.0.0 <2.4.0`. */
export const affectedVersions: AskedFieldDef<'affectedVersions', string[], string[]> = {
  key: 'affectedVersions',
  extract(ctx) {
    const name = ctx.field(product).value;
    const strong = ctx.sections.filter((s) => s.key === 'versions' || s.key === 'product');
    const lines: VersionLine[] = [];
    for (const l of ctx.body.lines) {
      if (l.start >= ctx.scanEnd) break;
      // Code (fenced or indented) and HTTP headers carry protocol and library versions, not the product's.
      if (l.blank || l.code || HTTP_HEADER.test(l.text) || /^(?: {4}|\t)/.test(l.text)) continue;
      const inStrong = strong.some((s) => l.end > s.start && l.start < s.end);
      lines.push({ text: l.text, offset: l.start, strong: inStrong });
    }
    let found = findVersions(lines, name, LIMITS.extractMaxVersions, ctx.trigrams);
    // The subject only when the body states nothing: it usually repeats the body in short.
    if (found.length === 0 && ctx.subject !== '') found = findVersions([{ text: ctx.subject, offset: -1, strong: true }], name, LIMITS.extractMaxVersions, ctx.trigrams);
    const fromSection = found.some((f) => f.span && strong.some((s) => (f.span as [number, number])[0] >= s.start && (f.span as [number, number])[0] < s.end));
    return { value: found.map((f) => f.value), confidence: found.length === 0 ? 0 : fromSection ? 0.9 : 0.65, span: found[0]?.span ?? null };
  },
  askLabel: 'the affected version(s)',
  isMissing: (value) => value.length === 0,
  toJson: asIs,
  score: {
    threshold: 0.9,
    correct: (actual, label) => sameList(actual, label),
    labelled: (label) => label.length > 0,
    extracted: (actual) => actual.length > 0,
  },
};
