import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { indexTrigrams, mayMatch, patternNeed } from './trigrams.js';

const filler = 'the quick brown fox jumps over the lazy dog. '.repeat(20);

describe('trigrams: a pattern is skipped only when it cannot match', () => {
  test.each([
    ['a literal that is absent', /xss/, filler, false],
    ['a literal that is present', /lazy dog/, filler, true],
    ['every branch absent', /xss|sqli|csrf/, filler, false],
    ['one branch present', /xss|brown|csrf/, filler, true],
    ['a branch with nothing required', /xss|\d/, filler, true],
    ['an optional prefix that is absent', /(?:shell )?jumps/, filler, true],
    ['a required group whose every branch is absent', /(?:red|blue) fox/, filler, false],
    ['a part after an optional character', /quic?k brown/, filler, true],
    ['a repeated character in the middle', /qu+ick/, filler, true],
    ['upper case in the text under the i flag', /lazy dog/i, filler.toUpperCase(), true],
    ['upper case in the text without the i flag, the pattern in upper case', /LAZY DOG/, filler.toUpperCase(), true],
    ['an escaped punctuation mark', /dog\. the/, filler, true],
    ['an escaped punctuation mark that is absent', /dog\.\.\./, filler, false],
    ['a class between literals', /lazy[ _]dog/, filler, true],
    ['a lookbehind before an absent literal', /(?<![\w])xss/, filler, false],
    ['a bounded repeat of a group', /(?:fox ){1,2}jumps/, filler, true],
    ['a bounded repeat that may be empty', /(?:cat ){0,2}jumps/, filler, true],
    ['a single required character that is absent', /<= ?\d/, filler, false],
    ['a single required character that is present', /\d?\. ?t/, filler, true],
    ['one branch needing an absent character, one a present one', /; ?id|the/, filler, true],
    ['every branch needing an absent character', /; ?id|\| ?id|\$\(/, filler, false],
  ])('%s', (_what, re, text, expected) => {
    expect(mayMatch(re, indexTrigrams(text))).toBe(expected);
  });

  test.each([
    ['lower-cased after indexing (accented capitals)', /déni de service/, 'DÉNI DE SERVICE', 'déni de service'],
    ['lower-cased after indexing (the Kelvin sign)', /kelvin/, '\u212Aelvin', '\u212Aelvin'.toLowerCase()],
    ['lower-cased after indexing (a dotted capital I)', /axi/, 'AX\u0130', 'AX\u0130'.toLowerCase()],
    ['made of parts joined by a line break', /first line\nsecond/, 'first line, and second', 'first line\nsecond'],
  ])('a text the index covers is never ruled out: %s', (_what, re, indexed, text) => {
    expect(re.test(text)).toBe(true);
    expect(mayMatch(re, indexTrigrams(`${indexed} ${filler}`))).toBe(true);
  });

  test('without an index every pattern may match', () => {
    expect(mayMatch(/xss/, undefined)).toBe(true);
  });

  test.each([
    ['u with i', /xss/iu],
    ['v', new RegExp('xss', 'v')],
    ['only optional parts', /(?:xss)?/],
    ['classes and escapes', /\w+\s\d/],
  ])('a pattern the reader does not follow, or that needs nothing, always runs: %s', (_what, re) => {
    expect(patternNeed(re)).toBe(true);
  });

  // Every pattern of the extraction modules over every corpus text: whenever one matches, the index said "maybe".
  const dir = join(import.meta.dirname, '..', '..', '..', 'test', 'corpus');
  const texts = readdirSync(dir).filter((f) => /\.(?:txt|eml)$/.test(f)).map((f) => readFileSync(join(dir, f), 'utf8'));
  const sources = readdirSync(import.meta.dirname, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const patterns = sources.flatMap((f) =>
    [...readFileSync(join(import.meta.dirname, f), 'utf8').matchAll(/(?<![\w)\]])\/((?:\\.|\[(?:\\.|[^\]\\])*\]|[^/\\\n[])+)\/([dgimsuy]*)/g)].flatMap((m) => {
      try {
        return [new RegExp(m[1] as string, (m[2] as string).replace(/[gy]/g, ''))];
      } catch {
        return [];
      }
    }),
  );
  test('the corpus and the extraction patterns: no pattern that matches is ever ruled out', () => {
    expect(patterns.length).toBeGreaterThan(100);
    const wrong: string[] = [];
    for (const text of texts) {
      for (const t of [text, text.toLowerCase()]) {
        const index = indexTrigrams(text);
        for (const re of patterns) if (re.test(t) && !mayMatch(re, index)) wrong.push(re.source);
      }
    }
    expect(wrong).toEqual([]);
  });
});
