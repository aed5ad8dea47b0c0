/** @module A byte-exact MIME tree: every entity keeps its raw bytes, so multipart/signed can be verified over exactly what was signed (RFC 3156 §5). */
import { LIMITS } from '../limits.js';
import { decodeCharset } from './charset.js';

export interface ContentType {
  /** Lower-case `type/subtype`; `text/plain` when absent (RFC 2045 §5.2). */
  mediaType: string;
  params: Record<string, string>;
}

export interface MimeEntity {
  /** Unfolded header values by lower-case name, in order. */
  headers: Map<string, string[]>;
  contentType: ContentType;
  /** The whole entity (headers + body) as it appeared in the source. */
  raw: Buffer;
  /** The body, still in its Content-Transfer-Encoding. */
  body: Buffer;
  children: MimeEntity[];
  depth: number;
}

export type MimeIssue =
  | { code: 'mime_depth'; message: string }
  | { code: 'mime_parts'; message: string }
  | { code: 'mime_truncated'; message: string }
  | { code: 'mime_header_size'; message: string };

export type MimeResult = { ok: true; value: MimeEntity } | { ok: false; issue: MimeIssue };

export interface MimeLimits {
  maxDepth: number;
  /** Default LIMITS.maxMimeParts; the intake passes limits.max_mime_parts. */
  maxParts?: number;
}

class MimeError extends Error {
  constructor(readonly issue: MimeIssue) {
    super(issue.message);
  }
}

/** Parses raw bytes into a tree; `depthOffset` continues the depth count across a decryption boundary. */
export function parseMime(raw: Buffer, limits: MimeLimits, depthOffset = 0): MimeResult {
  const max = limits.maxParts ?? LIMITS.maxMimeParts;
  const budget = { parts: max, max };
  try {
    return { ok: true, value: parseEntity(raw, depthOffset, limits.maxDepth, budget) };
  } catch (e) {
    if (e instanceof MimeError) return { ok: false, issue: e.issue };
    throw e;
  }
}

function parseEntity(raw: Buffer, depth: number, maxDepth: number, budget: { parts: number; readonly max: number }): MimeEntity {
  if (depth > maxDepth) {
    throw new MimeError({ code: 'mime_depth', message: `MIME nesting is deeper than limits.max_mime_depth (${maxDepth})` });
  }
  if (--budget.parts < 0) {
    throw new MimeError({ code: 'mime_parts', message: `the message has more than limits.max_mime_parts (${budget.max}) MIME parts` });
  }
  const split = headerEnd(raw);
  if (split.headerLength > LIMITS.maxHeaderBytes) {
    throw new MimeError({ code: 'mime_header_size', message: `a MIME header block is larger than ${LIMITS.maxHeaderBytes} bytes` });
  }
  const headers = parseHeaders(raw.subarray(0, split.headerLength).toString('latin1'));
  const body = raw.subarray(split.bodyStart);
  const contentType = parseContentType(headers.get('content-type')?.[0]);
  const entity: MimeEntity = { headers, contentType, raw, body, children: [], depth };
  const boundary = contentType.params.boundary;
  if (contentType.mediaType.startsWith('multipart/') && boundary) {
    entity.children = splitMultipart(body, boundary).map((part) => parseEntity(part, depth + 1, maxDepth, budget));
  }
  return entity;
}

/** Offset where headers end and the body starts; a message with no blank line is all headers. */
function headerEnd(raw: Buffer): { headerLength: number; bodyStart: number } {
  // An entity that starts with a blank line has no headers (common for MIME parts).
  if (raw[0] === 0x0a) return { headerLength: 0, bodyStart: 1 };
  if (raw[0] === 0x0d && raw[1] === 0x0a) return { headerLength: 0, bodyStart: 2 };
  // Text that does not open with a header field has no headers (plain text encrypted as a PGP/MIME payload).
  if (!/^[!-9;-~]+:/.test(raw.subarray(0, 200).toString('latin1'))) return { headerLength: 0, bodyStart: 0 };
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { headerLength: crlf + 2, bodyStart: crlf + 4 };
  if (lf >= 0) return { headerLength: lf + 1, bodyStart: lf + 2 };
  return { headerLength: raw.length, bodyStart: raw.length };
}

