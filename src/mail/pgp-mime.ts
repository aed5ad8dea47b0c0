/**
 * @module Builders for PGP mail: PGP/MIME (RFC 3156) encrypted and signed, the cleartext MIME entity that gets
 * encrypted (with protected headers), and the shapes researchers' clients send (inline `gpg --armor` text,
 * Mailvelope's text + HTML alternative, encrypted attachments). Our acknowledgements use the same builders.
 * Pure: strings in, a raw RFC 5322 message (CRLF line endings) out. Nothing here encrypts or signs; callers pass
 * armored PGP produced by openpgp or gpg.
 */
import { randomBytes } from 'node:crypto';

export interface MailHeaders {
  from: string;
  to: string;
  subject: string;
  /** Defaults to now. A string is written as given. */
  date?: Date | string;
  /** With or without angle brackets; defaults to `<random@domain-of-from>`. */
  messageId?: string;
  /** Written after the standard headers, in order (e.g. `Autocrypt`, `In-Reply-To`, `User-Agent`). */
  extraHeaders?: Record<string, string>;
}

export interface InnerAttachment {
  name: string;
  contentType: string;
  content: Buffer | string;
}

export interface InnerMimeOptions {
  /** The real subject as a protected header (draft-autocrypt-lamps-protected-headers): adds `protected-headers="v1"`. */
  subject?: string;
  /** Further protected headers copied inside the encryption (e.g. `From`, `To`, `Date`, `Message-ID`). */
  headers?: Record<string, string>;
  text: string;
  html?: string;
  attachments?: InnerAttachment[];
}

export interface EncryptedAttachmentFile {
  /** e.g. `report.txt.pgp` (binary or armored) or `poc.py.asc` (armored). */
  name: string;
  /** Binary OpenPGP packets (Buffer) or an armored block (string). */
  content: Buffer | string;
  /** Default: `application/pgp-encrypted` for `.pgp`/`.gpg`, else `application/octet-stream`. */
  contentType?: string;
}

export type MailvelopeStyle = 'pre' | 'div' | 'p';

const CRLF = '\r\n';

/** CRLF everywhere, whatever the input used (LF, CR, CRLF). */
export function crlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, CRLF);
}

/**
 * The exact bytes an RFC 3156 signer signs for a MIME entity: CRLF line endings and no trailing whitespace on any
 * line (§5: "trailing whitespace MUST be removed"; a client makes this lossless by quoted-printable encoding such
 * text first, which `innerMime` does). The end of the entity is left as is: the CRLF before the next boundary
 * belongs to the boundary, so `multipartSigned` adds it. Idempotent.
 */
export function canonicalize(entity: string): string {
  return crlf(entity)
    .split(CRLF)
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join(CRLF);
}

/** A boundary that does not occur in any of `contents` (random, and checked). */
export function boundary(...contents: string[]): string {
  for (;;) {
    const b = `----=_Part_${randomBytes(12).toString('hex')}`;
    if (!contents.some((c) => c.includes(b))) return b;
  }
}

/** RFC 3156 §4 PGP/MIME encrypted message, laid out like Thunderbird/Enigmail and mutt do. */
export function pgpMimeEncrypted(h: MailHeaders, armoredMessage: string): string {
  const armor = ensureTrailingCrlf(crlf(armoredMessage));
  const b = boundary(armor);
  return (
    topHeaders(h, [`Content-Type: multipart/encrypted;${CRLF} protocol="application/pgp-encrypted";${CRLF} boundary="${b}"`]) +
    CRLF +
    `This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)${CRLF}` +
    `--${b}${CRLF}` +
    `Content-Type: application/pgp-encrypted${CRLF}` +
    `Content-Description: PGP/MIME version identification${CRLF}` +
    CRLF +
    `Version: 1${CRLF}` +
    CRLF +
    `--${b}${CRLF}` +
    `Content-Type: application/octet-stream; name="encrypted.asc"${CRLF}` +
    `Content-Description: OpenPGP encrypted message${CRLF}` +
    `Content-Disposition: inline; filename="encrypted.asc"${CRLF}` +
    CRLF +
    armor +
    CRLF +
    `--${b}--${CRLF}`
  );
}

