/** @module Report sections: headings in the shapes reporters use (Markdown, bold, "Key:", numbered, underlined, bug-bounty templates), EN and FR. */
import type { Body, Line } from './text.js';
import { trimSpan } from './text.js';

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

/** Whole-heading patterns, tested on the lower-cased heading without markup, numbering or trailing colon. */
const HEADINGS: [SectionKey, RegExp][] = [
  ['steps', /^(?:(?:detailed |reproduction |repro )?steps?(?: (?:to|for) (?:reproduce|reproduction|replicate|repro))?(?: the (?:issue|vulnerability|bug))?|(?:how|way) to (?:reproduce|replicate|trigger)(?: (?:it|the (?:issue|vulnerability|bug)))?|reproduction(?: steps| instructions)?|repro(?:duce)?|to reproduce|(?:é|e)tapes?(?: (?:de|pour) (?:reproduction|reproduire)(?: la (?:vulnérabilité|faille))?)?|comment reproduire|pour reproduire|reproduire|mode opératoire|scénario de reproduction)$/],
  ['poc', /^(?:proof[ -]of[ -]concept(?: \(poc\))?(?: code| exploit| request| script)?|poc(?: code| request| script| exploit)?|exploit(?: code| script)?|payloads?|(?:sample |example |http |malicious |raw )?requests?|preuve de concept(?: \(poc\))?|code d'exploitation|charge utile|requête(?: http)?(?: malveillante)?|exploitation)$/],
  ['impact', /^(?:(?:security |business |potential |possible )?impacts?(?: assessment| analysis)?|consequences?|risks?|attack scenarios?|what (?:can )?an attacker (?:can )?(?:do|achieve)|conséquences?|risques?|impacts? (?:potentiels?|sur la sécurité)|scénario d'attaque)$/],
  ['summary', /^(?:(?:executive |short |vulnerability |issue )?summary|overview|(?:vulnerability |issue |bug |short )?description(?: of the (?:issue|vulnerability))?|(?:vulnerability |technical )?details|the (?:issue|problem|vulnerability)|issue|problem|tl;?dr|résumé|aperçu|synthèse|description (?:de la |du )?(?:vulnérabilité|faille|problème)|détails(?: techniques)?|contexte|context|background|introduction|root cause(?: analysis)?|analysis|analyse|cause)$/],
  ['product', /^(?:(?:affected |vulnerable |target )?(?:products?|software|applications?|components?|assets?|targets?|projects?|services?|systems?)(?: affected)?|produits?(?: (?:concernés?|affectés?|vulnérables?))?|logiciels?(?: concernés?)?|composants?(?: concernés?)?|cibles?|application(?: concernée)?)$/],
  ['versions', /^(?:(?:affected |vulnerable |tested |impacted )?versions?(?: (?:affected|tested|impacted))?|tested (?:on|against|with)|versions? (?:affectées?|concernées?|vulnérables?|testées?)|(?:affected )?releases?)$/],
  ['type', /^(?:(?:vulnerability|weakness|bug|issue) (?:type|class|category)|type(?: of (?:vulnerability|issue|bug))?|weakness(?:es)?|category|class|vulnerability|vulnérabilité|faille|type de (?:vulnérabilité|faille)|catégorie|classe|cwe(?: id)?|weakness \(cwe\))$/],
  ['config', /^(?:(?:special |required |specific |non-default )?(?:configuration|config|setup)(?: (?:required|needed))?|prerequisites?|pre-requisites?|preconditions?|requirements?|conditions?|assumptions?|configuration (?:requise|particulière|spéciale|nécessaire)|prérequis|pré-requis|conditions? préalables?)$/],
  ['cvss', /^(?:cvss(?: ?v?[34](?:\.[01])?)?(?: (?:score|vector|base score|rating))*|severity(?: (?:rating|assessment|score))?|(?:base )?score|sévérité|gravité|criticité|score cvss|vecteur cvss)$/],
  ['fix', /^(?:(?:suggested |recommended |possible |proposed )?(?:fix(?:es)?|remediations?|mitigations?|recommendations?|solutions?|patch|workarounds?)|how to fix|correction|correctifs?|remédiation|recommandations?|contre-mesures?|solution proposée|mesures correctives)$/],
  ['references', /^(?:references?|références?|links?|liens?|resources?|see also|ressources)$/],
  ['credit', /^(?:credits?|crédits?|acknowledge?ments?|attribution|reporter|researcher|found by|discovered by|contact(?: information| details)?|about me|remerciements|chercheur|auteur|découvert par)$/],
  ['disclosure', /^(?:(?:coordinated |public |responsible )?disclosure(?: (?:timeline|policy|date|plan))?|timeline|divulgation(?: coordonnée| publique)?|publication|calendrier(?: de divulgation)?)$/],
  ['cve', /^(?:cves?(?: ids?| identifiers?| requests?)?|cve (?:demandé|id))$/],
  ['environment', /^(?:(?:test(?:ing)? |tested )?environment|environnement(?: de test)?|setup used|tested on|platform|browser|os|expected (?:result|behaviou?r)|actual (?:result|behaviou?r)|observed (?:result|behaviou?r)|résultat (?:attendu|obtenu|observé)|notes?|additional (?:information|notes|details|context)|attachments?|pièces? jointes?|informations? complémentaires?)$/],
];

export function headingKey(heading: string): SectionKey | null {
  const h = normaliseHeading(heading);
  if (h.length === 0 || h.length > 60) return null;
  for (const [key, re] of HEADINGS) if (re.test(h)) return key;
  return null;
}

function normaliseHeading(s: string): string {
  return s
    .toLowerCase()
    .replace(/[*_`#[\]=]/g, '')
    .replace(/^\s*(?:\d{1,2}|[ivx]{1,4}|[a-h])[.)]\s+/, '')
    .replace(/\s*[:：]\s*$/, '')
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

export function findSections(body: Body): Section[] {
  const lines = body.lines;
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
    const contentEnd = next ? (lines[next.line] as Line).start : body.text.length;
    const [start, end] = trimSpan(body.text, contentStart, Math.max(contentStart, contentEnd));
    if (h.key === 'other' && start === end) continue;
    sections.push({ key: h.key, heading: h.heading, start, end, text: body.text.slice(start, end), inline: h.inlineAt >= 0 });
  }
  return sections;
}

const isUnderline = (line: Line | undefined) => line !== undefined && !line.code && /^\s{0,3}(?:={3,}|-{3,})\s*$/.test(line.text);

function headingAt(lines: Line[], i: number): Heading | null {
  const line = lines[i] as Line;
  if (line.code || line.blank || line.text.length > 200) return null;
  const t = line.text;
  const known = (text: string, inlineAt = -1): Heading | null => {
    const key = headingKey(text);
    return key ? { line: i, key, heading: text.trim(), inlineAt } : null;
  };
  const other = (text: string): Heading => ({ line: i, key: 'other', heading: text.trim(), inlineAt: -1 });

  const md = /^\s{0,3}(#{1,6})\s+(.{1,80}?)\s*#*\s*$/.exec(t);
  if (md) return known(md[2] as string) ?? ((md[1] as string).length >= 2 ? other(md[2] as string) : null);

  const bold = /^\s{0,3}(\*\*|__)([^*_]{1,80}?)\1\s*[:：]?\s*$/.exec(t);
  if (bold) return known(bold[2] as string) ?? other(bold[2] as string);

  // `**Impact:** text` and `Impact: text`: a known key followed by its value on the same line.
  const inline = /^\s{0,3}(?:\*\*|__)?((?:\d{1,2}[.)]\s)?[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 ()'’/.-]{0,50}?)(?:\*\*|__)?\s?[:：](?:\*\*|__)?\s+(\S.*)$/.exec(t);
  if (inline && !/^https?$/i.test(inline[1] as string)) {
    const offset = line.start + t.length - (inline[2] as string).length;
    const h = known(inline[1] as string, offset);
    if (h) return h;
  }

  if (isUnderline(lines[i + 1]) && t.trim().length <= 60 && (i === 0 || (lines[i - 1] as Line).blank)) {
    return known(t) ?? other(t);
  }

  const colon = /^\s{0,3}(.{1,60}?)\s?[:：]\s*$/.exec(t);
  if (colon) return known(colon[1] as string);

  const bracket = /^\s{0,3}\[([^\]]{1,60})\]\s*$/.exec(t);
  if (bracket) return known(bracket[1] as string);

  const trimmed = t.trim();
  const afterBlank = i === 0 || (lines[i - 1] as Line).blank;
  if (trimmed.length <= 60 && !/[.!?,;]$/.test(trimmed)) {
    const h = known(trimmed);
    if (h && (afterBlank || /^\s{0,3}(?:\d{1,2}|[IVX]{1,4})[.)]\s/.test(t))) return h;
    // Short ALL-CAPS lines after a blank line read as headings in plain-text mail.
    if (afterBlank && trimmed.length >= 4 && /^[A-ZÀ-Ý0-9 &/'’()-]+$/.test(trimmed) && /[A-Z]{3}/.test(trimmed)) return other(trimmed);
  }
  return null;
}

/** All sections with a key, in order. */
export const sectionsOf = (sections: Section[], key: SectionKey) => sections.filter((s) => s.key === key);
