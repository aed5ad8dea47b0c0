/**
 * @module Adversarial text for the bounded-work properties: runs of the characters and tokens our parsers split,
 * anchor or search on, repeated up to hundreds of kilobytes, and the check that a parser's counted work stayed within
 * k·n + c with no regex reading more than its window unless it is linear by construction.
 */
import fc from 'fast-check';
import type { Work } from '../helpers/work-counter.js';

/**
 * What hostile mail repeats: one character (spaces before a line end, dots, dashes), openers without closers (armor
 * BEGIN without END, `<`, `<!--`, `<script>`, `=?`, `[`, `(`, quotes), separators (`@`, `;`, `=`, `:`, `,`), newline
 * bombs, MIME delimiters, tokens the extraction looks for (CVE ids, CVSS vectors, versions, sign-offs, attributions),
 * and characters whose lower case is longer than they are.
 */
export const UNITS = [
  'a', ' ', ' \t', '\t', '.', '. ', '-', '\n', '\r\n', '\r', '\n\n\n', ' \n', 'x ', '0', '1.', '_', '*', '`', '#', '!', '?', ',', ';', '=', '%', '&', '/', '\\', '"', "'",
  '-----BEGIN PGP MESSAGE-----\n', '-----BEGIN PGP SIGNED MESSAGE-----\n', '-----END PGP SIGNATURE-----', '-----BEGIN PGP ',
  '<', '>', '<<<<', '<a@b.example> ', '@', '@@@@', 'a@', '(', ')', '((((', '[', ']', '[[[[', '[SEC-2026-', '{',
  '=?utf-8?q?', '=?', '?=', '?= ', '=?utf-8?b?QUFB?= ', '=41', '=\r\n', '&#x', '&amp', '<!--', '<script>', '</scriptx>', '<style>', '<p>', '<br', '<blockquote>',
  '\n--b', '--b', '\r\n--b\r\n', '--b--', 'Content-Type: text/plain\r\n', 'a: b\r\n', ' folded\r\n',
  'CVE-2024-', 'CVE-2024-1234 ', 'CWE-79 ', 'CVSS:3.1/AV:N/', 'AV:N/AC:L/', '1.2.3 ', 'v1.', 'version ', '```\n', '~~~\n', '    ', '> ', '1. ', '- ',
  'On Mon, Ada wrote:\n', 'From: ', 'Regards,\n', 'Steps to reproduce:\n', 'http://', 'a.b', 'ıİ', '\u0000', '\u202e', '\ufeff', '\u00a0', 'é',
] as const;

/** A hostile text and how it was made; fast-check prints the recipe, not hundreds of kilobytes, for a counterexample. */
export interface Hostile {
  text: string;
  recipe: string;
}

/** Up to four runs of units, each repeated (most runs are long), glued by a few random characters, cut at `max`. */
export function hostileText(max: number): fc.Arbitrary<Hostile> {
  const run = fc.record({ unit: fc.constantFrom(...UNITS), chars: fc.integer({ min: 1, max }), glue: fc.string({ unit: 'binary', maxLength: 3 }) });
  return fc.array(run, { minLength: 1, maxLength: 4 }).map((runs) => {
    let text = '';
    const recipe: string[] = [];
    for (const r of runs) {
      const room = max - text.length;
      if (room <= 0) break;
      const times = Math.ceil(Math.min(r.chars, room) / r.unit.length);
      text += r.unit.repeat(times) + r.glue;
      recipe.push(`${JSON.stringify(r.unit)}×${times} + ${JSON.stringify(r.glue)}`);
    }
    const recipeText = `${recipe.join(' + ')} (${Math.min(text.length, max)} characters)`;
    return { text: text.slice(0, max), recipe: recipeText, [fc.toStringMethod]: () => recipeText };
  });
}

/** Why a regex may read more than its parser's window and still cost linear time. */
export const LINEAR = {
  oneChar: 'one character or a fixed short sequence, no open quantifier: each start reads a few characters',
  runAlone: 'one quantified class with nothing required after it: it matches at a run start and the scan resumes after the run',
  delimited: 'starts only at its opening token and cannot run past the next one, so each character is read from at most a few starts',
  anchored: 'anchored at the input start (no m flag): one start, and its single quantified class gives back each character once',
  bounded: 'every quantifier is bounded: each start reads a bounded number of characters',
  pinned: 'a lookbehind pins the match to a run start: each run is tried once, from its start',
  split: "split's sticky copy of a short separator: one try per position, a few characters each",
} as const;

export interface Bound {
  /** Characters of work allowed per character of input… */
  k: number;
  /** …plus this constant. */
  c: number;
  /** No regex may be offered more characters than this, unless it is listed in `linear`. */
  window: number;
  /** `/source/flags` → why reading more than the window is still linear. */
  linear?: Readonly<Record<string, string>>;
  /** Why k and c are what they are; shown when the bound breaks. */
  why?: string;
}

const summary = (work: Work) =>
  work.patterns
    .slice(0, 5)
    .map((p) => `${p.pattern.slice(0, 100)} calls=${p.calls} chars=${p.chars} maxInput=${p.maxInput}`)
    .join('\n  ');

/** Throws (with the costliest patterns named) when `work` for an input of `n` characters broke the bound. */
export function assertBounded(label: string, work: Work, n: number, bound: Bound): void {
  const allowed = bound.k * n + bound.c;
  if (work.total > allowed) {
    throw new Error(`${label}: ${work.total} characters of work for ${n} of input (allowed ${bound.k}·n + ${bound.c} = ${allowed}: ${bound.why ?? ''})\n  ${summary(work)}`);
  }
  const over = work.patterns.filter((p) => p.maxInput > bound.window && !(bound.linear && p.pattern in bound.linear));
  if (over.length > 0) {
    throw new Error(`${label}: regexes offered more than the ${bound.window}-character window and not known to be linear:\n  ${over.map((p) => `${p.pattern} (${p.maxInput})`).join('\n  ')}`);
  }
}
