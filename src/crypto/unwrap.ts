/** @module Turns a raw message into its clear content: decrypts PGP/MIME, inline and attached PGP, verifies signatures, keeps the MIME tree's parts apart. */
import type * as openpgp from 'openpgp';
import { decodeCharset } from '../mail/charset.js';
import { htmlToText } from '../mail/html.js';
import { bodyText, canonicalCrlf, decodeBody, decodeWords, fileName, header, topHeaders, isAttachment, parseMime, type MimeEntity } from '../mail/mime.js';
import type { Decryption, Encryption, Signature } from '../report/types.js';
import { issue, type UnwrapIssue } from './issues.js';
import type { Keyring, TeamKey } from './keyring.js';
import { LIMITS } from '../limits.js';
import { armoredOrBinary, cleartextSigned, decrypt, detachedSignature, readPublicKeys, type PendingSignature } from './pgp.js';

export interface UnwrapLimits {
  maxMessageBytes: number;
  maxDecompressedBytes: number;
  maxMimeDepth: number;
}

export interface ClearAttachment {
  name: string;
  contentType: string;
  content: Buffer;
  encrypted: boolean;
}

export interface Unwrapped {
  /** The real subject: the protected header inside the encryption when present, else the outer Subject. */
  subject: string | null;
  text: string;
  html: string | null;
  attachments: ClearAttachment[];
  /** Public keys the message carried (attached, inline), for signature checks and replies. */
  publicKeys: openpgp.Key[];
}

export interface UnwrapStatus {
  decryption: Decryption;
  signature: Signature;
  encryption: Encryption;
}

export type UnwrapResult = ({ ok: true; value: Unwrapped } | { ok: false; issue: UnwrapIssue }) & UnwrapStatus;

export interface UnwrapContext {
  keyring: Keyring;
  limits: UnwrapLimits;
  /** Reporter keys already known (from earlier mail or `keys import`). */
  knownKeys: openpgp.Key[];
}

interface Walk {
  ctx: UnwrapContext;
  texts: string[];
  htmls: string[];
  attachments: ClearAttachment[];
  publicKeys: openpgp.Key[];
  usedKeys: TeamKey[];
  pending: PendingSignature[];
  protectedSubject: string | null;
  encrypted: boolean;
  failure: UnwrapIssue | null;
}

const ARMORED = /-----BEGIN PGP (MESSAGE|SIGNED MESSAGE|PUBLIC KEY BLOCK)-----[\s\S]*?-----END PGP (?:MESSAGE|SIGNATURE|PUBLIC KEY BLOCK)-----/g;
const PGP_EXTENSION = /\.(pgp|gpg|asc)$/i;

export async function unwrap(raw: Buffer, ctx: UnwrapContext): Promise<UnwrapResult> {
  const w: Walk = { ctx, texts: [], htmls: [], attachments: [], publicKeys: [], usedKeys: [], pending: [], protectedSubject: null, encrypted: false, failure: null };
  if (raw.length > ctx.limits.maxMessageBytes) {
    w.failure = issue('message_too_large', `the message is ${raw.length} bytes, more than limits.max_message_bytes (${ctx.limits.maxMessageBytes})`);
  } else {
    const tree = parseMime(raw, { maxDepth: ctx.limits.maxMimeDepth });
    if (tree.ok) await walk(tree.value, w);
    else w.failure = issue(tree.issue.code, tree.issue.message);
  }
  const signature = await verifyAll(w);
  const used = w.usedKeys[0] ?? null;
  const status: UnwrapStatus = {
    // ok is about decryption only: a cleartext message refused (too large, cut off) failed, but nothing failed to decrypt.
    decryption: { encrypted: w.encrypted, ok: !(w.encrypted && w.failure), keyFingerprint: used?.fingerprint ?? null, error: w.encrypted ? (w.failure?.message ?? null) : null },
    signature,
    encryption: { encrypted: w.encrypted, keyFingerprint: used?.fingerprint ?? null, keyStatus: used?.status ?? null },
  };
  if (w.failure) return { ok: false, issue: w.failure, ...status };
  const outerSubject = topHeaders(raw).get('subject')?.[0];
  return {
    ok: true,
    value: {
      subject: w.protectedSubject ?? (outerSubject === undefined ? null : decodeWords(outerSubject)),
      text: w.texts.map((t) => t.replace(/\r\n/g, '\n').trim()).filter((t) => t !== '').join('\n\n'),
      html: w.htmls.length > 0 ? w.htmls.join('\n') : null,
      attachments: w.attachments,
      publicKeys: w.publicKeys,
    },
    ...status,
  };
}

