/** @module The body extraction reads: HTML converted to text, quoted replies blanked in place so offsets stay valid, lines indexed. */
import { defuseHtml, htmlToText } from '../../mail/html.js';
import type { ExtractInput } from './types.js';

export interface Line {
  /** Offsets of the line in the body, without its line break. */
  start: number;
  end: number;
  /** The line without a trailing `\r`. */
  text: string;
  /** Inside a fenced code block (``` or ~~~), fences included. */
  code: boolean;
  blank: boolean;
}

export interface Body {
  /** Same length as the analysed text; quoted parts are spaces. */
  text: string;
  lines: Line[];
}

/** The text spans point into: the plain body, or the HTML body converted when the plain body is empty or derived from it. */
export function analysedText(input: Pick<ExtractInput, 'text' | 'html'>): string {
  const html = input.html ?? '';
  if (html.trim() === '') return input.text;
  const plain = input.text.trim();
  const safe = defuseHtml(html);
  if (plain !== '' && plain !== htmlToText(safe)) return input.text;
  return htmlToText(markHtml(safe));
}

/**
 * HTML quotes are `<blockquote>` (Gmail, Thunderbird, Outlook web), which htmlToText would flatten into
 * ordinary lines: drop them here. `<pre>` becomes a fenced block so code stays recognisable as code.
 */
function markHtml(html: string): string {
  let out = '';
  let depth = 0;
  let last = 0;
  for (const m of html.matchAll(/<(\/?)blockquote\b[^>]{0,2000}>/gi)) {
    if (m[1] === '') {
      if (depth === 0) out += html.slice(last, m.index);
      depth++;
    } else if (depth > 0) {
      depth--;
      if (depth === 0) last = m.index + m[0].length;
    }
  }
  out += depth === 0 ? html.slice(last) : '';
  return out.replace(/<pre\b[^>]{0,2000}>/gi, '<pre>\n```\n').replace(/<\/pre\s*>/gi, '\n```\n</pre>');
}

