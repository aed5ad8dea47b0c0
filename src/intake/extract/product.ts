/** @module Product name as the report names it: a product section, a configured product, else the name-like token the subject and the version numbers point at. */
import { LIMITS } from '../../limits.js';
import type { Field } from './types.js';

export interface ProductInput {
  subject: string;
  /** Texts of product/scope sections, first first. */
  declared: { text: string; start: number }[];
  /** The body within the scan window, quotes blanked. */
  body: string;
  /** Product names from policy.supportedVersions. */
  known: string[];
}

/** Words that are never a product name on their own, even before a version number. */
const STOP = new Set(
  ('the a an in on of to for from with and or by at is are was be this that these those all any every version versions release releases build ' +
    'before prior up until through since latest current affected vulnerable tested running installed our your my its their v ver using use via when ' +
    'le la les un une des du de dans sur pour avec et ou par est sont toutes tous avant après depuis jusqu sous ' +
    'security vulnerability vulnerabilities vuln issue bug report bugs found finding sql xss rce ssrf csrf idor xxe injection stored reflected redos dos ' +
    'remote code execution critical high medium low severity cvss cve cwe step steps server side client web api http https url endpoint page user users ' +
    'admin login file files path traversal bypass auth authentication overflow buffer heap stack open redirect deserialization java php python ' +
    'hi hello dear team thanks regards bonjour merci cordialement rapport faille vulnérabilité injection exécution note summary impact details ' +
    'scope asset target product application app plugin module firmware package library service daemon instance version fix patch firefox chrome ' +
    // Common nouns of web and security reports: the thing inside the product, not the product.
    'backup download upload session cookie document documents root export import preview search comment comments invoice invoices webhook ' +
    'template password token tokens account accounts settings profile project projects role roles header headers parameter request response ' +
    'field form message messages share link debug config configuration plugins directory helper cluster protocol listener sync store shop ' +
    'order orders customer customers attacker victim query database table error value data payload script command shell system network port ' +
    'host device devices image png xml json html markdown description logout reset email mail contact saml jwt oauth sso otp certificate ' +
    'update client crash hang loop race memory read write access control privilege escalation local unauthenticated authenticated anonymous ' +
    'public private internal external default panel dashboard console gift card problem problems website site flaw weakness concern ' +
    'question help urgent important possible potential new old another').split(' '),
);
/** Platforms relay reports; their name in a subject tag is not the product. */
const PLATFORM = /^(?:hackerone|bugcrowd|yeswehack|intigriti|huntr|synack|openbugbounty|oss-sec|full-disclosure|bugtraq|security|sec|report|vulnerability report|rapport)$/i;
const ENVIRONMENT = /^(?:chrome|firefox|safari|edge|chromium|ubuntu|debian|windows|macos|ios|android|python3?|php|node(?:js)?|java|jdk|openjdk|ruby|go|golang|perl|tls|ssl|https?|kernel|linux|docker|curl|openssl|burp|kali|centos|rhel|fedora|npm|gcc|clang|mozilla|cvss|mysql|mariadb|postgresql|postgres|redis|nginx|apache|ysoserial|sqlmap|afl\+?\+?)$/i;
/** A name-like token: `acme-server`, `quuxdb`, `nimbus-sync`, `Acme`. Identifiers with `_` or `()` are functions and fields. */
const TOKEN = /(?<![\w./@:-])([A-Za-z][A-Za-z0-9]{1,30}(?:[-.][A-Za-z0-9]{1,30}){0,3})(?![\w@(-]|\.\w)/g;
/** Right after a name (or a name and one descriptive word: "nimbus-sync server 0.9.4"): a version, a range, or "version(s)". */
const VERSION_AFTER = /^['’]?s?(?:\s[a-z]{3,12}(?=\s\d))?\s?\(?(?:v(?:ersions?)?\.?\s?|release\s|(?:<=?|>=?|≤|before|prior to|up to|avant(?: la)?|jusqu'à)\s?)?v?\d{1,4}(?:\.(?:\d{1,6}|x))+/i;

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