async function walk(e: MimeEntity, w: Walk): Promise<void> {
  if (w.failure) return;
  const type = e.contentType.mediaType;
  if (type === 'multipart/encrypted') return walkEncrypted(e, w);
  if (type === 'multipart/signed') return walkSigned(e, w);
  if (type === 'multipart/alternative') {
    // Text and HTML alternatives carry the same content (Mailvelope puts the same armor in both): read one.
    const choice = e.children.find((c) => c.contentType.mediaType === 'text/plain' && bodyText(c).trim() !== '') ?? e.children.at(-1);
    return choice ? walk(choice, w) : undefined;
  }
  if (type.startsWith('multipart/')) {
    for (const child of e.children) await walk(child, w);
    return;
  }
  if (type === 'application/pgp-keys') {
    w.publicKeys.push(...(await readPublicKeys(armoredOrBinary(decodeBody(e)))));
    return keepAttachment(e, w);
  }
  if (!isAttachment(e)) {
    const content = bodyText(e);
    // HTML that only wraps armored PGP (Mailvelope) is not worth keeping; the decrypted text is.
    if (type === 'text/html' && !content.includes('-----BEGIN PGP')) w.htmls.push(content);
    return walkText(type === 'text/html' ? htmlToText(content) : content, e.depth, w);
  }
  if (looksEncrypted(e)) return walkEncryptedAttachment(e, w);
  return keepAttachment(e, w);
}

/** RFC 3156 §4: part 1 is the version, part 2 the armored ciphertext whose cleartext is a MIME entity. */
async function walkEncrypted(e: MimeEntity, w: Walk): Promise<void> {
  const payload = e.children[1];
  if (!payload) {
    w.failure = issue('mime_truncated', 'multipart/encrypted without its encrypted part (RFC 3156 §4)');
    return;
  }
  const clear = await decryptInto(decodeBody(payload).toString('latin1'), w);
  if (!clear) return;
  const inner = parseMime(Buffer.from(clear), { maxDepth: w.ctx.limits.maxMimeDepth }, e.depth + 1);
  if (!inner.ok) {
    w.failure = issue(inner.issue.code, inner.issue.message);
    return;
  }
  const subject = protectedSubject(inner.value);
  if (subject !== null && w.protectedSubject === null) w.protectedSubject = subject;
  await walk(inner.value, w);
}

/** Protected headers sit on the decrypted root, or on the signed entity when the client signed, then encrypted. */
function protectedSubject(root: MimeEntity): string | null {
  let e: MimeEntity | undefined = root;
  while (e) {
    const subject = header(e, 'subject');
    if (subject !== undefined) return decodeWords(subject);
    e = e.contentType.mediaType === 'multipart/signed' ? e.children[0] : undefined;
  }
  return null;
}

/** RFC 3156 §5: verify over the exact bytes of part 1 in CRLF form, then read part 1. */
async function walkSigned(e: MimeEntity, w: Walk): Promise<void> {
  const [signed, sig] = e.children;
  if (!signed) return;
  if (sig && sig.contentType.mediaType === 'application/pgp-signature') {
    w.pending.push(detachedSignature(canonicalCrlf(signed.raw), decodeBody(sig).toString('latin1')));
  }
  await walk(signed, w);
}