/**
 * The cleartext MIME entity a client encrypts (or signs): a single text/plain part, or multipart/alternative when
 * `html` is given, inside multipart/mixed when there are attachments. Text is 7bit when it can be, else
 * quoted-printable (UTF-8); attachments are base64. With `subject`, the root carries `protected-headers="v1"` and
 * a `Subject` header, as Thunderbird and the protected-headers draft do. No top-level message headers.
 */
export function innerMime(opts: InnerMimeOptions): string {
  const body = opts.html === undefined ? textPart('text/plain', opts.text) : alternative(textPart('text/plain', opts.text), textPart('text/html', opts.html));
  const attachments = (opts.attachments ?? []).map(attachmentPart);
  const root = attachments.length === 0 ? body : multipart('mixed', [body, ...attachments]);
  const protectedHeaders: string[] = [];
  if (opts.subject !== undefined) protectedHeaders.push(header('Subject', encodeWords(opts.subject)));
  for (const [name, value] of Object.entries(opts.headers ?? {})) protectedHeaders.push(header(name, encodeWords(value)));
  if (protectedHeaders.length === 0) return root;
  // The entity's own header block comes first: add the parameter to its Content-Type and the headers after it.
  const split = root.indexOf(CRLF + CRLF);
  const head = root.slice(0, split).replace(/^(Content-Type: [^\r]*?)(;|\r\n|$)/m, (_m, ct: string, rest: string) => `${ct}; protected-headers="v1"${rest}`);
  return `${head}${CRLF}${protectedHeaders.join(CRLF)}${root.slice(split)}`;
}

/**
 * RFC 3156 §5 multipart/signed. `signedEntity` is written in its canonical form (see `canonicalize`), which must
 * be the exact bytes the detached signature covers. `micalg` as in the Content-Type (`pgp-sha256`) or a hash name
 * (`SHA256`). With `h === null` only the entity is returned (no message headers), to nest inside an encryption.
 */
export function multipartSigned(h: MailHeaders | null, signedEntity: string, armoredDetachedSignature: string, micalg = 'pgp-sha256'): string {
  const signed = canonicalize(signedEntity);
  const sig = ensureTrailingCrlf(crlf(armoredDetachedSignature));
  const b = boundary(signed, sig);
  const mic = micalg.toLowerCase().startsWith('pgp-') ? micalg.toLowerCase() : `pgp-${micalg.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  const contentType = `Content-Type: multipart/signed; micalg=${mic};${CRLF} protocol="application/pgp-signature";${CRLF} boundary="${b}"`;
  const body =
    `This is an OpenPGP/MIME signed message (RFC 4880 and 3156)${CRLF}` +
    `--${b}${CRLF}` +
    signed +
    CRLF +
    `--${b}${CRLF}` +
    `Content-Type: application/pgp-signature; name="signature.asc"${CRLF}` +
    `Content-Description: OpenPGP digital signature${CRLF}` +
    `Content-Disposition: attachment; filename="signature.asc"${CRLF}` +
    CRLF +
    sig +
    CRLF +
    `--${b}--${CRLF}`;
  if (h === null) return contentType + CRLF + CRLF + body;
  return topHeaders(h, [contentType]) + CRLF + body;
}

/** A text/plain mail whose body is an armored block, as when `gpg --armor` output is pasted into a mail. */
export function inlinePgpText(h: MailHeaders, armored: string, opts: { prefix?: string; suffix?: string } = {}): string {
  const text = (opts.prefix ?? '') + crlf(armored).replace(/\r\n$/, '') + CRLF + (opts.suffix ?? '');
  const { cte, body } = encodeText(text);
  return topHeaders(h, ['Content-Type: text/plain; charset=utf-8', `Content-Transfer-Encoding: ${cte}`]) + CRLF + body;
}

/**
 * What Mailvelope (in a webmailer) sends: multipart/alternative with the armored block in text/plain and the same
 * block in text/html, escaped, one armor line per `<br>` (`pre`: inside `<pre>`; `div`: Gmail-style `<div>`),
 * or one `<p>` per line (`p`). The HTML is quoted-printable, in long lines, as webmailers write it.
 */
export function mailvelopeHtml(h: MailHeaders, armored: string, style: MailvelopeStyle = 'pre'): string {
  const lines = crlf(armored).replace(/\r\n$/, '').split(CRLF).map(escapeHtml);
  let inner: string;
  if (style === 'p') inner = lines.map((l) => (l === '' ? '<p><br></p>' : `<p>${l}</p>`)).join('');
  else if (style === 'div') inner = `<div dir="ltr">${lines.join('<br>')}<br></div>`;
  else inner = `<pre style="white-space: pre-wrap; font-family: monospace">${lines.join('<br>')}</pre>`;
  const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>${inner}</body></html>`;
  const plain = textPart('text/plain', crlf(armored));
  const htmlPart = `Content-Type: text/html; charset=utf-8${CRLF}Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}${quotedPrintable(html)}${CRLF}`;
  return message(h, alternative(plain, htmlPart));
}

