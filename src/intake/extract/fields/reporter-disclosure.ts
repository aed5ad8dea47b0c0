/** @module The date a reporter says they will publish: absolute dates (EN/FR/ISO) or relative ones resolved from the receipt date. */
import type { Field, Language } from '../types.js';
import { language } from './language.js';
import { equalRule } from './score.js';
import { asIs, type FieldDef } from './types.js';

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, janvier: 1, janv: 1, feb: 2, february: 2, février: 2, fevrier: 2, févr: 2, fev: 2, mar: 3, march: 3, mars: 3,
  apr: 4, april: 4, avril: 4, avr: 4, may: 5, mai: 5, jun: 6, june: 6, juin: 6, jul: 7, july: 7, juillet: 7, juil: 7,
  aug: 8, august: 8, août: 8, aout: 8, sep: 9, sept: 9, september: 9, septembre: 9, oct: 10, october: 10, octobre: 10,
  nov: 11, november: 11, novembre: 11, dec: 12, december: 12, décembre: 12, decembre: 12, déc: 12,
};
const MONTH = String.raw`(janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|january|february|march|april|may|june|july|august|september|october|november|december|janv|févr|fev|avr|juil|sept|déc|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\.?`;

/** Words that make a sentence about publishing, not about something else that has a date. */
const PUBLISH =
  /\b(?:publish\w*|disclos\w*|public\w*|release (?:the |my |our )?(?:details|advisory|write-?up|blog|research)|blog\w*|write-?up|talk|conference|present\w*|go(?:ing)? public|full disclosure|embargo|deadline|publi\w*|divulg\w*|rendre public|dévoil\w*)\b/i;

const ABSOLUTE: { re: RegExp; parse: (m: RegExpExecArray, lang: Language) => [number, number, number] | null }[] = [
  { re: /\b(20\d{2})-(\d{1,2})-(\d{1,2})\b/g, parse: (m) => [Number(m[1]), Number(m[2]), Number(m[3])] },
  { re: new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th|er)?(?: of)? ${MONTH},? (20\d{2})\b`, 'gi'), parse: (m) => [Number(m[3]), monthOf(m[2]), Number(m[1])] },
  { re: new RegExp(String.raw`\b${MONTH} (\d{1,2})(?:st|nd|rd|th)?,? (20\d{2})\b`, 'gi'), parse: (m) => [Number(m[3]), monthOf(m[1]), Number(m[2])] },
  {
    re: /\b(\d{1,2})[/.](\d{1,2})[/.](20\d{2})\b/g,
    parse: (m, lang) => {
      const a = Number(m[1]);
      const b = Number(m[2]);
      // Unambiguous when one part exceeds 12; otherwise French is day-first and English month-first.
      const dayFirst = a > 12 ? true : b > 12 ? false : lang === 'fr';
      return dayFirst ? [Number(m[3]), b, a] : [Number(m[3]), a, b];
    },
  },
];
const RELATIVE = /\b(?:in|within|after|dans|sous|d'ici|après|au bout de)\s(\d{1,3}|one|two|three|four|six|eight|ten|twelve|thirty|sixty|ninety|un|une|deux|trois|quatre|six|huit|dix|douze|quinze|trente|soixante|quatre-vingt-dix)\s?(days?|weeks?|months?|jours?|semaines?|mois)\b|\b(\d{1,3})\s?(days?|weeks?|months?|jours?|semaines?|mois)\s(?:from|after|following|à compter|à partir|après)(?![\w\u00C0-\u024F])/gi;
const WORD_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, six: 6, eight: 8, ten: 10, twelve: 12, thirty: 30, sixty: 60, ninety: 90,
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, huit: 8, dix: 10, douze: 12, quinze: 15, trente: 30, soixante: 60, 'quatre-vingt-dix': 90,
};

function monthOf(name: string | undefined): number {
  return MONTHS[(name ?? '').toLowerCase().replace(/\.$/, '')] ?? 0;
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

function valid(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function findReporterDisclosure(text: string, receivedAt: Date, lang: Language): Field<string | null> {
  const candidates: { value: string; at: number; end: number }[] = [];
  for (const { re, parse } of ABSOLUTE) {
    for (const m of text.matchAll(re)) {
      const ymd = parse(m, lang);
      if (!ymd || !valid(...ymd) || !aboutPublishing(text, m.index, m.index + m[0].length)) continue;
      candidates.push({ value: iso(...ymd), at: m.index, end: m.index + m[0].length });
      break;
    }
  }
  // An unknown receipt date (an invalid Date) leaves "in 90 days" unresolved rather than guessed.
  const known = !Number.isNaN(receivedAt.getTime());
  for (const m of known ? text.matchAll(RELATIVE) : []) {
    if (!aboutPublishing(text, m.index, m.index + m[0].length)) continue;
    const n = Number(m[1] ?? m[3]) || WORD_NUMBERS[(m[1] ?? '').toLowerCase()] || 0;
    const unit = (m[2] ?? m[4] ?? '').toLowerCase();
    if (n <= 0) continue;
    const d = new Date(Date.UTC(receivedAt.getUTCFullYear(), receivedAt.getUTCMonth(), receivedAt.getUTCDate()));
    if (/^(?:month|mois)/.test(unit)) d.setUTCMonth(d.getUTCMonth() + n);
    else d.setUTCDate(d.getUTCDate() + n * (/^(?:week|semaine)/.test(unit) ? 7 : 1));
    candidates.push({ value: iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()), at: m.index, end: m.index + m[0].length });
    break;
  }
  candidates.sort((a, b) => a.at - b.at);
  const first = candidates[0];
  return first ? { value: first.value, confidence: 0.7, span: [first.at, first.end] } : { value: null, confidence: 0, span: null };
}

/** The date sits in a sentence about publishing (within 120 characters on either side, same paragraph). */
function aboutPublishing(text: string, at: number, end: number): boolean {
  const before = text.slice(Math.max(0, at - 120), at).split(/\n\s*\n/).at(-1) ?? '';
  const after = text.slice(end, end + 60).split(/\n\s*\n|[.!?](?:\s|$)/)[0] ?? '';
  const clause = before.split(/[.!?](?:\s|$)/).at(-1) ?? '';
  return PUBLISH.test(clause) || PUBLISH.test(after);
}

/** ISO date (YYYY-MM-DD) the reporter says they will publish on. */
export const reporterDisclosure: FieldDef<'reporterDisclosure', string | null, string | null> = {
  key: 'reporterDisclosure',
  // French reports write dates day first.
  extract: (ctx) => findReporterDisclosure(ctx.scan, ctx.input.receivedAt, ctx.field(language).value),
  askLabel: null,
  toJson: asIs,
  score: equalRule<string>(),
};
