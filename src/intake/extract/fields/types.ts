/** @module What a field is: how extraction finds it, whether the acknowledgement asks for it, how the JSON view shows it, how the corpus scores it. */
import type { Section, SectionKey } from '../sections.js';
import type { Body } from '../text.js';
import type { TrigramIndex } from '../trigrams.js';
import type { ExtractInput, ExtractIssue, ExtractPolicy, Field } from '../types.js';

/** What every field reads: the analysed body (prepared once), and the other fields it builds on. */
export interface ExtractContext {
  input: ExtractInput;
  policy: ExtractPolicy;
  /** The analysed text with quotes blanked; spans point into `body.text`. */
  body: Body;
  /** End of the window free-text heuristics read (`LIMITS.extractScanChars`). */
  scanEnd: number;
  /** `body.text` up to `scanEnd`. */
  scan: string;
  /** The subject, '' when there is none. */
  subject: string;
  /** Pieces of `withSubject(ctx, scan)`, for `mayMatch`: covers the subject, the scan window and its sections. */
  trigrams: TrigramIndex;
  sections: Section[];
  /** The sections with this key, in order. */
  declared(key: SectionKey): Section[];
  /** Another field's result, computed once whatever the order of the list. */
  field<T>(def: FieldBase<string, T, unknown, unknown>): Field<T>;
  /** An analysis several fields share (one pass yields two fields), computed once per extraction. */
  once<T>(analysis: (ctx: ExtractContext) => T): T;
}

/** The parts of a stored report the JSON view may fall back on for reports extracted before a field existed. */
export interface StoredReport {
  subject: string | null;
  reporterName: string | null;
  reporterEmail: string | null;
}

/** How the corpus bench (`bench/extract-score.ts`) compares a field with its label `L` in test/corpus/NNN-*.json. */
export interface ScoreRule<T, L> {
  /** Accuracy the corpus must reach (asserted by test/corpus.test.ts); without one the field is measured, not asserted. */
  threshold?: number;
  correct(actual: T, label: L): boolean;
  /** The label states something (for precision and recall). */
  labelled(label: L): boolean;
  /** The extraction states something. */
  extracted(actual: T): boolean;
  /** What a miss prints as the extracted value; the value itself when absent. */
  shown?(actual: T): unknown;
}

/** `J`: the field's shape in `reports show --json`. */
export interface FieldBase<K extends string, T, L, J = T | null> {
  /** The field's name in `extract()` output, in `reports show --json` and in corpus labels. */
  key: K;
  /** Pure: no I/O, no clock; never throws on odd input. */
  extract(ctx: ExtractContext): Field<T>;
  /** Problems noticed while extracting (e.g. a stated score that does not match the vector). */
  issues?(ctx: ExtractContext): ExtractIssue[];
  /** Its value in `reports show --json`; `value` is null for reports stored before the field existed. */
  toJson(value: T | null, report: StoredReport): J;
  /** null: the corpus does not label it. */
  score: ScoreRule<T, L> | null;
}

/** A field the acknowledgement never asks for. */
export interface FieldDef<K extends string, T, L = never, J = T | null> extends FieldBase<K, T, L, J> {
  askLabel: null;
}

/** A field the seeds' policies ask reporters for: the acknowledgement asks again when it is missing. */
export interface AskedFieldDef<K extends string, T, L = never, J = T | null> extends FieldBase<K, T, L, J> {
  /** The words the acknowledgement's "please send us" list uses for it. */
  askLabel: string;
  isMissing(value: T): boolean;
}

/** Its value as it stands: `toJson` for fields shown as extracted. */
export const asIs = <T>(value: T | null): T | null => value;
