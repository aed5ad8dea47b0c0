/** @module Product name as the report names it: a product section, a configured product mentioned, the subject, or the words before a version. */
import type { Field } from './types.js';

export interface ProductInput {
  subject: string;
  /** Texts of product/asset sections, first first. */
  declared: { text: string; start: number }[];
  /** The body within the scan window, quotes blanked. */
  body: string;
  /** Product names from policy.supportedVersions. */
  known: string[];
}

/** Words that are never a product name on their own, even before a version number. */
const STOP = new Set(
  ('the a an in on of to for from with and or by at is are was be this that these those all any every version versions release releases build ' +
    'before prior up until through since latest current affected vulnerable tested running installed our your my its their v ver using use ' +
    'le la les un une des du de dans sur pour avec et ou par est sont toutes tous avant après depuis jusqu version versions ' +
    'security vulnerability vulnerabilities vuln issue bug report bugs found sql xss rce ssrf csrf idor injection stored reflected ' +
    'remote code execution critical high medium low severity cvss cve step steps server side client').split(' '),
);
const ENVIRONMENT = /^(?:chrome|firefox|safari|edge|chromium|ubuntu|debian|windows|macos|ios|android|python|php|node(?:js)?|java|jdk|openjdk|ruby|go|golang|perl|tls|ssl|https?|kernel|linux|docker|curl|openssl|burp(?: suite)?|kali|centos|rhel|fedora|npm|gcc|clang|mozilla|cvss)$/i;

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

export function findProduct(input: ProductInput): Field<string | null> {
  for (const d of input.declared) {
    const name = cleanName(d.text.split('\n')[0] ?? '');
    if (name) return { value: name, confidence: 0.9, span: [d.start, d.start + Math.min(d.text.length, name.length)] };
  }
  const known = mentionedKnown(input);
  if (known) return known;
  const fromSubject = subjectProduct(input.subject);
  if (fromSubject) return { value: fromSubject, confidence: 0.6, span: null };
  const before = beforeVersion(input.body);
  if (before) return { value: before.name, confidence: 0.45, span: before.span };
  return { value: null, confidence: 0, span: null };
}

/** A configured product named in the subject or body wins over guesses; hyphens, spaces and case do not matter. */
function mentionedKnown(input: ProductInput): Field<string | null> | null {
  const hay = `${input.subject}\n${input.body}`;
  let best: { name: string; at: number } | null = null;
  for (const name of input.known) {
    const words = name.split(/[\s_-]+/).filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    if (words.length === 0) continue;
    const m = new RegExp(`(?<![\\w-])${words.join('[\\s_-]?')}(?![\\w-])`, 'i').exec(hay);
    if (m && (best === null || m.index < best.at)) best = { name, at: m.index };
  }
  if (!best) return null;
  const offset = best.at - input.subject.length - 1;
  return { value: best.name.toLowerCase(), confidence: 0.85, span: offset >= 0 ? [offset, offset + best.name.length] : null };
}

/** "Acme Server 3.2.1 (self-hosted)" → "acme server"; null when what remains does not look like a name. */
export function cleanName(raw: string): string | null {
  let s = raw
    .replace(/[*_`]/g, '')
    .replace(/https?:\/\/([^\s/]+)\S*/gi, '$1')
    .split(/\s(?:v(?:ersion)?s?\.?\s?)?\d|\s[-–—(,;|]|\s(?:before|prior|up to|<|>|avant|versions?\b)|[(,;|]/i)[0] as string;
  s = s.replace(/^(?:the|le|la|l')\s+/i, '').replace(/[\s.:]+$/, '').trim();
  if (s.length < 2 || s.length > 40 || s.split(/\s+/).length > 4) return null;
  if (STOP.has(s.toLowerCase()) || ENVIRONMENT.test(s)) return null;
  return s.toLowerCase();
}

function subjectProduct(subject: string): string | null {
  const s = subject.replace(/^\s*(?:(?:re|fwd?|tr|aw)\s?:\s*)+/i, '').trim();
  const tag = /^\[([^\]]{2,40})\]/.exec(s);
  if (tag && !/^(?:security|sec|vuln\w*|report|bug|critical|high|medium|low|urgent|confidential|encrypted|pgp|sec-\d.*)$/i.test(tag[1] as string)) {
    const name = cleanName(tag[1] as string);
    if (name) return name;
  }
  const prefix = /^([A-Za-z][\w.+-]{1,30}(?:\s[A-Za-z][\w.+-]{1,30}){0,2})\s?:\s/.exec(s);
  if (prefix && !/vuln|security|report|bug|issue|faille|sécurité|rapport|cve|xss|sql|rce|injection/i.test(prefix[1] as string)) {
    const name = cleanName(prefix[1] as string);
    if (name) return name;
  }
  const inX = /\b(?:in|on|affecting|for|dans|sur|de|du|of)\s(?:the\s|l'|le\s|la\s)?([A-Za-z][\w.+-]{1,30}(?:\s[A-Z][\w.+-]{1,30}){0,2})(?=\s+(?:v?\d|versions?\b|before\b|prior\b|<|up to\b|avant\b|\()|\s*$)/.exec(s);
  if (inX) {
    const name = cleanName(inX[1] as string);
    if (name) return name;
  }
  const pkg = /(?<![\w.@/-])([a-z][a-z0-9]{1,20}(?:[-_][a-z0-9]{2,20}){1,3})(?![\w@.-])/.exec(s);
  return pkg ? cleanName(pkg[1] as string) : null;
}

/** The one to three name-like words right before "3.2.1", "version 3", "before 3.2", as in "found in Acme Portal 2.3". */
function beforeVersion(body: string): { name: string; span: [number, number] } | null {
  const re = /((?:[A-Za-z][\w.+-]{0,30}\s){1,3})(?:versions?\s|v\.?\s?|release\s)?(?:(?:before|prior to|up to|<=?|avant(?:\sla)?)\s)?v?\d{1,4}\.\d{1,6}/g;
  let tries = 0;
  for (const m of body.matchAll(re)) {
    if (++tries > 200) break;
    const words = (m[1] as string).trim().split(/\s+/);
    const kept: string[] = [];
    for (let i = words.length - 1; i >= 0; i--) {
      const w = words[i] as string;
      if (STOP.has(w.toLowerCase()) || ENVIRONMENT.test(w)) {
        if (kept.length > 0) break;
        continue;
      }
      // Sentence-case words start a sentence more often than a name: keep only capitalised or package-like runs.
      if (!/^[A-Z0-9]|[-_.]\w|^[a-z]+[A-Z]/.test(w) && kept.length > 0) break;
      kept.unshift(w);
    }
    if (kept.length === 0) continue;
    const first = kept[0] as string;
    if (!/^[A-Z]|[-_]/.test(first) && kept.length === 1 && !/[-_]/.test(first)) continue;
    const name = cleanName(kept.join(' '));
    if (name && !ENVIRONMENT.test(name)) {
      const at = m.index + (m[1] as string).indexOf(first);
      return { name, span: [at, at + kept.join(' ').length] };
    }
  }
  return null;
}

export const sameProduct = (a: string, b: string) => norm(a) === norm(b);
