/** @module Extraction corpus: loading test/corpus cases as the pipeline would see them, and scoring one extraction against its labels, per field. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unwrap } from '../src/crypto/unwrap.js';
import type { Keyring } from '../src/crypto/keyring.js';
import { extract } from '../src/intake/extract/index.js';
import type { ExtractInput, Extraction } from '../src/intake/extract/index.js';
import { LIMITS } from '../src/limits.js';
import { parseAddress } from '../src/mail/address.js';
import { topHeaders } from '../src/mail/mime.js';

export interface Expected {
  language: 'en' | 'fr';
  product: string | null;
  affectedVersions: string[];
  vulnerabilityType: string;
  cwe: string[];
  cvss: { version: string; vector: string; score: number; severity: string } | null;
  cves: string[];
  reportedToMitre: boolean | null;
  exploitedInTheWild: boolean;
  reporter: { name: string | null; email: string | null };
  creditWanted: boolean | null;
  steps: string | null;
  poc: string | null;
  impact: string | null;
  reporterDisclosure: string | null;
}

export interface CorpusCase {
  name: string;
  input: ExtractInput;
  expected: Expected;
}

export const FIELDS = [
  'language', 'product', 'affectedVersions', 'vulnerabilityType', 'cwe', 'cvss', 'cves', 'reportedToMitre',
  'exploitedInTheWild', 'reporter', 'creditWanted', 'steps', 'poc', 'impact', 'reporterDisclosure',
] as const;
export type ScoredField = (typeof FIELDS)[number];

/** Accuracy each field must reach over the corpus (the brief for src/intake/extract). */
export const THRESHOLDS: Partial<Record<ScoredField, number>> = {
  vulnerabilityType: 0.9, affectedVersions: 0.9, cvss: 0.9, cves: 0.9, exploitedInTheWild: 0.9, reporter: 0.9, language: 0.9,
  steps: 0.8, poc: 0.8, impact: 0.8,
};

export interface FieldResult {
  field: ScoredField;
  correct: boolean;
  /** The label has a value (non-null, non-empty, true for exploitedInTheWild). */
  expectedPositive: boolean;
  extractedPositive: boolean;
  expected: unknown;
  actual: unknown;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const nameKey = (s: string | null) => (s === null ? null : squash(s).toLowerCase());
const productKey = (s: string | null) => (s === null ? null : s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ''));
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => squash(x) === squash(b[i] as string));
const sameSet = (a: string[], b: string[]) => sameList([...a].sort(), [...b].sort());
const vectorKey = (v: string) => v.replace(/\s+/g, '').toUpperCase();

/** Substring fields: the label must occur in the extracted text (white space folded); a null label needs a null extraction. */
function contains(actual: string | null, expected: string | null): boolean {
  if (expected === null) return actual === null;
  return actual !== null && squash(actual).includes(squash(expected));
}

/** Compares one extraction with its labels, field by field. */
export function scoreCase(x: Extraction, e: Expected): FieldResult[] {
  const r = (field: ScoredField, correct: boolean, expectedPositive: boolean, extractedPositive: boolean, expected: unknown, actual: unknown): FieldResult => ({
    field, correct, expectedPositive, extractedPositive, expected, actual,
  });
  const cvss = x.cvss.value;
  const cvssOk = e.cvss === null
    ? cvss === null
    : cvss !== null && cvss.version === e.cvss.version && vectorKey(cvss.vector) === vectorKey(e.cvss.vector) && cvss.score === e.cvss.score && cvss.severity === e.cvss.severity;
  const reporter = x.reporter.value;
  const reporterOk = nameKey(reporter.name) === nameKey(e.reporter.name) && (reporter.email?.toLowerCase() ?? null) === (e.reporter.email?.toLowerCase() ?? null);
  // "other" means "not in the vocabulary"; an extraction that recognised no type says the same.
  const typeOk = x.vulnerabilityType.value === e.vulnerabilityType || (e.vulnerabilityType === 'other' && x.vulnerabilityType.value === null);
  return [
    r('language', x.language.value === e.language, true, true, e.language, x.language.value),
    r('product', productKey(x.product.value) === productKey(e.product), e.product !== null, x.product.value !== null, e.product, x.product.value),
    r('affectedVersions', sameList(x.affectedVersions.value, e.affectedVersions), e.affectedVersions.length > 0, x.affectedVersions.value.length > 0, e.affectedVersions, x.affectedVersions.value),
    r('vulnerabilityType', typeOk, e.vulnerabilityType !== 'other', x.vulnerabilityType.value !== null && x.vulnerabilityType.value !== 'other', e.vulnerabilityType, x.vulnerabilityType.value),
    r('cwe', sameSet(x.cwe.value, e.cwe), e.cwe.length > 0, x.cwe.value.length > 0, e.cwe, x.cwe.value),
    r('cvss', cvssOk, e.cvss !== null, cvss !== null, e.cvss, cvss),
    r('cves', sameSet(x.cves.value, e.cves), e.cves.length > 0, x.cves.value.length > 0, e.cves, x.cves.value),
    r('reportedToMitre', x.reportedToMitre.value === e.reportedToMitre, e.reportedToMitre !== null, x.reportedToMitre.value !== null, e.reportedToMitre, x.reportedToMitre.value),
    r('exploitedInTheWild', x.exploitedInTheWild.value === e.exploitedInTheWild, e.exploitedInTheWild, x.exploitedInTheWild.value, e.exploitedInTheWild, x.exploitedInTheWild.value),
    r('reporter', reporterOk, e.reporter.name !== null || e.reporter.email !== null, reporter.name !== null || reporter.email !== null, e.reporter, { name: reporter.name, email: reporter.email }),
    r('creditWanted', x.creditWanted.value === e.creditWanted, e.creditWanted !== null, x.creditWanted.value !== null, e.creditWanted, x.creditWanted.value),
    r('steps', contains(x.steps.value, e.steps), e.steps !== null, x.steps.value !== null, e.steps, x.steps.value),
    r('poc', contains(x.poc.value, e.poc), e.poc !== null, x.poc.value !== null, e.poc, x.poc.value),
    r('impact', contains(x.impact.value, e.impact), e.impact !== null, x.impact.value !== null, e.impact, x.impact.value),
    r('reporterDisclosure', x.reporterDisclosure.value === e.reporterDisclosure, e.reporterDisclosure !== null, x.reporterDisclosure.value !== null, e.reporterDisclosure, x.reporterDisclosure.value),
  ];
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
