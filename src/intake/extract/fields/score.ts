/** @module Scoring rules fields share for the corpus bench: equal values, sets, lists, and text that must contain the label. */
import type { ScoreRule } from './types.js';

export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
export const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => squash(x) === squash(b[i] as string));
export const sameSet = (a: string[], b: string[]) => sameList([...a].sort(), [...b].sort());

/** A value that is right when equal to its label; a null label says the report states nothing. */
export const equalRule = <T>(threshold?: number): ScoreRule<T | null, T | null> => ({
  ...(threshold === undefined ? {} : { threshold }),
  correct: (actual, label) => actual === label,
  labelled: (label) => label !== null,
  extracted: (actual) => actual !== null,
});

/** A list whose order does not matter (ids). */
export const setRule = (threshold?: number): ScoreRule<string[], string[]> => ({
  ...(threshold === undefined ? {} : { threshold }),
  correct: (actual, label) => sameSet(actual, label),
  labelled: (label) => label.length > 0,
  extracted: (actual) => actual.length > 0,
});

/** Substring fields: the label must occur in the extracted text (white space folded); a null label needs a null extraction. */
export const textRule = (threshold: number): ScoreRule<string | null, string | null> => ({
  threshold,
  correct: (actual, label) => (label === null ? actual === null : actual !== null && squash(actual).includes(squash(label))),
  labelled: (label) => label !== null,
  extracted: (actual) => actual !== null,
});
