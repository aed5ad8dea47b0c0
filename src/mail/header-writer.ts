/** @module The one writer of outgoing header lines: input values lose their control characters, non-ASCII is RFC 2047-encoded, every line is folded. Pure. */
import { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';

export interface Mailbox {
  name: string | null;
  address: string;
}

const CRLF = '\r\n';
/** C0 controls, DEL, C1 controls and the Unicode line/paragraph separators: CR or LF would start a forged header, the rest is terminal or parser mischief. */
const CONTROL_RUN = /[\x00-\x1f\x7f-\x9f\u2028\u2029]+/g;
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;
/** RFC 5322 §2.1.1: lines SHOULD be at most 78 characters; folding aims there. */
const FOLD_AT = 78;
/** RFC 5322 §2.1.1: lines MUST be at most 998 octets. */
const MAX_LINE = 998;

/** Each run of control characters in input text becomes one space, so words on either side stay apart. */
export function withoutControls(text: string): string {
  return text.replace(CONTROL_RUN, ' ');
}

/** Subject and other free text (RFC 5322 §3.2.5 unstructured). */
export function unstructuredHeader(name: string, value: string): string {
  return `${name}: ${phraseOrText(withoutControls(value), name.length + 2)}`;
}

/**
 * `"Name" <address>` (RFC 5322 §3.4). The display name is cleaned like text; the address is where the mail goes,
 * so one we cannot write exactly as given is refused, never repaired into somebody else's.
 */
export function mailboxHeader(name: string, mailbox: Mailbox): string {
  const address = checkedAddress(mailbox.address);
  const display = mailbox.name === null ? '' : withoutControls(mailbox.name).trim();
  if (display === '') return `${name}: ${address}`;
  return `${name}: ${phraseOrText(display, name.length + 2, true)} <${address}>`;
}

/** In-Reply-To / References: only well-formed IDs are written, at most `maxOutgoingReferences` (the thread root and the newest); null when none is left. */
export function messageIdsHeader(name: string, ids: string[]): string | null {
  const valid = [...new Set(ids.map((id) => id.replace(/^<(.*)>$/, '$1')).filter(isMessageId))];
  const max = LIMITS.maxOutgoingReferences;
  // RFC 5322 §3.6.4: the first ID is the thread root, which clients thread by; the newest are the closest parents.
  const kept = valid.length <= max ? valid : [valid[0] as string, ...valid.slice(valid.length - (max - 1))];
  if (kept.length === 0) return null;
  return `${name}: ${fold(kept.map((id) => `<${id}>`).join(' '), name.length + 2)}`;
}

/** A header line we built ourselves (Date, Content-Type, ...): any control byte in it is a bug in our code. */
export function ownHeader(line: string): string {
  const physical = line.split(CRLF);
  const ok = physical.every((l, i) => !CONTROL.test(l.replace(/\t/g, ' ')) && Buffer.byteLength(l) <= MAX_LINE && (i === 0 || /^[ \t]/.test(l)));
  if (!ok) throw new Error(`refusing to write a malformed header of our own: ${JSON.stringify(line.slice(0, 80))}`);
  return line;
}

export function isMessageId(id: string): boolean {
  // RFC 5322 §3.6.4 msg-id: printable ASCII around one "@"; angle brackets would end it early.
  return id.length <= LIMITS.maxMessageIdLength && /^[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+$/.test(id);
}

function checkedAddress(address: string): string {
  // addr-spec without comments or quoting; non-ASCII local parts are RFC 6532's business, so they pass as UTF-8.
  const ok = address.length <= LIMITS.maxAddressLength && /^[^\s"(),:;<>@[\\\]\x00-\x1f\x7f-\x9f\u2028\u2029]+@[^\s"(),:;<>@[\\\]\x00-\x1f\x7f-\x9f\u2028\u2029]+$/.test(address);
  if (!ok) {
    throw new SecintakeError('E_MAIL_HEADER', `refusing to write mail to the address ${JSON.stringify(address.slice(0, 100))}`, {
      hint: 'the address came from the incoming mail; nothing is sent to it. Reply by hand if the report needs an answer',
    });
  }
  return address;
}

/**
 * Text as is, folded at its spaces, when it is short-worded printable ASCII; otherwise RFC 2047 encoded words, which
 * fold anywhere and read back exactly. `quote` makes an ASCII phrase a quoted-string (display names).
 */
function phraseOrText(text: string, column: number, quote = false): string {
  const plain = !/[^\x20-\x7e]/.test(text) && !text.includes('=?') && text.split(' ').every((w) => w.length + column <= FOLD_AT);
  if (!plain) return encodeWords(text);
  return fold(quote ? `"${text.replace(/(["\\])/g, '\\$1')}"` : text, column);
}

/** Folds before a space so that lines stay within 78 columns where the words allow (RFC 5322 §3.2.2 FWS). */
function fold(text: string, column: number): string {
  const lines: string[] = [];
  let rest = text;
  let width = FOLD_AT - column;
  while (rest.length > width) {
    const at = rest.lastIndexOf(' ', width);
    if (at <= 0) break;
    lines.push(rest.slice(0, at));
    rest = rest.slice(at);
    width = FOLD_AT;
  }
  lines.push(rest);
  return lines.join(CRLF);
}

/** RFC 2047 B-encoded words (UTF-8), one per folded line, each at most 75 characters, never splitting a character. */
export function encodeWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    // 39 bytes are 52 base64 characters, a 64-character word: `Subject: ` and the first word fit in 78 columns.
    if (Buffer.byteLength(chunk + ch) > 39) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join(`${CRLF} `);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** `Tue, 03 Feb 2026 09:15:00 +0000` (RFC 5322 §3.3, in UTC). */
export function rfc5322Date(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