/** The top-level header fields only, without parsing the body (for capture and classification). */
export function topHeaders(raw: Buffer): Map<string, string[]> {
  return parseHeaders(splitHeader(raw).header.toString('latin1'));
}

/** The top-level header block (bounded by LIMITS.maxHeaderBytes) and the body, without copying. */
export function splitHeader(raw: Buffer): { header: Buffer; body: Buffer } {
  const { headerLength, bodyStart } = headerEnd(raw);
  return { header: raw.subarray(0, Math.min(headerLength, LIMITS.maxHeaderBytes)), body: raw.subarray(bodyStart) };
}

export function parseHeaders(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  // RFC 5322 §2.2.3: a line starting with white space continues the previous field.
  const unfolded = text.replace(/\r?\n(?=[ \t])/g, '');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const list = headers.get(name);
    if (list) list.push(value);
    else headers.set(name, [value]);
  }
  return headers;
}

/** `type/subtype; a=b; c="d"` with RFC 2231 continuations and charsets (`name*0*=utf-8''…`). */
export function parseContentType(value: string | undefined): ContentType {
  if (!value) return { mediaType: 'text/plain', params: {} };
  const [head = '', ...rest] = splitParams(value);
  const params: Record<string, string> = {};
  const continued: Record<string, { parts: string[]; encoded: boolean; charset: string }> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    let val = p.slice(eq + 1).trim();
    if (val.startsWith('"') && val.endsWith('"') && val.length >= 2) val = val.slice(1, -1).replace(/\\(.)/g, '$1');
    const m = /^([^*]+)(?:\*(\d+))?(\*)?$/.exec(key);
    if (!m || (m[2] === undefined && m[3] === undefined)) {
      params[key] = val;
      continue;
    }
    const name = m[1] as string;
    const slot = (continued[name] ??= { parts: [], encoded: false, charset: 'utf-8' });
    let piece = val;
    if (m[3] !== undefined && (m[2] === undefined || m[2] === '0')) {
      const q = /^([^']*)'[^']*'(.*)$/.exec(val);
      if (q) {
        slot.charset = q[1] || 'utf-8';
        piece = q[2] ?? '';
      }
    }
    if (m[3] !== undefined) slot.encoded = true;
    slot.parts[Number(m[2] ?? 0)] = m[3] !== undefined ? percentDecode(piece) : piece;
  }
  for (const [name, slot] of Object.entries(continued)) {
    params[name] = slot.encoded ? decodeCharset(Buffer.from(slot.parts.join(''), 'latin1'), slot.charset) : slot.parts.join('');
  }
  return { mediaType: head.trim().toLowerCase() || 'text/plain', params };
}

function percentDecode(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function splitParams(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '\\' && quoted && i + 1 < value.length) {
      cur += c + value[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Body parts between `--boundary` lines; the CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1). */
function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const parts: Buffer[] = [];
  let partStart = -1;
  let pos = 0;
  while (pos <= body.length) {
    const at = body.indexOf(delimiter, pos);
    if (at < 0) break;
    const after = at + delimiter.length;
    // Mid-line occurrences are content: skipped before the line end is looked for, or a line holding the boundary
    // text thousands of times would be read to its end once per occurrence.
    if (at !== 0 && body[at - 1] !== 0x0a) {
      pos = after;
      continue;
    }
    const closing = body[after] === 0x2d && body[after + 1] === 0x2d;
    const lineEnd = body.indexOf(0x0a, after);
    const tail = body.subarray(closing ? after + 2 : after, lineEnd < 0 ? body.length : lineEnd).toString('latin1');
    // A delimiter line may carry trailing white space only; anything else means the boundary text occurs inside content.
    if (!/^[ \t\r]*$/.test(tail)) {
      pos = after;
      continue;
    }
    if (partStart >= 0) {
      let end = at - 1;
      if (end > partStart && body[end - 1] === 0x0d) end--;
      parts.push(body.subarray(partStart, Math.max(partStart, end)));
    }
    if (closing) return parts;
    partStart = lineEnd < 0 ? body.length : lineEnd + 1;
    pos = partStart;
  }
  throw new MimeError({
    code: 'mime_truncated',
    message: partStart < 0 ? `multipart body has no part with boundary "${boundary}"` : `the message is cut off: multipart boundary "${boundary}" is never closed`,
  });
}

export function header(entity: Pick<MimeEntity, 'headers'>, name: string): string | undefined {
  return entity.headers.get(name)?.[0];
}

/** Decodes the body's Content-Transfer-Encoding (base64, quoted-printable, or identity). */
export function decodeBody(entity: MimeEntity): Buffer {
  const cte = (header(entity, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  if (cte === 'base64') return decodeBase64(entity.body);
  if (cte === 'quoted-printable') return decodeQuotedPrintable(entity.body);
  return entity.body;
}

const BASE64_ALPHABET = new Uint8Array(256);
for (const c of Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=', 'latin1')) BASE64_ALPHABET[c] = 1;
/** Base64 characters decoded per step, a multiple of 4 so no group is split: the body never becomes one string. */
const BASE64_STEP = 64 * 1024;

/**
 * Base64 (RFC 2045 §6.8) with every character outside the alphabet ignored, stopping at the first `=` as Node's
 * decoder does. A byte filter and decoding by steps: the whole body as a string and its cleaned copy were two strings
 * of the attachment's size on the heap (a 13 MB attachment is 18 MB of base64); the cleaned bytes are gathered one step
 * at a time, since a cleaned copy of the whole body was garbage of its size (24 MB for the armor of a 24 MB report).
 */
export function decodeBase64(body: Buffer): Buffer {
  let n = 0;
  for (let i = 0; i < body.length; i++) n += BASE64_ALPHABET[body[i] as number] as number;
  const out = Buffer.allocUnsafe(Math.ceil(n / 4) * 3);
  const step = Buffer.allocUnsafe(Math.min(n, BASE64_STEP));
  let written = 0;
  let filled = 0;
  for (let i = 0, seen = 0; i < body.length && seen < n; i++) {
    if (BASE64_ALPHABET[body[i] as number] !== 1) continue;
    step[filled++] = body[i] as number;
    seen++;
    if (filled < step.length && seen < n) continue;
    const text = step.toString('latin1', 0, filled);
    written += out.write(text, written, 'base64');
    if (text.includes('=')) break;
    filled = 0;
  }
  return out.subarray(0, written);
}

function decodeQuotedPrintable(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/=\r?\n/g, '');
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out[n++] = parseInt(text.slice(i + 1, i + 3), 16);
      i += 2;
    } else out[n++] = c;
  }
  return out.subarray(0, n);
}

/** The entity's text content, transfer-decoded and charset-decoded. */
export function bodyText(entity: MimeEntity): string {
  return decodeCharset(decodeBody(entity), entity.contentType.params.charset);
}

/** RFC 2047 encoded-words (`=?utf-8?B?…?=`), as found in Subject and in attachment names. */
export function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, enc: string, text: string) => {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (__, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return decodeCharset(bytes, charset.split('*')[0]);
    });
}

/** The entity's file name from Content-Disposition, else Content-Type `name`, decoded. */
export function fileName(entity: MimeEntity): string | null {
  const disposition = parseContentType(header(entity, 'content-disposition'));
  const name = disposition.params.filename ?? entity.contentType.params.name;
  return name === undefined ? null : decodeWords(name);
}

export function isAttachment(entity: MimeEntity): boolean {
  const disposition = parseContentType(header(entity, 'content-disposition')).mediaType;
  const type = entity.contentType.mediaType;
  if (disposition === 'attachment') return true;
  if (type === 'text/plain' || type === 'text/html') return fileName(entity) !== null && disposition !== 'inline';
  return true;
}