/** multipart/mixed: a cleartext body and files that are encrypted on their own (`report.txt.pgp`, `poc.py.asc`). */
export function encryptedAttachment(h: MailHeaders, bodyText: string, attachments: EncryptedAttachmentFile[]): string {
  const parts = [textPart('text/plain', bodyText)];
  for (const a of attachments) {
    const type = a.contentType ?? (/\.(pgp|gpg)$/i.test(a.name) ? 'application/pgp-encrypted' : 'application/octet-stream');
    parts.push(attachmentPart({ name: a.name, contentType: type, content: typeof a.content === 'string' ? Buffer.from(a.content, 'latin1') : a.content }));
  }
  return message(h, multipart('mixed', parts));
}

// ---------------------------------------------------------------------------------------------------------------

/** Top-level headers of `entity` merged with the message headers (the entity's own header block comes first in it). */
function message(h: MailHeaders, entity: string): string {
  const split = entity.indexOf(CRLF + CRLF);
  return topHeaders(h, [entity.slice(0, split)]) + entity.slice(split + 2);
}

function topHeaders(h: MailHeaders, contentHeaders: string[]): string {
  const lines = [
    header('From', encodeAddressList(h.from)),
    header('To', encodeAddressList(h.to)),
    header('Subject', encodeWords(h.subject)),
    header('Date', typeof h.date === 'string' ? h.date : rfc5322Date(h.date ?? new Date())),
    header('Message-ID', normalizeMessageId(h.messageId, h.from)),
    ...Object.entries(h.extraHeaders ?? {}).map(([name, value]) => header(name, value)),
    'MIME-Version: 1.0',
    ...contentHeaders,
  ];
  return lines.join(CRLF) + CRLF;
}

function header(name: string, value: string): string {
  return fold(`${name}: ${value.replace(/\r?\n(?![ \t])/g, ' ').replace(/\r?\n/g, CRLF)}`);
}

