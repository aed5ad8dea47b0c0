/** @module Who reported: name or alias (sign-off, signature, "my name is", From display name), email, another contact, and whether they want credit. */
import { CLOSING, type Line } from './text.js';
import { mayMatch, type TrigramIndex } from './trigrams.js';
import type { ExtractInput, Field, Reporter } from './types.js';

/** Automated senders relay a report; the researcher is named in the body. */
const RELAY = /^(?:no-?reply|notifications?|support|mailer|bounce|do-?not-?reply|alerts?)@|@(?:[\w-]+\.)*(?:hackerone|bugcrowd|yeswehack|intigriti|huntr|openbugbounty)\.\w+$/i;
const EMAIL = /(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/g;
const NAME = /^(?:[\p{Lu}][\p{L}\p{M}'’.-]{0,30}|[\p{Ll}][\p{L}\p{M}'’.-]{0,30}(?=\s[\p{Lu}]))(?:\s(?:[\p{L}][\p{L}\p{M}'’.-]{0,30}|de|van|von|da|di|le|la)){0,3}$/u;
const HANDLE = /^@?[A-Za-z0-9][\w.-]{1,30}$/;

export interface ReporterFinding {
  reporter: Field<Reporter>;
  creditWanted: Field<boolean | null>;
}

/** `trigrams`, when given, covers the scan window and the credit sections: a pattern that cannot match in them is not run. */
export function findReporter(text: string, lines: Line[], from: ExtractInput['from'], scanEnd: number, creditSections: string[], trigrams?: TrigramIndex): ReporterFinding {
  const scan = text.slice(0, scanEnd);
  const fromAddress = from?.address?.toLowerCase() ?? null;
  const relayed = fromAddress !== null && RELAY.test(fromAddress);
  const signed = signature(lines, scanEnd);
  const stated = statedName(scan, creditSections, trigrams);
  const display = from?.name && !relayed ? cleanDisplay(from.name) : null;
  const name = chooseName(signed, stated, display);
  const bodyEmails = addressesIn(scan)
    .map((m) => ({ address: m[0].toLowerCase().replace(/\.$/, ''), at: m.index }))
    .filter((e) => !/^(?:security|secure|psirt|cert|vuln|disclosure|bugbounty|noreply|no-reply)@|@(?:example\.(?:com|org|net)|test\.\w+|localhost)$/.test(e.address) && !/[<"']$/.test(scan.slice(Math.max(0, e.at - 1), e.at)));
  const email = relayed ? (bodyEmails[0]?.address ?? null) : fromAddress;
  const other = bodyEmails.find((e) => e.address !== email);
  const contact = other?.address ?? channel(scan, trigrams);
  const reporter: Reporter = { name: name?.value ?? null, email, contact };
  const confidence = name ? name.confidence : email ? 0.3 : 0;
  return { reporter: { value: reporter, confidence, span: name?.span ?? null }, creditWanted: credit(scan, creditSections, trigrams) };
}

/**
 * What `scan.matchAll(EMAIL)` finds. A match holds an "@" and starts at most 64 characters before it, so each search
 * starts there: the same leftmost match, without trying every word of a long text first.
 */
function addressesIn(scan: string): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  for (let from = 0; ; ) {
    const at = scan.indexOf('@', from);
    if (at < 0) return found;
    EMAIL.lastIndex = Math.max(from, at - 64);
    const m = EMAIL.exec(scan);
    if (!m) return found;
    found.push(m);
    from = m.index + m[0].length;
  }
}

type Named = { value: string; confidence: number; span: [number, number] | null; strong?: boolean };

/**
 * The signature first (people sign with the name they go by), then a name they state, then the From display name.
 * A candidate that extends the chosen one ("Rafael" → "Rafael Souza") is the same person, written in full: take it.
 */
function chooseName(signed: Named | null, stated: Named | null, display: string | null): Named | null {
  const shown: Named | null = display ? { value: display, confidence: 0.6, span: null } : null;
  const base = (stated?.strong && !signed ? stated : null) ?? signed ?? (stated?.strong ? stated : null) ?? shown ?? stated;
  if (!base) return null;
  const prefix = `${base.value.toLowerCase()} `;
  const fuller = [stated, shown].find((c) => c !== null && c.value.toLowerCase().startsWith(prefix));
  return fuller ? { ...fuller, confidence: Math.max(fuller.confidence, base.confidence) } : base;
}

/** The name under a sign-off ("Regards,\nAda Lovelace") or on its line ("Thanks, Ada"), or after a "-- " separator. */
function signature(lines: Line[], scanEnd: number): { value: string; confidence: number; span: [number, number] } | null {
  const limit = lines.findIndex((l) => l.start >= scanEnd);
  const end = limit < 0 ? lines.length : limit;
  for (let i = end - 1, seen = 0; i >= 0 && seen < 30; i--) {
    const line = lines[i] as Line;
    if (line.blank || line.code) continue;
    seen++;
    const isSeparator = /^--\s?$/.test(line.text) || /^_{3,}\s*$/.test(line.text);
    const closing = !isSeparator && CLOSING.exec(line.text);
    if (!closing && !isSeparator) continue;
    const inline = closing ? /^[^,!.\-–—]{1,40}[,!.\-–—]\s*(.{2,60})$/.exec(line.text.trim()) : null;
    if (inline) {
      const n = nameLike(inline[1] as string);
      if (n) return { value: n, confidence: 0.8, span: [line.end - (inline[1] as string).length, line.end] };
    }
    for (let k = i + 1; k < Math.min(end, i + 4); k++) {
      const next = lines[k] as Line;
      if (next.blank) continue;
      const n = nameLike(next.text);
      if (n) return { value: n, confidence: isSeparator ? 0.7 : 0.85, span: [next.start, next.end] };
      break;
    }
  }
  return null;
}

/** Ways reporters state their name, strongest first; `true`: they name themself outright. */
const STATED_NAME: [RegExp, boolean][] = [
  [/\b(?:my name is|je m'appelle|je me nomme|je m’appelle)\s+([^\n,.;()]{2,40})/i, true],
  [/^\s{0,8}(?:\**)(?:name|nom|reporter|researcher|reported by|found by|discovered by|chercheur|auteur|découvert par|signalé par|credits?|crédits?)\s?(?:\**)\s?:\s?(?:\**)\s?([^\n,;()<]{2,40})/im, true],
  [/\b(?:[Cc]redit(?:ed)?|[Cc]rédite[rz]?)\s(?:me\s)?(?:as\s|to\s|with (?:the )?name\s|sous le nom\s|au nom de\s)?["“'«]?\s?([\p{Lu}@][^\n"”'»,.;()]{1,40})/u, false],
  [/\b(?:with (?:the )?name|sous le nom(?: de)?)\s["“'«]?\s?([\p{Lu}][^\n"”'»,.;()]{1,40})/u, false],
  [/\b(?:[Tt]his is|I am|I'm|[Jj]e suis)\s+(\p{Lu}[\p{L}'’-]{1,30}(?:\s\p{Lu}[\p{L}'’-]{1,30}){0,2})(?=\s?(?:,|\(|from\b|de\b|an?\b|and\b|et\b|-))/u, false],
];

/** "My name is X", "Name: X", "Credit: X", "please credit X": strong when the reporter names themself outright. */
function statedName(scan: string, creditSections: string[], trigrams: TrigramIndex | undefined): Named | null {
  const hay = [scan, ...creditSections.map((c) => c.split('\n')[0] ?? '')];
  for (const [re, strong] of STATED_NAME) {
    if (!mayMatch(re, trigrams)) continue;
    for (const text of hay) {
      const m = re.exec(text);
      if (!m) continue;
      const n = nameLike((m[1] as string).replace(/^["“'«\s]+|["”'»\s]+$/g, '').replace(/\s(?:in|on|for|and|from|at|of|who|with|working|dans|pour|et|qui|travaillant)\s.*$/i, ''));
      if (n) {
        const at = text === scan ? m.index + m[0].length - (m[1] as string).length : -1;
        return { value: n, confidence: strong ? 0.85 : 0.6, span: at >= 0 ? [at, at + n.length] : null, strong };
      }
    }
  }
  return null;
}

/** A line that reads as a name or handle: "Ada Lovelace", "Ada Lovelace | Acme Research", "h4x0r", "Jean-Luc Picard, OSCP". */
function nameLike(raw: string): string | null {
  const s = raw
    .replace(/[*_`>]/g, '')
    .replace(/\s?<[^>]{0,80}>\s?$/, '')
    .split(/\s[|–—]\s|\s-\s|,\s|\s\(/)[0]
    ?.trim()
    .replace(/[.!]$/, '');
  if (!s || s.length < 2 || s.length > 40) return null;
  if (/^(?:the|a|an|le|la|les|security|team|thanks|merci|regards|sent from|envoyé de|p\.?s\.?)\b/i.test(s)) return null;
  if (/[@/:=]|https?|\d{3}/.test(s)) return null;
  if (NAME.test(s) || (HANDLE.test(s) && /[\d_.-]|^[a-z]/.test(s))) return s.replace(/^@/, '');
  return null;
}

function cleanDisplay(name: string): string | null {
  const s = dropTrailingComment(name.replace(/^["']|["']$/g, '')).trim();
  return s.length >= 2 && !/@/.test(s) ? s : null;
}

/**
 * "Ada Lovelace (Acme)" → "Ada Lovelace": a comment that ends the name goes, with one white space before it. It opens at the
 * first "(" after the last line break. A scan, because /\s?\(.*\)$/ retries from every "(" of a hostile name, quadratically.
 */
function dropTrailingComment(s: string): string {
  if (!s.endsWith(')')) return s;
  const lastBreak = Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r'), s.lastIndexOf('\u2028'), s.lastIndexOf('\u2029'));
  const open = s.indexOf('(', lastBreak + 1);
  if (open < 0) return s;
  return s.slice(0, open > 0 && /\s/.test(s[open - 1] as string) ? open - 1 : open);
}

/** A second way to reach the reporter, as written: a handle on a named network, Signal, Keybase, a web page. */
const CHANNEL = /\b(?:twitter|x\.com|mastodon|signal|keybase|matrix|telegram|linkedin|website|blog|site web|discord)\b\s?(?:[:=-]|is|at|:)?\s?((?:https?:\/\/)?[@+\w][\w.@:/+-]{2,60})/i;

function channel(scan: string, trigrams: TrigramIndex | undefined): string | null {
  const m = mayMatch(CHANNEL, trigrams) ? CHANNEL.exec(scan) : null;
  return m ? (m[1] as string).replace(/[.,;]$/, '') : null;
}

const NO_CREDIT =
  /\b(?:(?:do not|don't|dont|please don't|no need to|rather not|prefer not to|would rather not|not) (?:be )?(?:credit|name|mention|acknowledge|list)\w*|(?:not|don't|do not|never|without) (?:publish\w*|mention\w*|us\w*|print\w*|includ\w*|disclos\w*|show\w*|reveal\w*) my (?:real )?name|no credit|(?:remain|stay|be kept|keep me|to be|prefer(?: to)?(?: remain| stay)?) anonymous|anonymously|prefer anonymity|anonym(?:e|at)|ne (?:pas|souhaite pas|veux pas) (?:être )?(?:crédité|cité|mentionné|nommé)|ne pas (?:publier|mentionner|citer) mon nom|pas (?:besoin )?de (?:crédit|mention)|sans (?:me )?(?:citer|mentionner|créditer))/i;
const CREDIT =
  /\b(?:(?:please |kindly )?credit (?:me|us|my|our|the finding|it to)|(?:give|add) (?:me|us) (?:the )?credit|(?:like|love|want|appreciate|happy|glad) (?:to be |being |a |some |public )?(?:credit(?:ed)?|acknowledge(?:d|ment)|mention(?:ed)?|named|listed)|credit (?:as|to)|(?:be |being )?(?:credited|acknowledged|mentioned) (?:as|in|for|on)|hall of fame|(?:merci de|pourriez-vous|souhaite(?:rais)?|aimerais|voudrais) (?:me )?(?:être )?(?:créditer|crédité|citer|cité|mentionner|mentionné)|(?:crédit|mention|remerciements?) (?:au nom de|dans l'avis|dans le bulletin|public))/i;

/** Asking for credit, or a credit section/line naming someone, is true; asking for anonymity wins over both. */
const CREDIT_NAMED = /\b(?:[Pp]lease |[Kk]indly )?credit\s(?:[\p{Lu}@])/u;

function credit(scan: string, creditSections: string[], trigrams: TrigramIndex | undefined): Field<boolean | null> {
  const no = mayMatch(NO_CREDIT, trigrams) ? NO_CREDIT.exec(scan) : null;
  if (no) return { value: false, confidence: 0.8, span: [no.index, no.index + no[0].length] };
  const yes = (mayMatch(CREDIT, trigrams) ? CREDIT.exec(scan) : null) ?? (mayMatch(CREDIT_NAMED, trigrams) ? CREDIT_NAMED.exec(scan) : null);
  if (yes) return { value: true, confidence: 0.75, span: [yes.index, yes.index + yes[0].length] };
  if (creditSections.some((c) => c.trim() !== '')) return { value: true, confidence: 0.6, span: null };
  return { value: null, confidence: 0, span: null };
}
