/** @module Finds a CVSS vector and any score the reporter wrote; the score is always recomputed from the vector. */
import { LIMITS } from '../../limits.js';
import { scoreCvss3 } from './cvss31.js';
import { scoreCvss4 } from './cvss40.js';
import type { Cvss, ExtractIssue, Field, Severity } from './types.js';

/** CVSS v3.1 / v4.0 §5 qualitative rating scale (identical in both). */
export function severityOf(score: number): Severity {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

/** A vector: with its `CVSS:x.y/` prefix, or a bare v3 base vector (`AV:N/AC:L/…/A:H`) as many reporters paste it. */
const PREFIXED = /CVSS:\s?([34]\.[01])\s?\/([A-Za-z]{1,3}:[A-Za-z]{1,5}(?:\/[A-Za-z]{1,3}:[A-Za-z]{1,5}){0,39})/g;
const BARE3 = /\bAV:[NALP]\/AC:[LH]\/(?:PR:[NLH]\/UI:[NR]\/S:[UC]\/C:[NLH]\/I:[NLH]\/A:[NLH]|AT:[NP]\/PR:[NLH]\/UI:[NPA]\/VC:[NLH]\/VI:[NLH]\/VA:[NLH]\/SC:[NLH]\/SI:[NLH]\/SA:[NLH])\b/g;

export interface CvssFinding {
  cvss: Field<Cvss | null>;
  reporterScore: Field<number | null>;
  issues: ExtractIssue[];
}

export function scoreVector(vector: string): { ok: true; cvss: Cvss } | { ok: false; reason: string } {
  const r = /^CVSS:4\.0\//i.test(vector) ? scoreCvss4(vector) : scoreCvss3(vector);
  if (!r.ok) return r;
  const version = /^CVSS:(\d\.\d)/i.exec(r.vector)?.[1] as Cvss['version'];
  return { ok: true, cvss: { version, vector: r.vector, score: r.score, severity: severityOf(r.score) } };
}

export function findCvss(text: string): CvssFinding {
  const issues: ExtractIssue[] = [];
  let found: { cvss: Cvss; span: [number, number] } | null = null;
  const candidates: { vector: string; index: number; length: number }[] = [];
  for (const m of text.matchAll(PREFIXED)) {
    candidates.push({ vector: `CVSS:${m[1]}/${m[2] as string}`, index: m.index, length: m[0].length });
    if (candidates.length >= LIMITS.extractCvssCandidates) break;
  }
  if (candidates.length === 0) {
    for (const m of text.matchAll(BARE3)) {
      const v4 = m[0].includes('/AT:');
      candidates.push({ vector: `CVSS:${v4 ? '4.0' : '3.1'}/${m[0]}`, index: m.index, length: m[0].length });
      if (candidates.length >= LIMITS.extractCvssCandidates) break;
    }
  }
  for (const c of candidates) {
    const r = scoreVector(c.vector);
    if (r.ok) {
      found = { cvss: r.cvss, span: [c.index, c.index + c.length] };
      break;
    }
    if (issues.length < LIMITS.extractCvssIssues) issues.push({ code: 'cvss-invalid-vector', message: `CVSS vector "${c.vector}" is not valid: ${r.reason}`, vector: c.vector });
  }
  if (found) issues.length = 0;
  const stated = statedScore(text, found?.span ?? null);
  if (found && stated && Math.abs(stated.value - found.cvss.score) >= 0.05) {
    issues.push({
      code: 'cvss-score-mismatch',
      message: `the report states a CVSS score of ${stated.value}, the vector ${found.cvss.vector} scores ${found.cvss.score}`,
      stated: stated.value,
      computed: found.cvss.score,
    });
  }
  return {
    cvss: found ? { value: found.cvss, confidence: 0.95, span: found.span } : { value: null, confidence: 0, span: null },
    reporterScore: stated ? { value: stated.value, confidence: stated.near ? 0.8 : 0.6, span: stated.span } : { value: null, confidence: 0, span: null },
    issues,
  };
}

/**
 * A number 0..10 the reporter gives as a score: right after the vector ("…/A:H (9.8)"), or after
 * "CVSS"/"score"/"base score"/"note" within a short distance. French writes the decimal with a comma.
 */
function statedScore(text: string, vectorSpan: [number, number] | null): { value: number; span: [number, number]; near: boolean } | null {
  const num = /(?<![\d.,/])(10(?:[.,]0)?|\d[.,]\d)(?![\d%]|[.,]\d|\/[A-Za-z])/y;
  if (vectorSpan) {
    const after = text.slice(vectorSpan[1], vectorSpan[1] + 40);
    const m = /^\s{0,3}[)\]]?\s{0,3}(?:[-–—:=,(|]\s{0,3}){0,2}(?:(?:score|base score|note)\s{0,3}[:=]?\s{0,3})?(10(?:[.,]0)?|\d[.,]\d)(?![\d%]|[.,]\d|\/[A-Za-z])/i.exec(after);
    if (m) {
      const at = vectorSpan[1] + m[0].length - (m[1] as string).length;
      return { value: toScore(m[1] as string), span: [at, at + (m[1] as string).length], near: true };
    }
  }
  const label = /\b(?:cvss(?:\s?v?[34](?:\.[01])?)?(?:\s(?:base\s)?score)?|base\sscore|severity\sscore|score\scvss(?:\s?v?[34](?:\.[01])?)?|score|note\scvss)\s{0,3}(?:\(v?[34](?:\.[01])?\))?\s{0,3}(?:[:=]|of|is|de|:\s?)?\s{0,3}/gi;
  for (const m of text.matchAll(label)) {
    num.lastIndex = m.index + m[0].length;
    const n = num.exec(text);
    if (n) {
      const value = toScore(n[1] as string);
      if (value >= 0 && value <= 10) return { value, span: [n.index, n.index + (n[1] as string).length], near: false };
    }
  }
  return null;
}

const toScore = (s: string) => Number(s.replace(',', '.'));
