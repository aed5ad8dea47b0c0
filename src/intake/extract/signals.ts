/** @module Statements a report makes about the world: CVE ids, a CVE request to MITRE, exploitation in the wild (EN + FR, negations honoured). */
import { mayMatch, type TrigramIndex } from './trigrams.js';
import type { Field } from './types.js';

export function findCves(text: string, max: number): Field<string[]> {
  const ids = new Set<string>();
  let span: [number, number] | null = null;
  for (const m of text.matchAll(/\bCVE[-‑–\s](\d{4})[-‑–](\d{4,7})\b/gi)) {
    span ??= [m.index, m.index + m[0].length];
    ids.add(`CVE-${m[1]}-${m[2]}`);
    if (ids.size >= max) break;
  }
  return { value: [...ids].sort(), confidence: ids.size > 0 ? 0.98 : 0.9, span };
}

/** A negation in the same clause, shortly before the statement ("we have not seen it exploited in the wild"). */
const NEGATION =
  /\b(?:not|no|never|nor|without|neither|unaware|n't|nothing|aucune?|pas|jamais|ni|sans|non)\b|\bn'|\bne\s|\bno evidence|\bnot aware|\bunclear|\bunknown|\bif\b|\bwhether\b|\bcould be\b|\bmay be\b|\bmight be\b|\bpourrait\b|\bsi\b/i;

function negated(text: string, at: number): boolean {
  // The clause before the match: back to the last sentence end, at most 80 characters.
  const before = text.slice(Math.max(0, at - 80), at);
  const clause = before.split(/[.!?;\n]|\bbut\b|\bmais\b/i).at(-1) ?? '';
  return NEGATION.test(clause);
}

const EXPLOITED = [
  /\b(?:actively|currently|already) (?:being )?exploited\b/gi,
  /\bexploited (?:in the wild|actively|by (?:threat actors|attackers|criminals|ransomware))/gi,
  /\b(?:seen|observed|spotted|detected|found|used|abused) (?:being exploited |exploited |used |abused )?in the wild\b/gi,
  /\b(?:in-the-wild|itw) exploitation\b|\bexploitation in the wild\b|\bactive exploitation\b|\bunder active (?:exploitation|attack)\b|\bzero-day (?:attacks?|exploitation) (?:in the wild|ongoing)\b/gi,
  /\bexploitation (?:en cours|active)\b|\b(?:activement|déjà|actuellement) exploitée?s?(?![\w\u00C0-\u024F])|\bexploitée?s? (?:activement|dans la nature|dans le monde réel|par des attaquants)\b|\b(?:observée?s?|vue?s?|constatée?s?|détectée?s?) dans la nature\b|\ben cours d'exploitation\b/gi,
];

/** `trigrams`, when given, covers `text`: a pattern that cannot match in it is not run. */
export function exploitedInTheWild(text: string, trigrams?: TrigramIndex): Field<boolean> {
  for (const re of EXPLOITED) {
    if (!mayMatch(re, trigrams)) continue;
    for (const m of text.matchAll(re)) {
      if (!negated(text, m.index)) return { value: true, confidence: 0.85, span: [m.index, m.index + m[0].length] };
    }
  }
  return { value: false, confidence: 0.5, span: null };
}

const MITRE_NO = [
  /\b(?:have not|haven't|did not|didn't|not yet|not|never|no) (?:yet )?(?:request(?:ed)?|reserved?|appl(?:y|ied) for|ask(?:ed)? for|obtain(?:ed)?|got|contact(?:ed)?|report(?:ed)? (?:this |it )?to|filed?|submit(?:ted)? (?:this |it )?to)\b[^.\n]{0,30}\b(?:cve|mitre)\b/gi,
  /\bno cve\b(?: (?:has been |was )?(?:requested|assigned|reserved|yet|id))?|\bcve (?:id )?(?:has )?not (?:yet )?(?:been )?(?:requested|assigned|reserved)|\b(?:not|never) (?:been )?reported to mitre\b/gi,
  /\b(?:pas|aucun|jamais) (?:encore )?(?:de |d')?(?:demande de )?cve\b|\b(?:n'ai|n'avons|n’ai|n’avons) (?:pas|jamais) (?:encore )?(?:demandé|réservé|contacté|sollicité|signalé)[^.\n]{0,30}\b(?:cve|mitre)\b/gi,
  /\b(?:could|can|would|will) you (?:please )?(?:request|assign|reserve|obtain|get)\b[^.\n]{0,20}\bcve\b|\b(?:please|kindly) (?:request|assign|reserve)\b[^.\n]{0,20}\bcve\b|\b(?:pourriez-vous|pouvez-vous|merci de) (?:demander|attribuer|réserver)[^.\n]{0,20}\bcve\b/gi,
];
const MITRE_YES = [
  /\b(?:i|we|i've|we've|i have|we have|i also|we also|i am|i'm|we are|we're)\s(?:already |also |just )?(?:requested|reserved|applied for|asked for|obtained|filed for|submitted a request for|contacted mitre|reported (?:this |it )?to mitre|requesting|applying for|asking for|reserving)\b[^.\n]{0,30}(?:\bcve\b|\bmitre\b)?/gi,
  /\bcve (?:id )?(?:has been |was |is )?(?:requested|reserved|assigned|pending)\b|\b(?:requested|reserved) (?:a )?cve\b|\bcve request\b|\bmitre (?:has )?(?:assigned|reserved)\b|\breported (?:this |it )?to mitre\b|\bcve-\d{4}-\d{4,7} (?:has been |have been |was |is |got )?(?:reserved|assigned|allocated)\b|\bpending cve\b|\b(?:assigned|reserved|allocated) by mitre\b|\breserved by (?:me|us)\b[^.\n]{0,20}\b(?:mitre|cve)\b/gi,
  /\b(?:j'ai|nous avons|j’ai) (?:déjà |également )?(?:demandé|réservé|obtenu|sollicité|contacté|signalé)[^.\n]{0,40}\b(?:cve|mitre)\b|\bcve (?:a été |est )?(?:demandée?|réservée?|attribuée?)(?![\w\u00C0-\u024F])|\bdemande de cve\b|\bmitre (?:a )?(?:attribué|réservé)(?![\w\u00C0-\u024F])/gi,
];

/** The first refusal is enough: each is looked for once, from the start. */
const MITRE_NO_FIRST = MITRE_NO.map((re) => new RegExp(re.source, re.flags.replace('g', '')));

/** `trigrams`, when given, covers `text`: a pattern that cannot match in it is not run. */
export function reportedToMitre(text: string, trigrams?: TrigramIndex): Field<boolean | null> {
  for (const re of MITRE_NO_FIRST) {
    const m = mayMatch(re, trigrams) ? re.exec(text) : null;
    if (m) return { value: false, confidence: 0.75, span: [m.index, m.index + m[0].length] };
  }
  for (const re of MITRE_YES) {
    if (!mayMatch(re, trigrams)) continue;
    for (const m of text.matchAll(re)) {
      if (/(?:\bcve\b|\bmitre\b)/i.test(m[0]) && !negated(text, m.index)) return { value: true, confidence: 0.8, span: [m.index, m.index + m[0].length] };
    }
  }
  return { value: null, confidence: 0, span: null };
}
