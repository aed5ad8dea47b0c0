/** @module Report language, English or French, from function words: robust on short text, untouched by code and product names. */
import { LIMITS } from '../../../limits.js';
import type { Body } from '../text.js';
import type { Field, Language } from '../types.js';
import { asIs, type FieldDef } from './types.js';

/** Frequent words that are rare in the other language (so "a", "on", "de" are left out: both use them). */
const EN = new Set(
  'the and is are was were to of in that this with for it be an can you we have has not but by from which will would could should there their they what when this these those been being into only also how my your our if just than then i about after before'.split(' '),
);
const FR = new Set(
  "le la les des est sont une un du dans que qui pour avec pas par sur ce cette ces être été avons vous nous mais ou où aux leur leurs je il elle ils on peut faire fait très plus aussi comme sans tout tous toutes été était votre notre si lors après avant entre donc car déjà mon ma mes son sa ses".split(' '),
);

/** Longer words cannot be in either list, so they are never looked up. */
const LONGEST = Math.max(...[...EN, ...FR].map((w) => w.length));
const WORD = /[\p{L}'’]{1,20}/gu;
const ACCENT = /[àâçéèêëîïôûùœ]/;
const apostrophe = (c: number) => c === 0x27 || c === 0x2019;
const ELIDING = new Set(['l', 'd', 'j', 'n', 's', 'c']);

/** Length of an elided article or pronoun (l', d', j', n', s', c', qu') the lower-cased word starts with, 0 if none. */
function elision(w: string): number {
  if (apostrophe(w.charCodeAt(1)) && ELIDING.has(w[0] as string)) return 2;
  return w.startsWith('qu') && apostrophe(w.charCodeAt(2)) ? 3 : 0;
}

export function detectLanguage(text: string): Field<Language> {
  let en = 0;
  let fr = 0;
  // Accented letters are not ASCII, and lower-casing ASCII stays ASCII: an ASCII text needs no accent test per word.
  const accents = /[^\x00-\x7f]/.test(text);
  const count = (word: string) => {
    const raw = word.toLowerCase();
    // Elided articles and pronouns (l', d', qu') are French; the word after them still counts.
    const cut = elision(raw);
    if (cut > 0) fr++;
    const w = cut > 0 ? raw.slice(cut) : raw;
    if (w.length <= LONGEST) {
      if (EN.has(w)) en++;
      else if (FR.has(w)) fr++;
    }
    if (ACCENT.test(w)) fr += 0.5;
  };
  if (accents) for (const word of text.match(WORD) ?? []) count(word);
  else {
    // An ASCII text: each word is read in place, as its code, with no string made for it.
    asciiWords(text, (start, end) => {
      const cut = asciiElision(text, start);
      if (cut > 0) fr++;
      if (end - start - cut > LONGEST) return;
      const code = asciiCode(text, start + cut, end);
      if (EN_CODES.has(code)) en++;
      else if (FR_CODES.has(code)) fr++;
    });
  }
  const total = en + fr;
  if (total === 0) return { value: 'en', confidence: 0.2, span: null };
  const value: Language = fr > en ? 'fr' : 'en';
  const margin = Math.abs(en - fr) / total;
  return { value, confidence: Math.min(0.99, 0.5 + margin / 2 + Math.min(total, 40) / 200), span: null };
}

/** `elision(word.toLowerCase())` for the word at `start` of an ASCII text (what follows a word is never an apostrophe). */
function asciiElision(text: string, start: number): number {
  const first = text.charCodeAt(start) | 32;
  if (text.charCodeAt(start + 1) === 0x27 && ELIDING.has(String.fromCharCode(first))) return 2;
  return first === 0x71 && (text.charCodeAt(start + 1) | 32) === 0x75 && text.charCodeAt(start + 2) === 0x27 ? 3 : 0;
}

/** A lower-cased ASCII word as a number, one base-27 digit per letter (so no two words share one); -1 with an apostrophe, which no listed word has. */
function asciiCode(text: string, start: number, end: number): number {
  let code = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x27) return -1;
    code = code * 27 + ((c | 32) - 96);
  }
  return code;
}
const codesOf = (words: Set<string>) => new Set([...words].filter((w) => /^[a-z]+$/.test(w)).map((w) => asciiCode(w, 0, w.length)));
const EN_CODES = codesOf(EN);
const FR_CODES = codesOf(FR);

/** The words `text.match(WORD)` yields on an ASCII text (runs of letters and apostrophes, cut every 20), as offsets. */
function asciiWords(text: string, visit: (start: number, end: number) => void): void {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    const inWord = c === 0x27 || ((c | 32) >= 97 && (c | 32) <= 122);
    if (!inWord) {
      if (start >= 0) visit(start, i);
      start = -1;
    } else if (start < 0) start = i;
    else if (i - start === 20) {
      visit(start, i);
      start = i;
    }
  }
}

/** Text outside code blocks: code is English whatever the report's language. */
function prose(body: Body, scanEnd: number): string {
  let out = '';
  for (const l of body.lines) {
    if (l.start >= scanEnd || out.length > LIMITS.extractLanguageChars) break;
    if (!l.code && !l.blank) out += `${l.text}\n`;
  }
  return out;
}

export const language: FieldDef<'language', Language, Language> = {
  key: 'language',
  extract: (ctx) => detectLanguage(prose(ctx.body, ctx.scanEnd)),
  askLabel: null,
  toJson: asIs,
  score: {
    threshold: 0.9,
    correct: (actual, label) => actual === label,
    labelled: () => true,
    extracted: () => true,
  },
};
