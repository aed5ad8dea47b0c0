/** @module Proof of concept: a PoC section, code blocks, HTTP requests, commands, payload lines and PoC attachments. */
import { LIMITS } from '../../../limits.js';
import { clip, NONE, narrativeOf, type NarrativeInput, type Text } from '../narrative.js';
import { anyOf } from '../pattern.js';
import type { Line } from '../text.js';
import { trimSpan } from '../text.js';
import { textRule } from './score.js';
import { asIs, type AskedFieldDef } from './types.js';

const REQUEST_LINE = /^\s{0,4}(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S{1,2000} HTTP\/\d(?:\.\d)?\s*$/;
/** A command with an argument that looks like one (a flag, a URL, a path, a quoted string, a script), wherever it starts on the line. */
const COMMAND =
  /(?:^|[\s`$:(])(?:curl|wget|http|python3?|node|php|ruby|perl|bash|sh|nc|ncat|socat|sqlmap|ffuf|nmap|msfconsole|java|go|docker|openssl|git-dumper|seq|printf|echo)\s+(?:-{1,2}[\w-]|https?:\/\/|['"]|\.{0,2}\/|\$|[\w.-]+\.(?:py|sh|jar|rb|pl|js|php|xml|json|html?)\b)/;
/** Payloads by family; a line holding one is PoC material. */
export const PAYLOAD_PARTS = {
  script: String.raw`<script|javascript:|jav&#|onerror\s?=|onload\s?=|alert\(`,
  sql: String.raw`'\s?or\s?'?1'?\s?=\s?'?1|\bor 1=1|\band sleep\(|union(?:\s|\/\*\*\/)+(?:all\s+)?select`,
  traversal: String.raw`(?:\.{2,4}[/\\]{1,2}){2}|\.\.%2f|(?:%25)?2e(?:%25)?2e(?:%25)?2f`,
  xml: String.raw`<!entity|<!doctype [^>]{0,40}\[`,
  template: String.raw`\$\{jndi:|\{\{\s?\d+\s?\*\s?\d+\s?\}\}`,
  ssrf: String.raw`169\.254\.169\.254|metadata\.google|file:\/\/\/`,
  command: String.raw`;\s?(?:id|whoami|cat \/etc\/passwd)\b|\|\s?(?:id|whoami)\b|${'`'}(?:id|whoami)${'`'}|\$\((?:id|whoami)\)`,
  timing: String.raw`sleep\(\d+\)|pg_sleep|waitfor delay`,
  markup: String.raw`<\?php|<iframe`,
  urlInUrl: String.raw`[?&][\w.-]{1,30}=(?:https?:)?\/\/`,
};
const PAYLOAD = new RegExp(anyOf(PAYLOAD_PARTS), 'i');
/** Markup or code on its own line in a plain-text mail: a tag, a PHP/XML prolog, a shebang. */
const MARKUP_LINE = /^\s{0,8}(?:<[a-zA-Z!?/][^>]{0,200}>|#!\/)/;
const CODE_CHARS = /[{}();=<>$|\\]|^\s*(?:import|def|from|for|if|while|return|var|let|const|function|class|echo|cat|sudo|s\.|ws\.)\b/;
/** Attachments that are a PoC or a reproducer by their name or type; PGP keys and signatures never are. */
const POC_NAME = /poc|exploit|payload|repro|proof|crash|hang|attack|fuzz|testcase|trigger|malicious|evil|\.(?:py|sh|rb|pl|js|html?|php|go|c|java|ps1|xml|svg|har|yaml|yml|req|pcapng?|jar|zip)$/i;

/** Code blocks, HTTP requests, commands, payload lines and PoC attachments, joined; a PoC section comes first. */
export function findPoc(input: NarrativeInput): Text {
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
  for (let i = 0; i < lines.length && size < LIMITS.extractFieldChars; i++) {
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
      while (k < lines.length && blanks < 2 && k - i < LIMITS.extractPocRequestLines) {
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
      while (k + 1 < lines.length && k - i < LIMITS.extractPocBlockLines && inBlock(lines[k + 1] as Line)) k++;
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

export const poc: AskedFieldDef<'poc', string | null, string | null> = {
  key: 'poc',
  extract: (ctx) => findPoc(narrativeOf(ctx)),
  askLabel: 'a proof of concept (code, request or screenshot)',
  isMissing: (value) => value === null,
  toJson: asIs,
  score: textRule(0.8),
};
