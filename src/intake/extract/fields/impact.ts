/** @module Impact: an impact section with a sentence in it, else up to three sentences saying what an attacker gains. */
import { best, clip, fromSection, isCodeAt, NONE, narrativeOf, type NarrativeInput, type Text } from '../narrative.js';
import { anyOf } from '../pattern.js';
import { sentenceAt } from '../text.js';
import { textRule } from './score.js';
import { asIs, type AskedFieldDef } from './types.js';

/** Sentences that say what an attacker gains, by the way reporters phrase it. */
export const IMPACT_PARTS = {
  attackerCan: String.raw`\b(?:attackers?|adversary|adversaries|malicious (?:users?|actors?)|someone|anyone|third part(?:y|ies)|(?:users?|customers?|visitors?|members?|accounts?|tenants?|employees?)(?= (?:with|who|can|could|may))|users? with)\b[^.\n]{0,80}?\b(?:can|could|may|might|is able to|are able to|would be able to|will be able to|gains?|gets?|obtains?)\b`,
  impactIs: String.raw`\bimpact (?:is|would be|includes?)\b|\bl'impact (?:est|serait)\b`,
  grants: String.raw`\b(?:gives?|grants?|yields?|provides?) (?:\w+ ){0,2}(?:code execution|remote code|rce|root|shell|admin\w*|full (?:access|control))\b|\bmakes? (?:a|an|the|any) (?:[\w-]+ )?(?:admin\w*|users?|victims?|owners?)\b`,
  ableTo: String.raw`\b(?:enough|possible|able|used|easy) to (?:phish|steal|hijack|take over|impersonate|exfiltrate|harvest|compromise)\b`,
  consequence: String.raw`\ballow(?:s|ing)?\b[^.\n]{0,60}?\bto\b|\b(?:lead(?:s|ing)?|result(?:s|ing)?) (?:to|in)\b|\b(?:this|it) (?:means|lets|enables|exposes|gives)\b`,
  attaquantPeut: String.raw`\b(?:un |l'|l’|tout |n'importe quel )?attaquants?\b[^.\n]{0,80}?\b(?:peut|peuvent|pourrait|pourraient|est en mesure|parvient)\b`,
  permet: String.raw`\bpermet(?:tant|trait)? (?:à|a|de|d')\b|\b(?:conduit|mène|aboutit) à(?![\w\u00C0-\u024F])|\b(?:cela|ceci) (?:permet|expose|signifie)\b`,
};
const IMPACT_SENTENCE = new RegExp(anyOf(IMPACT_PARTS), 'gi');

export function findImpact(input: NarrativeInput): Text {
  const s = best(input.sections, 'impact');
  if (s && s.text.slice(0, 200).split(/\s+/).length >= 3) return fromSection(s, 0.9);
  // PoC sections often close with a sentence on what the payload achieves, so they are searched too (code lines are not).
  const exclude = input.sections.filter((x) => x.key === 'fix' || x.key === 'references' || x.key === 'credit' || x.key === 'disclosure');
  const text = input.body.text.slice(0, input.scanEnd);
  const found: [number, number][] = [];
  for (const m of text.matchAll(IMPACT_SENTENCE)) {
    if (exclude.some((x) => m.index >= x.start && m.index < x.end) || isCodeAt(input.body, m.index)) continue;
    const [a, b] = sentenceAt(text, m.index, m.index + m[0].length);
    if (found.some(([x, y]) => a < y && b > x)) continue;
    found.push([a, b]);
    if (found.length >= 3) break;
  }
  if (found.length === 0) return s ? fromSection(s, 0.5) : NONE;
  const value = found.map(([a, b]) => text.slice(a, b)).join(' ');
  return { value: clip(value), confidence: 0.55, span: found[0] ?? null };
}

export const impact: AskedFieldDef<'impact', string | null, string | null> = {
  key: 'impact',
  extract: (ctx) => findImpact(narrativeOf(ctx)),
  askLabel: 'the impact: what an attacker gains',
  isMissing: (value) => value === null,
  toJson: asIs,
  score: textRule(0.8),
};