/** A sign-off line ("Best regards,", "Cordialement,", "Thanks, Ada"): the report's text ends here, a name usually follows. */
export const CLOSING =
  /^\s{0,8}(?:(?:best|kind|warm|many|with|kindest|warmest)\s)?(?:regards|wishes|thanks(?: again| in advance)?|thank you(?: for your time)?|cheers|sincerely(?: yours)?|respectfully|yours(?: truly| sincerely)?|br|cordialement|bien cordialement|bien à vous|merci(?: d'avance| beaucoup| par avance)?|salutations(?: distinguées)?|sincères salutations|bonne journée|à bientôt|amicalement|greetings|saludos|un saludo|pozdrawiam|obrigad[oa]|atenciosamente|cumprimentos|grüße|gruß|mit freundlichen grüßen|viele grüße|groeten|met vriendelijke groet|hälsningar|saluti|cordiali saluti|distinti saluti|best)\b[^\n]{0,40}$/i;

const ATTRIBUTION_START = /^\s{0,8}(?:On|Le|Am|El)\s/;
const ATTRIBUTION_END = /(?:wrote|a écrit|a ecrit|schrieb|escribió)\s?:\s*$/i;
const ORIGINAL_MESSAGE = /^\s{0,8}-{2,}\s?(?:Original Message|Message d'origine|Message d’origine|Ursprüngliche Nachricht)\s?-{2,}\s*$/i;
const FORWARDED = /^\s{0,8}-{2,}\s?(?:Forwarded message|Message transféré)/i;

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let fenced = false;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const fence = /^\s{0,8}(?:```|~~~)/.test(line);
    lines.push({ start, end: start + line.length, text: line, code: fenced || fence, blank: line.trim() === '' });
    if (fence) fenced = !fenced;
    start = end + 1;
  }
  return lines;
}

/** Blanks quoted text: `>` lines, "On … wrote:" attributions, and everything under an Outlook-style original message. */
export function prepareBody(text: string): Body {
  const lines = splitLines(text);
  const blank = new Uint8Array(lines.length);
  let forwarded = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (line.code || line.blank) continue;
    if (/^\s{0,8}>/.test(line.text)) {
      blank[i] = 1;
      continue;
    }
    if (FORWARDED.test(line.text)) forwarded = true;
    const attribution = attributionLength(lines, i);
    if (attribution > 0) {
      for (let k = i; k < i + attribution; k++) blank[k] = 1;
      const next = nextNonBlank(lines, i + attribution);
      // Clients that do not prefix quotes put the whole earlier mail under the attribution.
      if (next >= 0 && !/^\s{0,8}>/.test((lines[next] as Line).text)) blankFrom(blank, i);
      i += attribution - 1;
      continue;
    }
    if (ORIGINAL_MESSAGE.test(line.text) || (!forwarded && isOutlookHeader(lines, i))) {
      blankFrom(blank, i);
      break;
    }
  }
  if (!blank.includes(1)) return { text, lines };
  let out = '';
  let last = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (!blank[i]) continue;
    out += text.slice(last, line.start) + ' '.repeat(line.end - line.start);
    last = line.end;
    lines[i] = { ...line, text: ' '.repeat(line.text.length), blank: true, code: false };
  }
  return { text: out + text.slice(last), lines };
}

/** Lines an "On <date>, <name> wrote:" attribution spans (clients wrap it over up to three lines); 0 if none. */
function attributionLength(lines: Line[], i: number): number {
  const first = lines[i] as Line;
  if (!ATTRIBUTION_START.test(first.text)) return 0;
  let joined = '';
  for (let k = i; k < Math.min(lines.length, i + 3); k++) {
    joined += `${(lines[k] as Line).text} `;
    if (joined.length > 400) return 0;
    if (ATTRIBUTION_END.test((lines[k] as Line).text)) return k - i + 1;
  }
  return 0;
}

/** Outlook's reply header: From/De then Sent/Envoyé/Date and To/À/Subject/Objet within a few lines. */
function isOutlookHeader(lines: Line[], i: number): boolean {
  if (!/^\s{0,8}\**(?:From|De)\s?:\**\s/.test((lines[i] as Line).text)) return false;
  const next = lines.slice(i + 1, i + 5).map((l) => l.text);
  return next.some((t) => /^\s{0,8}\**(?:Sent|Envoyé|Date)\s?:/.test(t)) && next.some((t) => /^\s{0,8}\**(?:To|À|A|Subject|Objet)\s?:/.test(t));
}

function nextNonBlank(lines: Line[], from: number): number {
  for (let k = from; k < lines.length; k++) if (!(lines[k] as Line).blank) return k;
  return -1;
}

function blankFrom(blank: Uint8Array, from: number): void {
  blank.fill(1, from);
}

/** Paragraph-ish sentence boundaries: the sentence around `pos`, bounded to 400 characters either side. */
export function sentenceAt(text: string, pos: number, endPos = pos): [number, number] {
  const lo = Math.max(0, pos - 400);
  let start = pos;
  while (start > lo) {
    const c = text[start - 1];
    if (c === '\n' && text[start - 2] === '\n') break;
    if ((c === '.' || c === '!' || c === '?') && /\s/.test(text[start] ?? ' ')) break;
    if (c === '\n' && /^\s{0,8}(?:[-*•]|\d{1,2}[.)])\s/.test(text.slice(start, start + 12))) break;
    start--;
  }
  const hi = Math.min(text.length, endPos + 400);
  let end = endPos;
  while (end < hi) {
    const c = text[end];
    if (c === '\n' && (text[end + 1] === '\n' || text[end + 1] === '\r')) break;
    if ((c === '.' || c === '!' || c === '?') && /\s/.test(text[end + 1] ?? ' ')) {
      end++;
      break;
    }
    end++;
  }
  return trimSpan(text, start, end);
}

export function trimSpan(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  return [start, end];
}