export function findProduct(input: ProductInput): Field<string | null> {
  for (const d of input.declared) {
    const name = declaredName(d.text.split('\n')[0] ?? '');
    if (name) return { value: name, confidence: 0.9, span: [d.start, d.start + Math.min(d.text.length, name.length)] };
  }
  const known = mentionedKnown(input);
  if (known) return known;
  return voted(input);
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

/** "Scope: plume-mail webmail, versions 5.1 to 5.2.x" → "plume-mail"; "Acme Portal 2.3 (self-hosted)" → "acme portal". */
function declaredName(raw: string): string | null {
  const head = raw
    .replace(/[*_`]/g, '')
    .replace(/https?:\/\/([^\s/]+)\S*/gi, '$1')
    .split(/\s(?:v(?:ersions?)?\.?\s?)?\d|\s[-–—(,;|]|\s(?:before|prior|up to|<|>|avant|versions?\b|and\b|et\b)|[(,;|]/i)[0]
    ?.replace(/^(?:the|le|la|l')\s+/i, '');
  const s = head === undefined ? undefined : trimTrailingPunctuation(head).trim();
  if (!s || s.length < 2 || s.length > 40) return null;
  const words = s.split(/\s+/);
  // "plume-mail webmail", "kestrel-router firmware 4.x": a package-like first word is the name, the rest describes it.
  if (words.length > 1 && /[-.]/.test(words[0] as string) && !STOP.has((words[0] as string).toLowerCase())) return (words[0] as string).toLowerCase();
  if (words.length > 4 || words.every((w) => STOP.has(w.toLowerCase())) || ENVIRONMENT.test(s) || PLATFORM.test(s)) return null;
  return s.toLowerCase();
}

/** Drops trailing spaces, dots and colons by a scan: /[\s.:]+$/ retries from every character of a long inner run, quadratic on one line. */
function trimTrailingPunctuation(s: string): string {
  let end = s.length;
  while (end > 0 && /[\s.:]/.test(s[end - 1] as string)) end--;
  return s.slice(0, end);
}

interface Candidate {
  name: string;
  score: number;
  firstAt: number;
}

/**
 * Votes for name-like tokens: in the subject (more when introduced by "in"/"dans" or first), right before a
 * version number, and how often the body repeats them. A product is what both the subject and the versions point at.
 */
function voted(input: ProductInput): Field<string | null> {
  const candidates = new Map<string, Candidate>();
  const vote = (raw: string, points: number, at: number) => {
    const name = raw.toLowerCase();
    if (STOP.has(name) || ENVIRONMENT.test(name) || PLATFORM.test(name) || /^\d|^cve-|^cwe-/.test(name)) return;
    const c = candidates.get(name) ?? { name, score: 0, firstAt: at };
    c.score += points;
    candidates.set(name, c);
  };
  const subject = input.subject.replace(/^\s*(?:(?:re|fwd?|tr|aw)\s?:\s*)+/i, '').replace(/^\s*\[[^\]]{0,40}\]\s*/, '');
  let first = true;
  for (const m of subject.matchAll(TOKEN)) {
    const t = m[1] as string;
    const before = subject.slice(Math.max(0, m.index - 12), m.index);
    // "in acme-server", "dans widgetd"; not "of"/"de", which introduce any noun ("moteur de recherche").
    const introduced = /\b(?:in|on|affecting|dans|sur)\s$/i.test(before);
    // "nimbus-sync: Java deserialization …": a name then a colon opens many subjects.
    const labelled = first && /^\s?:/.test(subject.slice(m.index + t.length));
    // Lower-case or hyphenated tokens in a subject are names far more often than capitalised English words.
    const shaped = /[-.]/.test(t) || /\d/.test(t) ? 1 : /^[a-z]/.test(t) ? 0.5 : 0;
    // "(acme-server 3.2.1)": a name followed by its version in the subject, as in the body.
    const versioned = VERSION_AFTER.test(subject.slice(m.index + t.length, m.index + t.length + 40).replace(/^\s/, '')) ? 3 : 0;
    vote(t, 1 + (introduced ? 1 : 0) + (first ? 0.5 : 0) + (labelled ? 1.5 : 0) + shaped + versioned, -1);
    first = false;
  }
  const counts = new Map<string, number>();
  let seen = 0;
  // VERSION_AFTER ends with a digit and a dot: where the 40 characters after a token hold none, it is not tried.
  const numbered = digitDots(input.body);
  let next = 0;
  for (const m of input.body.matchAll(TOKEN)) {
    if (++seen > LIMITS.extractProductTokens) break;
    const t = m[1] as string;
    const key = t.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const from = m.index + t.length;
    while (next < numbered.length && (numbered[next] as number) < from) next++;
    if (next >= numbered.length || (numbered[next] as number) + 1 >= from + 40) continue;
    const after = input.body.slice(from, from + 40);
    if (VERSION_AFTER.test(after.replace(/^\s/, ''))) vote(t, 3, m.index);
  }
  // Repetition counts only for names with another vote, so common words do not pile up.
  for (const c of candidates.values()) if (c.score > 0) c.score += 0.5 * Math.min(counts.get(c.name) ?? 0, 6);
  let best: Candidate | null = null;
  for (const c of candidates.values()) if (best === null || c.score > best.score || (c.score === best.score && c.firstAt < best.firstAt)) best = c;
  if (best === null || best.score < 2.5) return { value: null, confidence: 0, span: null };
  const name = fullName(best.name, `${subject}\n${input.body}`);
  const span: [number, number] | null = best.firstAt >= 0 ? [best.firstAt, best.firstAt + best.name.length] : null;
  return { value: name, confidence: Math.min(0.85, 0.3 + best.score / 20), span };
}

/** Offsets of every digit followed by a dot, in order (two such pairs never overlap). */
function digitDots(text: string): number[] {
  const at: number[] = [];
  for (const m of text.matchAll(/\d\./g)) at.push(m.index);
  return at;
}

/**
 * A capitalised name is often more than one word ("Lumen Uploader", "Pivot CMS"): extend the chosen token with
 * the capitalised words written next to it, when the text spells it that way.
 */
function fullName(token: string, text: string): string {
  const word = `[A-Z][A-Za-z0-9]{1,30}`;
  const re = new RegExp(`(?<![\\w-])((?:${word} ){0,2})(${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})((?: ${word}){0,2})(?![\\w-])`, 'gi');
  let tries = 0;
  for (const m of text.matchAll(re)) {
    if (++tries > LIMITS.extractProductNameTries) break;
    if (!/^[A-Z]/.test(m[2] as string)) continue;
    const keep = (w: string) => !STOP.has(w.toLowerCase()) && !ENVIRONMENT.test(w) && /^[A-Z]/.test(w);
    const before = (m[1] as string).trim().split(' ').filter(Boolean);
    const after = (m[3] as string).trim().split(' ').filter(Boolean);
    // A capitalised word that starts a sentence is not part of the name.
    const sentenceStart = m.index === 0 || /(?:^|[.!?:]\s|\n)$/.test(text.slice(Math.max(0, m.index - 2), m.index));
    const lead = sentenceStart ? before.slice(1) : before;
    const words = [...lead.filter(keep), m[2] as string, ...takeWhile(after, keep)];
    if (words.length > 1) return words.join(' ').toLowerCase();
  }
  return token;
}

function takeWhile<T>(xs: T[], ok: (x: T) => boolean): T[] {
  const out: T[] = [];
  for (const x of xs) {
    if (!ok(x)) break;
    out.push(x);
  }
  return out;
}

export const sameProduct = (a: string, b: string) => norm(a) === norm(b);