/** Folds a header line at whitespace so that no line exceeds 78 characters where that is possible. */
function fold(line: string): string {
  if (line.length <= 78 || line.includes(CRLF)) return line;
  const out: string[] = [];
  let rest = line;
  while (rest.length > 78) {
    const at = rest.lastIndexOf(' ', 78);
    if (at <= 0) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  out.push(rest);
  return out.join(CRLF);
}

function normalizeMessageId(id: string | undefined, from: string): string {
  if (id !== undefined) return id.startsWith('<') ? id : `<${id}>`;
  const domain = /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'localhost';
  return `<${randomBytes(12).toString('hex')}@${domain}>`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** `Tue, 03 Feb 2026 09:15:00 +0000` (RFC 5322 §3.3, in UTC). */
export function rfc5322Date(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

const NON_ASCII = /[^\x20-\x7e]/;

/** RFC 2047 B-encoded words (UTF-8) for non-ASCII text; each word at most 75 characters, never splitting a character. */
export function encodeWords(text: string): string {
  if (!NON_ASCII.test(text)) return text;
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

/** `Zoë <z@x.example>, b@y.example`: encodes non-ASCII display names, leaves addresses alone. */
function encodeAddressList(list: string): string {
  if (!NON_ASCII.test(list)) return list;
  return list
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((one) => {
      const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(one);
      return m ? `${encodeWords(m[1] ?? '')} <${m[2] ?? ''}>` : one.trim();
    })
    .join(', ');
}

function ensureTrailingCrlf(text: string): string {
  return text.endsWith(CRLF) ? text : text + CRLF;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * 7bit when every line is short printable ASCII with no trailing whitespace and no `From ` at a line start (so the
 * text survives signing, mbox and SMTP unchanged); quoted-printable otherwise.
 */
function encodeText(text: string): { cte: '7bit' | 'quoted-printable'; body: string } {
  const lines = crlf(text).split(CRLF);
  const plain = lines.every((l) => l.length <= 76 && !/[^\x20-\x7e\t]/.test(l) && !/[ \t]$/.test(l) && !l.startsWith('From '));
  if (plain) return { cte: '7bit', body: ensureTrailingCrlf(lines.join(CRLF)) };
  return { cte: 'quoted-printable', body: ensureTrailingCrlf(quotedPrintable(text)) };
}

/** RFC 2045 §6.7 quoted-printable of the UTF-8 bytes; line breaks in `text` become hard CRLF breaks. */
export function quotedPrintable(text: string): string {
  return crlf(text)
    .split(CRLF)
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      const out: string[] = [];
      let current = '';
      bytes.forEach((byte, i) => {
        const last = i === bytes.length - 1;
        const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
        // "From " and a lone "." at a line start are escaped too, as mutt does, so no MTA or mbox mangles them.
        const atStart = current === '' && ((byte === 70 && bytes.subarray(i, i + 5).toString('latin1') === 'From ') || (byte === 46 && last));
        const token = literal && !atStart ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        if (current.length + token.length > 75) {
          out.push(`${current}=`);
          current = '';
        }
        current += token;
      });
      out.push(current);
      return out.join(CRLF);
    })
    .join(CRLF);
}

function base64Lines(data: Buffer): string {
  const b64 = data.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join(CRLF) + CRLF;
}

function textPart(type: 'text/plain' | 'text/html', text: string): string {
  const { cte, body } = encodeText(text);
  return `Content-Type: ${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: ${cte}${CRLF}${CRLF}${body}`;
}

function alternative(...parts: string[]): string {
  return multipart('alternative', parts);
}

function multipart(subtype: string, parts: string[]): string {
  const b = boundary(...parts);
  return (
    `Content-Type: multipart/${subtype};${CRLF} boundary="${b}"${CRLF}${CRLF}` +
    // The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1): a part's own final line break stays.
    parts.map((p) => `--${b}${CRLF}${ensureTrailingCrlf(p)}${CRLF}`).join('') +
    `--${b}--${CRLF}`
  );
}

/** RFC 2231 parameter for a non-ASCII file name, a quoted string otherwise. */
function fileParam(param: 'name' | 'filename', name: string): string {
  if (NON_ASCII.test(name) || /["\\]/.test(name)) return `${param}*=utf-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
  return `${param}="${name}"`;
}

function attachmentPart(a: InnerAttachment): string {
  const content = typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : a.content;
  const type = a.contentType.startsWith('text/') && !/charset=/i.test(a.contentType) ? `${a.contentType}; charset=utf-8` : a.contentType;
  return (
    `Content-Type: ${type};${CRLF} ${fileParam('name', a.name)}${CRLF}` +
    `Content-Disposition: attachment;${CRLF} ${fileParam('filename', a.name)}${CRLF}` +
    `Content-Transfer-Encoding: base64${CRLF}${CRLF}` +
    base64Lines(content)
  );
}
