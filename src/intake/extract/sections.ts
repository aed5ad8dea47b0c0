/** @module Report sections: headings in the shapes reporters use (Markdown, bold, "Key:", numbered, underlined, bug-bounty templates), EN and FR. */
import type { Body, Line } from './text.js';
import { anyOf } from './pattern.js';
import { CLOSING, trimSpan } from './text.js';

export type SectionKey =
  | 'summary' | 'product' | 'versions' | 'type' | 'config' | 'steps' | 'poc' | 'impact' | 'cvss'
  | 'fix' | 'references' | 'credit' | 'disclosure' | 'cve' | 'environment' | 'other';

export interface Section {
  key: SectionKey;
  heading: string;
  /** Content span in the body (inline value after "Key:" included), trimmed. */
  start: number;
  end: number;
  text: string;
  /** The content started on the heading line itself ("Impact: attacker can …"). */
  inline: boolean;
}

/**
 * Heading words per section key, as named parts, tested on the lower-cased heading without markup, numbering or
 * trailing colon. Keys are tried in this order and the first whole match wins ("tested on" is a versions heading,
 * not an environment one).
 */
export const HEADING_WORDS: Readonly<Record<Exclude<SectionKey, 'other'>, Readonly<Record<string, string>>>> = {
  steps: {
    stepsTo: String.raw`(?:detailed |reproduction |repro )?steps?(?: (?:to|for) (?:reproduce|reproduction|replicate|repro))?(?: the (?:issue|vulnerability|bug))?`,
    howTo: String.raw`(?:how|way) to (?:reproduce|replicate|trigger)(?: (?:it|the (?:issue|vulnerability|bug)))?`,
    reproduction: String.raw`reproduction(?: steps| instructions)?|repro(?:duce)?|to reproduce`,
    french: String.raw`(?:é|e)tapes?(?: (?:de|pour) (?:reproduction|reproduire)(?: la (?:vulnérabilité|faille))?)?|comment reproduire|pour reproduire|reproduire|mode opératoire|scénario de reproduction`,
    usage: String.raw`exploitation|exploitation steps|walkthrough|usage|how to use|utilisation`,
  },
  poc: {
    proofOfConcept: String.raw`proof[ -]of[ -]concept(?: \(poc\))?(?: code| exploit| request| script)?|poc(?: code| request| script| exploit)?`,
    exploit: String.raw`exploit(?: code| script)?|payloads?`,
    request: String.raw`(?:sample |example |http |malicious |raw )?requests?`,
    french: String.raw`preuve de concept(?: \(poc\))?|code d'exploitation|charge utile|requête(?: http)?(?: malveillante)?`,
  },
  impact: {
    impact: String.raw`(?:security |business |potential |possible |demonstrated |real[- ]world )?impacts?(?: assessment| analysis)?`,
    consequences: String.raw`consequences?|risks?|attack scenarios?|what (?:can )?an attacker (?:can )?(?:do|achieve)`,
    french: String.raw`conséquences?|risques?|impacts? (?:potentiels?|sur la sécurité)|scénario d'attaque`,
  },
  summary: {
    summary: String.raw`(?:executive |short |vulnerability |issue )?summary|overview`,
    description: String.raw`(?:vulnerability |issue |bug |short )?description(?: of the (?:issue|vulnerability))?|(?:vulnerability |technical )?details`,
    theIssue: String.raw`the (?:issue|problem|vulnerability)|issue|problem|tl;?dr`,
    french: String.raw`résumé|aperçu|synthèse|description (?:de la |du )?(?:vulnérabilité|faille|problème)|détails(?: techniques)?|contexte`,
    background: String.raw`context|background|introduction|root cause(?: analysis)?|analysis|analyse|cause`,
  },
  product: {
    product: String.raw`(?:affected |vulnerable |target )?(?:products?|software|applications?|components?|assets?|targets?|projects?|services?|systems?)(?: affected)?`,
    french: String.raw`produits?(?: (?:concernés?|affectés?|vulnérables?))?|logiciels?(?: concernés?)?|composants?(?: concernés?)?|cibles?|application(?: concernée)?`,
    scope: String.raw`scope|in scope|périmètre`,
  },
  versions: {
    versions: String.raw`(?:affected |vulnerable |tested |impacted )?versions?(?: (?:affected|tested|impacted))?|tested (?:on|against|with)`,
    french: String.raw`versions? (?:affectées?|concernées?|vulnérables?|testées?)`,
    affects: String.raw`(?:affected )?releases?|affected|affects|concerne|versions? concernées?`,
  },
  type: {
    typeOf: String.raw`(?:vulnerability|weakness|bug|issue|vuln) (?:type|class|category)|type(?: of (?:vulnerability|issue|bug))?`,
    weakness: String.raw`weakness(?:es)?|category|class|vulnerability`,
    french: String.raw`vulnérabilité|faille|type de (?:vulnérabilité|faille)|catégorie|classe`,
    cwe: String.raw`cwe(?: id)?|weakness \(cwe\)`,
  },
  config: {
    configuration: String.raw`(?:special |required |specific |non-default )?(?:configuration|config|setup)(?: (?:required|needed))?`,
    prerequisites: String.raw`prerequisites?|pre-requisites?|preconditions?|requirements?|conditions?|assumptions?`,
    french: String.raw`configuration (?:requise|particulière|spéciale|nécessaire)|prérequis|pré-requis|conditions? préalables?`,
  },
  cvss: {
    cvss: String.raw`cvss(?: ?v?[34](?:\.[01])?)?(?: (?:score|vector|base score|rating))*`,
    severity: String.raw`severity(?: (?:rating|assessment|score))?|(?:base )?score`,
    french: String.raw`sévérité|gravité|criticité|score cvss|vecteur cvss`,
  },
  fix: {
    fix: String.raw`(?:suggested |recommended |possible |proposed )?(?:fix(?:es)?|remediations?|mitigations?|recommendations?|solutions?|patch|workarounds?)|how to fix`,
    french: String.raw`correction|correctifs?|remédiation|recommandations?|contre-mesures?|solution proposée|mesures correctives`,
  },
  references: {
    links: String.raw`references?|références?|links?|liens?|resources?|see also|ressources`,
  },
  credit: {
    credit: String.raw`credits?|crédits?|acknowledge?ments?|attribution`,
    finder: String.raw`reporter|researcher|found by|discovered by|contact(?: information| details)?|about me`,
    french: String.raw`remerciements|chercheur|auteur|découvert par`,
  },
  disclosure: {
    disclosure: String.raw`(?:coordinated |public |responsible )?disclosure(?: (?:timeline|policy|date|plan))?|timeline`,
    french: String.raw`divulgation(?: coordonnée| publique)?|publication|calendrier(?: de divulgation)?`,
  },
  cve: {
    ids: String.raw`cves?(?: ids?| identifiers?| requests?)?|cve (?:demandé|id)`,
  },
  environment: {
    environment: String.raw`(?:test(?:ing)? |tested )?environment|environnement(?: de test)?|setup used|tested on|platform|browser|os`,
    results: String.raw`expected (?:result|behaviou?r)|actual (?:result|behaviou?r)|observed (?:result|behaviou?r)|résultat (?:attendu|obtenu|observé)`,
    notes: String.raw`notes?|additional (?:information|notes|details|context)|attachments?|pièces? jointes?|informations? complémentaires?`,
  },
};