async function walkText(text: string, depth: number, w: Walk): Promise<void> {
  const blocks = [...text.matchAll(ARMORED)].slice(0, LIMITS.maxArmoredBlocks);
  let out = '';
  let last = 0;
  for (const m of blocks) {
    out += text.slice(last, m.index);
    last = (m.index ?? 0) + m[0].length;
    if (m[1] === 'PUBLIC KEY BLOCK') {
      w.publicKeys.push(...(await readPublicKeys(m[0])));
      out += m[0];
    } else if (m[1] === 'SIGNED MESSAGE') {
      const signed = await cleartextSigned(m[0]);
      if (signed) w.pending.push(signed.signature);
      out += signed ? signed.text : m[0];
    } else {
      const clear = await decryptInto(m[0], w);
      if (!clear) return;
      const decoded = Buffer.from(clear);
      // Some clients encrypt a whole MIME entity inline (text + attachments): unfold it rather than show headers as text.
      if (/^content-type:/i.test(decoded.subarray(0, 64).toString('latin1'))) {
        const inner = parseMime(decoded, { maxDepth: w.ctx.limits.maxMimeDepth }, depth + 1);
        if (!inner.ok) {
          w.failure = issue(inner.issue.code, inner.issue.message);
          return;
        }
        await walk(inner.value, w);
      } else {
        // OpenPGP literal data carries no charset: UTF-8 when it is, else windows-1252 (what gpg --armor of a Latin-1 file gives).
        const inner = decodeCharset(decoded, undefined);
        const nested = inner.includes('-----BEGIN PGP SIGNED MESSAGE-----') ? await cleartextSigned(inner) : null;
        if (nested) w.pending.push(nested.signature);
        out += nested ? nested.text : inner;
      }
    }
    if (w.failure) return;
  }
  w.texts.push(out + text.slice(last));
}

function looksEncrypted(e: MimeEntity): boolean {
  const name = fileName(e) ?? '';
  const type = e.contentType.mediaType;
  if (type === 'application/pgp-signature' || /\.sig$/i.test(name)) return false;
  if (type === 'application/pgp-encrypted' || PGP_EXTENSION.test(name)) {
    const head = decodeBody(e).subarray(0, 64).toString('latin1');
    // Armored: only a MESSAGE is ciphertext (an .asc may be a key or a signature). Binary: a packet header byte.
    return head.includes('-----BEGIN PGP MESSAGE-----') || (!head.includes('-----BEGIN') && ((head.charCodeAt(0) & 0x80) !== 0));
  }
  return false;
}

async function walkEncryptedAttachment(e: MimeEntity, w: Walk): Promise<void> {
  const clear = await decryptInto(armoredOrBinary(decodeBody(e)), w);
  if (!clear) return;
  const original = fileName(e) ?? 'attachment.pgp';
  w.attachments.push({ name: sanitizeName(original.replace(PGP_EXTENSION, '')), contentType: 'application/octet-stream', content: Buffer.from(clear), encrypted: true });
}

function keepAttachment(e: MimeEntity, w: Walk): void {
  w.attachments.push({ name: sanitizeName(fileName(e) ?? `attachment-${w.attachments.length + 1}`), contentType: e.contentType.mediaType, content: decodeBody(e), encrypted: false });
}

async function decryptInto(input: string | Uint8Array, w: Walk): Promise<Uint8Array | null> {
  w.encrypted = true;
  if (w.ctx.keyring.keys.length === 0) {
    w.failure = issue('no_team_key', 'the message is encrypted but no team key is configured (keys.dir has no secret key); run `secintake keys generate` or restore the keys, then reprocess');
    return null;
  }
  const result = await decrypt(input, w.ctx.keyring, { maxDecompressedBytes: w.ctx.limits.maxDecompressedBytes });
  if (!result.ok) {
    w.failure = result.issue;
    return null;
  }
  w.usedKeys.push(result.teamKey);
  if (result.signature) w.pending.push(result.signature);
  return result.data;
}

/** All signatures checked against the keys the message carried plus those we know; the weakest result wins. */
async function verifyAll(w: Walk): Promise<Signature> {
  if (w.pending.length === 0) return { status: 'none', signerFingerprint: null };
  const keys = [...w.publicKeys, ...w.ctx.knownKeys];
  const results = await Promise.all(w.pending.map((check) => check(keys)));
  const rank = { bad: 0, 'unknown-key': 1, good: 2, none: 3 } as const;
  return results.sort((a, b) => rank[a.status] - rank[b.status])[0] as Signature;
}

/** A file name safe to show and to write: no directories, no control characters, bounded length. */
export function sanitizeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_').replace(/^\.+/, '').trim().slice(0, 200);
  return clean === '' ? 'attachment' : clean;
}
