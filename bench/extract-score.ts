/** @module Extraction corpus: loading test/corpus cases as the pipeline would see them, and scoring one extraction against its labels, per field. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unwrap } from '../src/crypto/unwrap.js';
import type { Keyring } from '../src/crypto/keyring.js';
import { FIELDS as ALL_FIELDS, type Labels, type ScoredField } from '../src/intake/extract/fields/index.js';
import type { ScoreRule } from '../src/intake/extract/fields/types.js';
import { extract } from '../src/intake/extract/index.js';
import type { ExtractInput, Extraction } from '../src/intake/extract/index.js';
import { LIMITS } from '../src/limits.js';
import { parseAddress } from '../src/mail/address.js';
import { topHeaders } from '../src/mail/mime.js';

/** The labels of one case (`expected` in test/corpus/NNN-*.json): one per scored field, shaped by its scoring rule. */
export type Expected = Labels;

export interface CorpusCase {
  name: string;
  input: ExtractInput;
  expected: Expected;
}

export type { ScoredField };

type Scored = Extract<(typeof ALL_FIELDS)[number], { key: ScoredField }>;
const scored = (f: (typeof ALL_FIELDS)[number]): f is Scored => f.score !== null;

/** The fields the corpus labels, in the order of the field list. */
export const FIELDS: ScoredField[] = ALL_FIELDS.filter(scored).map((f) => f.key);

/** Accuracy each field must reach over the corpus: the thresholds of the fields' scoring rules. */
export const THRESHOLDS: Partial<Record<ScoredField, number>> = Object.fromEntries(
  ALL_FIELDS.filter(scored).flatMap((f) => (f.score?.threshold === undefined ? [] : [[f.key, f.score.threshold]])),
);

export interface FieldResult {
  field: ScoredField;
  correct: boolean;
  /** The label has a value (non-null, non-empty, true for exploitedInTheWild). */
  expectedPositive: boolean;
  extractedPositive: boolean;
  expected: unknown;
  actual: unknown;
}

/** Compares one extraction with its labels, field by field, by each field's scoring rule. */
export function scoreCase(x: Extraction, e: Expected): FieldResult[] {
  return ALL_FIELDS.filter(scored).map((f) => {
    const rule = f.score as ScoreRule<unknown, unknown>;
    const actual = x[f.key].value;
    const label = e[f.key];
    return {
      field: f.key,
      correct: rule.correct(actual, label),
      expectedPositive: rule.labelled(label),
      extractedPositive: rule.extracted(actual),
      expected: label,
      actual: rule.shown ? rule.shown(actual) : actual,
    };
  });
}

export interface FieldStats {
  n: number;
  correct: number;
  accuracy: number;
  /** Correct values among the values extracted (null when nothing was extracted). */
  precision: number | null;
  /** Correct values among the values labelled (null when nothing was labelled). */
  recall: number | null;
}

export function aggregate(cases: FieldResult[][]): Record<ScoredField, FieldStats> {
  const out = {} as Record<ScoredField, FieldStats>;
  for (const field of FIELDS) {
    const rows = cases.map((c) => c.find((r) => r.field === field)).filter((r): r is FieldResult => r !== undefined);
    const tp = rows.filter((r) => r.correct && r.extractedPositive && r.expectedPositive).length;
    const extracted = rows.filter((r) => r.extractedPositive).length;
    const labelled = rows.filter((r) => r.expectedPositive).length;
    const correct = rows.filter((r) => r.correct).length;
    const round = (v: number) => Math.round(v * 1000) / 1000;
    out[field] = {
      n: rows.length,
      correct,
      accuracy: rows.length === 0 ? 0 : round(correct / rows.length),
      precision: extracted === 0 ? null : round(tp / extracted),
      recall: labelled === 0 ? null : round(tp / labelled),
    };
  }
  return out;
}

/** A keyring with no keys: corpus mail is cleartext, so unwrap only parses MIME, exactly as the pipeline does. */
const NO_KEYS: Keyring = { keys: [], current: null, forKeyIds: () => [] };

/**
 * Every labelled case in `dir`, as ExtractInput. `.eml` cases go through unwrap (the pipeline's MIME path) and take
 * their receipt time from the Date header; `.txt` cases have no date, so relative dates in them stay unresolved.
 */
export async function loadCorpus(dir: string): Promise<CorpusCase[]> {
  const files = readdirSync(dir);
  const cases: CorpusCase[] = [];
  for (const json of files.filter((f) => /^\d{3}-.*\.json$/.test(f)).sort()) {
    const stem = json.slice(0, -'.json'.length);
    const label = JSON.parse(readFileSync(join(dir, json), 'utf8')) as { subject?: string; from?: string; attachments?: string[]; date?: string; expected: Expected };
    if (files.includes(`${stem}.eml`)) {
      const raw = readFileSync(join(dir, `${stem}.eml`));
      const r = await unwrap(raw, { keyring: NO_KEYS, limits: { maxMessageBytes: LIMITS.maxMessageBytes, maxDecompressedBytes: LIMITS.maxDecompressedBytes, maxMimeDepth: LIMITS.maxMimeDepth, maxMimeParts: LIMITS.maxMimeParts }, knownKeys: [], from: null });
      if (!r.ok) throw new Error(`${stem}.eml: ${r.issue.message}`);
      const headers = topHeaders(raw);
      cases.push({
        name: stem,
        input: {
          subject: r.value.subject,
          text: r.value.text,
          html: r.value.html,
          from: parseAddress(headers.get('from')?.[0]),
          attachments: r.value.attachments.map((a) => ({ name: a.name, contentType: a.contentType, size: a.content.length })),
          receivedAt: new Date(headers.get('date')?.[0] ?? Number.NaN),
        },
        expected: label.expected,
      });
    } else if (files.includes(`${stem}.txt`)) {
      cases.push({
        name: stem,
        input: {
          subject: label.subject ?? null,
          text: readFileSync(join(dir, `${stem}.txt`), 'utf8'),
          html: null,
          from: parseAddress(label.from),
          attachments: (label.attachments ?? []).map((name) => ({ name, contentType: 'application/octet-stream', size: 0 })),
          receivedAt: new Date(label.date ?? Number.NaN),
        },
        expected: label.expected,
      });
    }
  }
  return cases;
}

/** Extracts and scores every case (an empty policy: labels do not depend on it). */
export function runCorpus(cases: CorpusCase[]): { name: string; results: FieldResult[] }[] {
  return cases.map((c) => ({ name: c.name, results: scoreCase(extract(c.input, { supportedVersions: {} }), c.expected) }));
}