/** A whole heading made of one of the parts. */
export const wholeHeading = (parts: Readonly<Record<string, string>>) => new RegExp(`^(?:${anyOf(parts)})$`);

const HEADING_KEYS = Object.keys(HEADING_WORDS) as SectionKey[];
/**
 * Every key's whole heading in one pattern, one group per key in order: an anchored alternation tries its branches in
 * order, so the first key whose words match the whole heading wins, as when each is tried alone, in one call instead
 * of fifteen (the parts have no groups of their own).
 */
const HEADINGS = new RegExp(`^(?:${Object.values(HEADING_WORDS).map((parts) => `(${anyOf(parts)})`).join('|')})$`);

export function headingKey(heading: string): SectionKey | null {
  const h = normaliseHeading(heading);
  if (h.length === 0 || h.length > 60) return null;
  const m = HEADINGS.exec(h);
  if (!m) return null;
  const group = m.findIndex((g, i) => i > 0 && g !== undefined);
  return HEADING_KEYS[group - 1] ?? null;
}

function normaliseHeading(s: string): string {
  return s
    .toLowerCase()
    .replace(/[*_`#[\]=]/g, '')
    .replace(/^\s*(?:\d{1,2}|[ivx]{1,4}|[a-h])[.)]\s+/, '')
    .replace(/\s*[:：]\s*$/, '')
    .replace(/\s*\([^)]{0,60}\)$/, '')
    .replace(/[’]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

interface Heading {
  line: number;
  key: SectionKey;
  heading: string;
  /** Offset where content starts on the heading line (inline value), or -1. */
  inlineAt: number;
}

/** Sections of the body up to `scanEnd`: later headings are not looked for, and content is cut there. */
export function findSections(body: Body, scanEnd = body.text.length): Section[] {
  const all = body.lines;
  let count = 0;
  while (count < all.length && (all[count] as Line).start < scanEnd) count++;
  const lines = all.slice(0, count);
  const headings: Heading[] = [];
  for (let i = 0; i < lines.length; i++) {
    const h = headingAt(lines, i);
    if (h) {
      headings.push(h);
      // A setext underline belongs to the heading.
      if (isUnderline(lines[i + 1])) i++;
    }
  }
  const sections: Section[] = [];
  for (let n = 0; n < headings.length; n++) {
    const h = headings[n] as Heading;
    const line = lines[h.line] as Line;
    const contentStart = h.inlineAt >= 0 ? h.inlineAt : (isUnderline(lines[h.line + 1]) ? (lines[h.line + 1] as Line).end : line.end);
    const next = headings[n + 1];
    const contentEnd = Math.min(
      next ? (lines[next.line] as Line).start : scanEnd,
      scanEnd,
      signOff(lines, h.line + 1, next?.line ?? lines.length),
      // "Payload: <img …>" holds a value, not a chapter: it ends with its paragraph.
      h.inlineAt >= 0 ? paragraphEnd(lines, h.line, next?.line ?? lines.length) : Number.MAX_SAFE_INTEGER,
    );
    const [start, end] = trimSpan(body.text, contentStart, Math.max(contentStart, contentEnd));
    if (h.key === 'other' && start === end) continue;
    sections.push({ key: h.key, heading: h.heading, start, end, text: body.text.slice(start, end), inline: h.inlineAt >= 0 });
  }
  return sections;
}

function paragraphEnd(lines: Line[], from: number, to: number): number {
  for (let k = from + 1; k < to; k++) if ((lines[k] as Line).blank) return (lines[k] as Line).start;
  return Number.MAX_SAFE_INTEGER;
}

/** A section stops at the sign-off or signature separator: what follows is the signature, not section text. */
function signOff(lines: Line[], from: number, to: number): number {
  for (let k = from; k < to; k++) {
    const l = lines[k] as Line;
    if (!l.code && !l.blank && (CLOSING.test(l.text) || /^--\s?$/.test(l.text))) return l.start;
  }
  return Number.MAX_SAFE_INTEGER;
}

const isUnderline = (line: Line | undefined) => line !== undefined && !line.code && /^\s{0,3}(?:={3,}|-{3,})\s*$/.test(line.text);

function known(line: number, text: string, inlineAt = -1): Heading | null {
  const key = headingKey(text);
  return key ? { line, key, heading: text.trim(), inlineAt } : null;
}

function other(line: number, text: string): Heading {
  return { line, key: 'other', heading: text.trim(), inlineAt: -1 };
}

function headingAt(lines: Line[], i: number): Heading | null {
  const line = lines[i] as Line;
  if (line.code || line.blank) return null;
  const t = line.text;

  if (t.length > 200) {
    const long = /^\s{0,3}(?:\*\*|__)?([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 ()'’/.-]{0,50}?)(?:\*\*|__)?\s?[:：](?:\*\*|__)?\s+(\S)/.exec(t);
    return long ? known(i, long[1] as string, line.start + long[0].length - 1) : null;
  }

  const md = /^\s{0,3}(#{1,6})\s+(.{1,80}?)\s*#*\s*$/.exec(t);
  if (md) return known(i, md[2] as string) ?? ((md[1] as string).length >= 2 ? other(i, md[2] as string) : null);

  const bold = /^\s{0,3}(\*\*|__)([^*_]{1,80}?)\1\s*[:：]?\s*$/.exec(t);
  if (bold) return known(i, bold[2] as string) ?? other(i, bold[2] as string);

  // `**Impact:** text` and `Impact: text`: a known key followed by its value on the same line.
  const inline = /^\s{0,3}(?:\*\*|__)?((?:\d{1,2}[.)]\s)?[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 ()'’/.-]{0,50}?)(?:\*\*|__)?\s?[:：](?:\*\*|__)?\s+(\S.*)$/.exec(t);
  if (inline && !/^https?$/i.test(inline[1] as string)) {
    const offset = line.start + t.length - (inline[2] as string).length;
    const h = known(i, inline[1] as string, offset);
    if (h) return h;
  }

  if (isUnderline(lines[i + 1]) && t.trim().length <= 60 && (i === 0 || (lines[i - 1] as Line).blank)) {
    return known(i, t) ?? other(i, t);
  }

  // Only lines ending with a colon can be "Key:" headings; checking that first keeps long logs cheap.
  const endsWithColon = /[:：]\s*$/.test(t);
  const colon = endsWithColon ? /^\s{0,3}(.{1,60}?)\s?[:：]\s*$/.exec(t) : null;
  const byColon = colon ? known(i, colon[1] as string) : null;
  if (byColon) return byColon;
  // "Exploit attached: exploit.py. Usage:": a heading that ends a sentence line.
  const tail = endsWithColon ? /[.!?]\s([^.!?:]{2,40}?)\s?[:：]\s*$/.exec(t) : null;
  if (tail) return known(i, tail[1] as string);

  const bracket = /^\s{0,3}\[([^\]]{1,60})\]\s*$/.exec(t);
  if (bracket) return known(i, bracket[1] as string);

  const trimmed = t.trim();
  const afterBlank = i === 0 || (lines[i - 1] as Line).blank;
  if (trimmed.length <= 60 && !/[.!?,;]$/.test(trimmed)) {
    const h = known(i, trimmed);
    if (h && (afterBlank || /^\s{0,3}(?:\d{1,2}|[IVX]{1,4})[.)]\s/.test(t))) return h;
    // Short ALL-CAPS lines after a blank line read as headings in plain-text mail.
    if (afterBlank && trimmed.length >= 4 && /^[A-ZÀ-Ý0-9 &/'’()-]+$/.test(trimmed) && /[A-Z]{3}/.test(trimmed)) return other(i, trimmed);
  }
  return null;
}

/** All sections with a key, in order. */
export const sectionsOf = (sections: Section[], key: SectionKey) => sections.filter((s) => s.key === key);
