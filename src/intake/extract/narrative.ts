/** @module The prose fields: title, summary, steps to reproduce, proof of concept, impact, special configuration. */
import { clip, EXTRACT_BOUNDS } from './bounds.js';
import type { Section, SectionKey } from './sections.js';
import type { Body, Line } from './text.js';
import { sentenceAt, trimSpan } from './text.js';
import type { ExtractInput, Field } from './types.js';

type Text = Field<string | null>;
const NONE: Text = { value: null, confidence: 0, span: null };

export interface NarrativeInput {
  body: Body;
  sections: Section[];
  /** End of the scan window in the body. */
  scanEnd: number;
  subject: string | null;
  attachments: ExtractInput['attachments'];
}

const fromSection = (s: Section, confidence: number): Text => ({ value: clip(s.text), confidence, span: [s.start, s.end] });
const best = (sections: Section[], key: SectionKey) => {
  const all = sections.filter((s) => s.key === key && s.text.trim() !== '');
  // "Impact: High" on a template line says less than a paragraph under an Impact heading.
  return all.find((s) => s.text.slice(0, 200).split(/\s+/).length >= 4) ?? all[0];
};

export function title(subject: string | null, sections: Section[], body: Body): Text {
  const s = (subject ?? '')
    .replace(/^\s*(?:(?:re|fwd?|tr|aw|wg)\s?:\s*)+/i, '')
    .replace(/^\s*\[(?:security|sec|vuln\w*|report|encrypted|confidential|pgp)\]\s*/i, '')
    .trim();
  if (s !== '' && !/^(?:\.\.\.|…|encrypted message|message chiffré)$/i.test(s)) return { value: s, confidence: 0.9, span: null };
  const heading = sections.find((x) => x.key === 'other' || x.key === 'summary');
  if (heading) return { value: heading.heading.replace(/[#*_]/g, '').trim(), confidence: 0.4, span: null };
  const first = body.lines.find((l) => !l.blank && !l.code && !GREETING.test(l.text));
  return first ? { value: first.text.trim().slice(0, 120), confidence: 0.3, span: [first.start, first.end] } : NONE;
}

const GREETING = /^\s*(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening)|bonjour|bonsoir|salut|madame|monsieur|cher|chère|to whom)\b[^\n]{0,60}$/i;

export function summary(input: NarrativeInput): Text {
  const s = best(input.sections, 'summary');
  if (s) return fromSection(s, 0.85);
  // Otherwise the first paragraph that is not a greeting.
  const { lines } = input.body;
  let i = lines.findIndex((l) => !l.blank && !l.code && !GREETING.test(l.text));
  if (i < 0 || (lines[i] as Line).start >= input.scanEnd) return NONE;
  const start = (lines[i] as Line).start;
  while (i + 1 < lines.length && !(lines[i + 1] as Line).blank && !(lines[i + 1] as Line).code) i++;
  const [a, b] = trimSpan(input.body.text, start, (lines[i] as Line).end);
  return { value: clip(input.body.text.slice(a, b)), confidence: 0.5, span: [a, b] };
}

/** A numbered list of at least two items ("1.", "1)", "Step 1:"), the usual shape of steps when there is no heading. */
export function steps(input: NarrativeInput): Text {
  const s = best(input.sections, 'steps');
  if (s) return fromSection(s, 0.9);
  const skip = input.sections.filter((x) => x.key === 'impact' || x.key === 'fix' || x.key === 'references' || x.key === 'disclosure');
  const inSkipped = (pos: number) => skip.some((x) => pos >= x.start && pos < x.end);
  const { lines } = input.body;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (line.start >= input.scanEnd) break;
    if (line.code || !/^\s{0,6}(?:1[.)]|step\s?1\b|étape\s?1\b|#1\b)/i.test(line.text) || inSkipped(line.start)) continue;
    let end = i;
    let items = 1;
    for (let k = i + 1; k < lines.length; k++) {
      const t = (lines[k] as Line).text;
      if ((lines[k] as Line).blank) {
        if ((lines[k + 1] as Line | undefined)?.text.match(/^\s{0,6}(?:\d{1,2}[.)]|step\s?\d|étape\s?\d|#\d)|^\s{2,}\S|^```/i)) continue;
        break;
      }
      if (/^\s{0,6}(?:\d{1,2}[.)]|step\s?\d{1,2}\b|étape\s?\d{1,2}\b|#\d)/i.test(t)) items++;
      end = k;
    }
    if (items < 2) continue;
    const [a, b] = trimSpan(input.body.text, line.start, (lines[end] as Line).end);
    return { value: clip(input.body.text.slice(a, b)), confidence: 0.7, span: [a, b] };
  }
  const inline = /\b(?:to reproduce|steps to reproduce|reproduce (?:it|this|the issue) (?:by|with)|pour reproduire|reproduction)\s?[:,]\s?([^\n]{8,})/i.exec(input.body.text.slice(0, input.scanEnd));
  if (inline) {
    const at = inline.index + inline[0].length - (inline[1] as string).length;
    return { value: clip(inline[1] as string), confidence: 0.5, span: [at, at + (inline[1] as string).length] };
  }
  return NONE;
}

const REQUEST_LINE = /^\s{0,4}(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S{1,2000} HTTP\/\d(?:\.\d)?\s*$/;
/** A command with an argument that looks like one (a flag, a URL, a path, a quoted string, a script), wherever it starts on the line. */
const COMMAND =
  /(?:^|[\s`$:(])(?:curl|wget|http|python3?|node|php|ruby|perl|bash|sh|nc|ncat|socat|sqlmap|ffuf|nmap|msfconsole|java|go|docker|openssl|git-dumper|seq|printf|echo)\s+(?:-{1,2}[\w-]|https?:\/\/|['"]|\.{0,2}\/|\$|[\w.-]+\.(?:py|sh|jar|rb|pl|js|php|xml|json|html?)\b)/;
const PAYLOAD =
  /<script|javascript:|jav&#|onerror\s?=|onload\s?=|alert\(|'\s?or\s?'?1'?\s?=\s?'?1|\bor 1=1|\band sleep\(|union(?:\s|\/\*\*\/)+(?:all\s+)?select|(?:\.{2,4}[/\\]{1,2}){2}|\.\.%2f|(?:%25)?2e(?:%25)?2e(?:%25)?2f|<!entity|<!doctype [^>]{0,40}\[|\$\{jndi:|\{\{\s?\d+\s?\*\s?\d+\s?\}\}|169\.254\.169\.254|metadata\.google|file:\/\/\/|;\s?(?:id|whoami|cat \/etc\/passwd)\b|\|\s?(?:id|whoami)\b|`(?:id|whoami)`|\$\((?:id|whoami)\)|sleep\(\d+\)|pg_sleep|waitfor delay|<\?php|<iframe|[?&][\w.-]{1,30}=(?:https?:)?\/\//i;
/** Markup or code on its own line in a plain-text mail: a tag, a PHP/XML prolog, a shebang. */
const MARKUP_LINE = /^\s{0,8}(?:<[a-zA-Z!?/][^>]{0,200}>|#!\/)/;
const CODE_CHARS = /[{}();=<>$|\\]|^\s*(?:import|def|from|for|if|while|return|var|let|const|function|class|echo|cat|sudo|s\.|ws\.)\b/;
/** Attachments that are a PoC or a reproducer by their name or type; PGP keys and signatures never are. */
const POC_NAME = /poc|exploit|payload|repro|proof|crash|hang|attack|fuzz|testcase|trigger|malicious|evil|\.(?:py|sh|rb|pl|js|html?|php|go|c|java|ps1|xml|svg|har|yaml|yml|req|pcapng?|jar|zip)$/i;

/** Code blocks, HTTP requests, commands, payload lines and PoC attachments, joined; a PoC section comes first. */
export function poc(input: NarrativeInput): Text {
  const parts: string[] = [];
  const spans: [number, number][] = [];
  let size = 0;
  const add = (a: number, b: number) => {
    const [x, y] = trimSpan(input.body.text, a, b);
    // A line already inside a PoC section (or the section's own heading line) is not a second PoC.
    if (y <= x || spans.some(([p, q]) => x < q && y > p)) return;
    parts.push(input.body.text.slice(x, y));
    spans.push([x, y]);
    size += y - x;
  };
  for (const s of input.sections) {
    if (s.key !== 'poc' || s.text.trim() === '') continue;
    add(s.start, s.end);
    // Inline sections ("Payload: …") share their line with the heading; keep that line out of the scan below.
    if (s.inline) spans.push([input.body.text.lastIndexOf('\n', s.start) + 1, s.start]);
  }
  const { lines } = input.body;
  for (let i = 0; i < lines.length && size < EXTRACT_BOUNDS.fieldChars; i++) {
    const line = lines[i] as Line;
    if (line.start >= input.scanEnd) break;
    if (line.blank) continue;
    if (line.code && /^\s{0,8}(?:```|~~~)/.test(line.text)) {
      let k = i + 1;
      while (k < lines.length && !/^\s{0,8}(?:```|~~~)/.test((lines[k] as Line).text)) k++;
      if (k > i + 1) add((lines[i + 1] as Line).start, (lines[Math.min(k, lines.length) - 1] as Line).end);
      i = k;
      continue;
    }
    if (REQUEST_LINE.test(line.text)) {
      // Request line, headers, blank line, body: up to the second blank line.
      let k = i + 1;
      let blanks = 0;
      while (k < lines.length && blanks < 2 && k - i < 200) {
        if ((lines[k] as Line).blank) blanks++;
        k++;
      }
      add(line.start, (lines[k - 1] as Line).end);
      i = k - 1;
      continue;
    }
    // An indented block (after a blank line or a line ending with ":") or a run of markup lines is code in plain-text mail.
    const prev = lines[i - 1];
    const indented = /^(?: {4}|\t)/.test(line.text) && (prev === undefined || prev.blank || /:\s*$/.test(prev.text));
    if (indented || MARKUP_LINE.test(line.text)) {
      let k = i;
      const inBlock = (l: Line) => (indented ? /^(?: {2}|\t)/.test(l.text) || l.blank : MARKUP_LINE.test(l.text));
      while (k + 1 < lines.length && k - i < 400 && inBlock(lines[k + 1] as Line)) k++;
      while (k > i && (lines[k] as Line).blank) k--;
      const block = input.body.text.slice(line.start, (lines[k] as Line).end);
      if (CODE_CHARS.test(block) && !/^\s*(?:\d{1,2}[.)]|[-*•])\s/.test(line.text)) {
        add(line.start, (lines[k] as Line).end);
        i = k;
        continue;
      }
    }
    if (COMMAND.test(line.text)) {
      let k = i;
      while (k + 1 < lines.length && /\\\s*$/.test((lines[k] as Line).text)) k++;
      add(line.start, (lines[k] as Line).end);
      i = k;
      continue;
    }
    if (PAYLOAD.test(line.text)) add(line.start, line.end);
  }
  for (const m of input.body.text.slice(0, input.scanEnd).matchAll(/`([^`\n]{4,300})`/g)) {
    if (PAYLOAD.test(m[1] as string) || /[<>{}$;|]|\/\//.test(m[1] as string)) add(m.index + 1, m.index + 1 + (m[1] as string).length);
  }
  const files = input.attachments.map((a) => a.name).filter((n) => POC_NAME.test(n) && !/\.(?:asc|sig|gpg|pgp)$/i.test(n));
  parts.push(...files.filter((f) => !parts.includes(f)));
  if (parts.length === 0) return NONE;
  return { value: clip(parts.join('\n\n')), confidence: input.sections.some((s) => s.key === 'poc') ? 0.9 : 0.7, span: spans[0] ?? null };
}

const IMPACT_SENTENCE =
  /\b(?:attackers?|adversary|adversaries|malicious (?:users?|actors?)|someone|anyone|third part(?:y|ies)|(?:users?|customers?|visitors?|members?|accounts?|tenants?|employees?)(?= (?:with|who|can|could|may))|users? with)\b[^.\n]{0,80}?\b(?:can|could|may|might|is able to|are able to|would be able to|will be able to|gains?|gets?|obtains?)\b|\bimpact (?:is|would be|includes?)\b|\bl'impact (?:est|serait)\b|\b(?:gives?|grants?|yields?|provides?) (?:\w+ ){0,2}(?:code execution|remote code|rce|root|shell|admin\w*|full (?:access|control))\b|\bmakes? (?:a|an|the|any) (?:[\w-]+ )?(?:admin\w*|users?|victims?|owners?)\b|\b(?:enough|possible|able|used|easy) to (?:phish|steal|hijack|take over|impersonate|exfiltrate|harvest|compromise)\b|\ballow(?:s|ing)?\b[^.\n]{0,60}?\bto\b|\b(?:lead(?:s|ing)?|result(?:s|ing)?) (?:to|in)\b|\b(?:this|it) (?:means|lets|enables|exposes|gives)\b|\b(?:un |l'|l’|tout |n'importe quel )?attaquants?\b[^.\n]{0,80}?\b(?:peut|peuvent|pourrait|pourraient|est en mesure|parvient)\b|\bpermet(?:tant|trait)? (?:à|a|de|d')\b|\b(?:conduit|mène|aboutit) à(?![\w\u00C0-\u024F])|\b(?:cela|ceci) (?:permet|expose|signifie)\b/i;

export function impact(input: NarrativeInput): Text {
  const s = best(input.sections, 'impact');
  if (s && s.text.slice(0, 200).split(/\s+/).length >= 3) return fromSection(s, 0.9);
  // PoC sections often close with a sentence on what the payload achieves, so they are searched too (code lines are not).
  const exclude = input.sections.filter((x) => x.key === 'fix' || x.key === 'references' || x.key === 'credit' || x.key === 'disclosure');
  const text = input.body.text.slice(0, input.scanEnd);
  const found: [number, number][] = [];
  const re = new RegExp(IMPACT_SENTENCE.source, 'gi');
  for (const m of text.matchAll(re)) {
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

const CONFIG_SENTENCE =
  /\b(?:only (?:when|if|works when|exploitable when)|requires? (?:the |that |a |an )?[^.\n]{0,40}?(?:enabled|option|setting|configured|configuration|plugin|module|feature|flag)|(?:must|needs to) be (?:enabled|configured|turned on)|non-default|not (?:enabled )?by default|(?:in|with) (?:the |a )?default (?:configuration|config|settings|install(?:ation)?)|out of the box|default install(?:ation)?|no special configuration|nécessite (?:que |l'|d')?[^.\n]{0,40}|uniquement (?:si|lorsque|quand)|seulement (?:si|lorsque)|(?:est|soit) activée?|configuration par défaut|installation par défaut|aucune configuration particulière)/i;

export function specialConfiguration(input: NarrativeInput): Text {
  const s = best(input.sections, 'config');
  if (s) return fromSection(s, 0.85);
  const text = input.body.text.slice(0, input.scanEnd);
  const m = CONFIG_SENTENCE.exec(text);
  if (!m || isCodeAt(input.body, m.index)) return NONE;
  const [a, b] = sentenceAt(text, m.index, m.index + m[0].length);
  return { value: clip(text.slice(a, b)), confidence: 0.5, span: [a, b] };
}

function isCodeAt(body: Body, pos: number): boolean {
  let lo = 0;
  let hi = body.lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const l = body.lines[mid] as Line;
    if (pos < l.start) hi = mid - 1;
    else if (pos > l.end) lo = mid + 1;
    else return l.code;
  }
  return false;
}
