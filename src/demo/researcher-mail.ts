/**
 * @module Mail as researchers' clients send it, for the demo and the tests: PGP/MIME (mutt, Thunderbird), inline
 * `gpg --armor` text, Mailvelope's text + HTML alternative, encrypted attachments, signed-only mail. Not used by the
 * daemon: it lives under src/demo/ because `npm run demo` runs it and `npm run build` compiles src/ only. Headers are
 * written as a client would (free-form From/To strings, extra headers as given); the MIME bodies are ours.
 */
import { randomBytes } from 'node:crypto';
import { encodeWords, rfc5322Date, unstructuredHeader } from '../mail/header-writer.js';
import { bodyEntity, crlf, encodeText, encryptedBody, multipart, quotedPrintable, signedBody, textPart, withProtectedHeaders } from '../mail/pgp-mime.js';

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
const NON_ASCII = /[^\x20-\x7e]/;

/** RFC 3156 §4 PGP/MIME encrypted message around an armored block. */
export function pgpMimeEncrypted(h: MailHeaders, armoredMessage: string): string {
  const { contentType, body } = encryptedBody(armoredMessage);
  return topHeaders(h, [contentType]) + CRLF + body;
}

/**
 * The cleartext MIME entity a client encrypts (or signs): text, or text + HTML, inside multipart/mixed when there
 * are attachments (base64). With `subject`, the root carries `protected-headers="v1"` and a `Subject` header.
 */
export function innerMime(opts: InnerMimeOptions): string {
  const body = bodyEntity(opts.html === undefined ? { text: opts.text } : { text: opts.text, html: opts.html });
  const attachments = (opts.attachments ?? []).map(attachmentPart);
  const root = attachments.length === 0 ? body : multipart('mixed', [body, ...attachments]);
  const headers = [
    ...(opts.subject === undefined ? [] : [unstructuredHeader('Subject', opts.subject)]),
    ...Object.entries(opts.headers ?? {}).map(([name, value]) => unstructuredHeader(name, value)),
  ];
  return withProtectedHeaders(root, headers);
}

/** RFC 3156 §5 multipart/signed; with `h === null` only the entity (no message headers), to nest inside an encryption. */
export function multipartSigned(h: MailHeaders | null, signedEntity: string, armoredDetachedSignature: string, micalg = 'pgp-sha256'): string {
  const { contentType, body } = signedBody(signedEntity, armoredDetachedSignature, micalg);
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
  return message(h, multipart('alternative', [plain, htmlPart]));
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

/** Top-level headers of `entity` merged with the message headers (the entity's own header block comes first in it). */
function message(h: MailHeaders, entity: string): string {
  const split = entity.indexOf(CRLF + CRLF);
  return topHeaders(h, [entity.slice(0, split)]) + entity.slice(split + 2);
}

function topHeaders(h: MailHeaders, contentHeaders: string[]): string {
  const lines = [
    `From: ${encodeAddressList(h.from)}`,
    `To: ${encodeAddressList(h.to)}`,
    unstructuredHeader('Subject', h.subject),
    `Date: ${typeof h.date === 'string' ? h.date : rfc5322Date(h.date ?? new Date())}`,
    `Message-ID: ${normalizeMessageId(h.messageId, h.from)}`,
    // As a client writes them: a multi-line value is folded where it breaks, nothing else is touched.
    ...Object.entries(h.extraHeaders ?? {}).map(([name, value]) => `${name}: ${value.replace(/\r?\n(?![ \t])/g, ' ').replace(/\r?\n/g, CRLF)}`),
    'MIME-Version: 1.0',
    ...contentHeaders,
  ];
  return lines.join(CRLF) + CRLF;
}

function normalizeMessageId(id: string | undefined, from: string): string {
  if (id !== undefined) return id.startsWith('<') ? id : `<${id}>`;
  const domain = /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'localhost';
  return `<${randomBytes(12).toString('hex')}@${domain}>`;
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

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function base64Lines(data: Buffer): string {
  const b64 = data.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join(CRLF) + CRLF;
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
