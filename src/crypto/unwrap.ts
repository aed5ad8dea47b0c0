/** @module Turns a raw message into its clear content: decrypts PGP/MIME, inline and attached PGP, verifies signatures, keeps the MIME tree's parts apart. */
import type * as openpgp from 'openpgp';
import { safeFileName } from '../mail/filename.js';
import { decodeCharset } from '../mail/charset.js';
import { htmlToText } from '../mail/html.js';
import { canonicalCrlf, lfLineEnds } from '../mail/line-ends.js';
import { bodyText, decodeBody, decodeWords, fileName, header, topHeaders, isAttachment, parseMime, type MimeEntity } from '../mail/mime.js';
import type { Decryption, Encryption, Signature, UnencryptedPart } from '../report/types.js';
import { judge, type Piece, type Scope } from './coverage.js';
import { dearmoredMessage } from './dearmor.js';
import { issue, type UnwrapIssue } from './issues.js';
import type { Keyring, TeamKey } from './keyring.js';
import { LIMITS } from '../limits.js';
import { armoredOrBinary, cleartextSigned, decrypt, detachedSignature, readPublicKeys, type PendingSignature } from './pgp.js';

export interface UnwrapLimits {
  maxMessageBytes: number;
  maxDecompressedBytes: number;
  maxMimeDepth: number;
  maxMimeParts: number;
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
  /** Only what the decryption (or, for cleartext mail, a good signature) covered: see crypto/coverage.ts. */
  text: string;
  html: string | null;
  attachments: ClearAttachment[];
  /** Everything else the message said, kept apart and labelled; never the report. */
  unencryptedParts: UnencryptedPart[];
  /** Public keys the message carried (attached, inline), for signature checks and replies. */
  publicKeys: openpgp.Key[];
  /** One id per ciphertext decrypted (a hash of its session key): the same ciphertext again is a replay. */
  ciphertexts: string[];
  /** Everything in the report is under good signatures by the sender's key (see coverage.ts): authorship may be proven. */
  reportSignedBySender: boolean;
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
  /** The parsed From address: a signature is `good` only by a key with this user ID. */
  from: string | null;
}

interface Walk {
  ctx: UnwrapContext;
  pieces: Piece[];
  publicKeys: openpgp.Key[];
  usedKeys: TeamKey[];
  ciphertexts: string[];
  pending: PendingSignature[];
  protectedSubject: string | null;
  encrypted: boolean;
  failure: UnwrapIssue | null;
}

const CLEAR: Scope = { encrypted: false, signedBy: [] };
/** Decrypted bytes as a Buffer over the same memory: Buffer.from(Uint8Array) copies, and a plaintext may be `limits.max_decompressed_bytes` (128 MiB by default). */
const asBuffer = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
const PGP_EXTENSION = /\.(pgp|gpg|asc)$/i;

export async function unwrap(raw: Buffer, ctx: UnwrapContext): Promise<UnwrapResult> {
  const w: Walk = { ctx, pieces: [], publicKeys: [], usedKeys: [], ciphertexts: [], pending: [], protectedSubject: null, encrypted: false, failure: null };
  if (raw.length > ctx.limits.maxMessageBytes) {
    w.failure = issue('message_too_large', `the message is ${raw.length} bytes, more than limits.max_message_bytes (${ctx.limits.maxMessageBytes})`);
  } else {
    const tree = parseMime(raw, { maxDepth: ctx.limits.maxMimeDepth, maxParts: ctx.limits.maxMimeParts });
    if (tree.ok) await walk(tree.value, CLEAR, w);
    else w.failure = issue(tree.issue.code, tree.issue.message);
  }
  const keys = [...w.publicKeys, ...ctx.knownKeys];
  const checks = await Promise.all(w.pending.map((check) => check(keys)));
  const verdict = judge(w.pieces, checks, ctx.from, w.encrypted);
  const used = w.usedKeys[0] ?? null;
  const status: UnwrapStatus = {
    // ok is about decryption only: a cleartext message refused (too large, cut off) failed, but nothing failed to decrypt.
    decryption: { encrypted: w.encrypted, ok: !(w.encrypted && w.failure), keyFingerprint: used?.fingerprint ?? null, error: w.encrypted ? (w.failure?.message ?? null) : null },
    signature: verdict.signature,
    encryption: { encrypted: w.encrypted, keyFingerprint: used?.fingerprint ?? null, keyStatus: used?.status ?? null, coverage: verdict.coverage },
  };
  if (w.failure) return { ok: false, issue: w.failure, ...status };
  const outerSubject = topHeaders(raw).get('subject')?.[0];
  const texts = verdict.report.flatMap((p) => (p.kind === 'text' ? [lfLineEnds(p.text.trim())] : [])).filter((t) => t !== '');
  const htmls = verdict.report.flatMap((p) => (p.kind === 'html' ? [p.text] : []));
  return {
    ok: true,
    value: {
      subject: w.protectedSubject ?? (outerSubject === undefined ? null : decodeWords(outerSubject)),
      text: texts.join('\n\n'),
      html: htmls.length > 0 ? htmls.join('\n') : null,
      attachments: verdict.report.flatMap((p) => (p.kind === 'attachment' ? [{ name: p.name, contentType: p.contentType, content: p.content, encrypted: p.scope.encrypted }] : [])),
      unencryptedParts: verdict.unencryptedParts,
      publicKeys: w.publicKeys,
      ciphertexts: w.ciphertexts,
      reportSignedBySender: verdict.reportSignedBySender,
    },
    ...status,
  };
}

async function walk(e: MimeEntity, scope: Scope, w: Walk): Promise<void> {
  if (w.failure) return;
  const type = e.contentType.mediaType;
  if (type === 'multipart/encrypted') return walkEncrypted(e, scope, w);
  if (type === 'multipart/signed') return walkSigned(e, scope, w);
  if (type === 'multipart/alternative') {
    // Text and HTML alternatives carry the same content (Mailvelope puts the same armor in both): read one.
    const choice = e.children.find((c) => c.contentType.mediaType === 'text/plain' && bodyText(c).trim() !== '') ?? e.children.at(-1);
    return choice ? walk(choice, scope, w) : undefined;
  }
  if (type.startsWith('multipart/')) {
    for (const child of e.children) await walk(child, scope, w);
    return;
  }
  if (type === 'application/pgp-keys') {
    w.publicKeys.push(...(await readPublicKeys(armoredOrBinary(decodeBody(e)))));
    return keepAttachment(e, scope, w, true);
  }
  if (!isAttachment(e)) {
    const content = bodyText(e);
    // HTML that only wraps armored PGP (Mailvelope) is not worth keeping; the decrypted text is.
    if (type === 'text/html' && !content.includes('-----BEGIN PGP')) w.pieces.push({ kind: 'html', text: content, scope });
    return walkText(type === 'text/html' ? htmlToText(content) : content, e.depth, scope, w);
  }
  if (looksEncrypted(e)) return walkEncryptedAttachment(e, scope, w);
  return keepAttachment(e, scope, w, false);
}

/** RFC 3156 §4: part 1 is the version, part 2 the armored ciphertext whose cleartext is a MIME entity. */
async function walkEncrypted(e: MimeEntity, scope: Scope, w: Walk): Promise<void> {
  const payload = e.children[1];
  if (!payload) {
    w.failure = issue('mime_truncated', 'multipart/encrypted without its encrypted part (RFC 3156 §4)');
    return;
  }
  const armored = decodeBody(payload);
  const clear = await decryptInto(dearmoredMessage(armored) ?? armored.toString('latin1'), scope, w);
  if (!clear) return;
  const inner = parseInner(asBuffer(clear.data), e.depth + 1, w);
  if (!inner) return;
  const subject = protectedSubject(inner);
  if (subject !== null && w.protectedSubject === null) w.protectedSubject = subject;
  await walk(inner, clear.scope, w);
}

function parseInner(data: Buffer, depth: number, w: Walk): MimeEntity | null {
  const inner = parseMime(data, { maxDepth: w.ctx.limits.maxMimeDepth, maxParts: w.ctx.limits.maxMimeParts }, depth);
  if (inner.ok) return inner.value;
  w.failure = issue(inner.issue.code, inner.issue.message);
  return null;
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

/** RFC 3156 §5: verify over the exact bytes of part 1 in CRLF form, then read part 1 under that signature. */
async function walkSigned(e: MimeEntity, scope: Scope, w: Walk): Promise<void> {
  const [signed, sig] = e.children;
  if (!signed) return;
  if (sig && sig.contentType.mediaType === 'application/pgp-signature') {
    return walk(signed, signedBy(scope, w, detachedSignature(canonicalCrlf(signed.raw), decodeBody(sig).toString('latin1'), w.ctx.keyring)), w);
  }
  await walk(signed, scope, w);
}

/** The scope of content under one more signed block. */
function signedBy(scope: Scope, w: Walk, check: PendingSignature): Scope {
  w.pending.push(check);
  return { encrypted: scope.encrypted, signedBy: [...scope.signedBy, w.pending.length - 1] };
}

/** Text around armored blocks keeps the scope it arrived in; what a block holds gets the block's own scope. */
async function walkText(text: string, depth: number, scope: Scope, w: Walk): Promise<void> {
  let last = 0;
  for (const block of armoredBlocks(text)) {
    w.pieces.push({ kind: 'text', text: text.slice(last, block.start), scope });
    last = block.end;
    const armored = text.slice(block.start, block.end);
    if (block.kind === 'PUBLIC KEY BLOCK') {
      w.publicKeys.push(...(await readPublicKeys(armored)));
    } else if (block.kind === 'SIGNED MESSAGE') {
      const signed = await cleartextSigned(armored, w.ctx.keyring);
      if (signed) w.pieces.push({ kind: 'text', text: signed.text, scope: signedBy(scope, w, signed.signature) });
      else w.pieces.push({ kind: 'text', text: armored, scope });
    } else {
      const clear = await decryptInto(dearmoredMessage(Buffer.from(armored, 'latin1')) ?? armored, scope, w);
      if (!clear) return;
      const decoded = asBuffer(clear.data);
      // Some clients encrypt a whole MIME entity inline (text + attachments): unfold it rather than show headers as text.
      if (/^content-type:/i.test(decoded.subarray(0, 64).toString('latin1'))) {
        const inner = parseInner(decoded, depth + 1, w);
        if (!inner) return;
        await walk(inner, clear.scope, w);
      } else {
        // OpenPGP literal data carries no charset: UTF-8 when it is, else windows-1252 (what gpg --armor of a Latin-1 file gives).
        const inner = decodeCharset(decoded, undefined);
        const nested = inner.includes('-----BEGIN PGP SIGNED MESSAGE-----') ? await cleartextSigned(inner, w.ctx.keyring) : null;
        w.pieces.push(nested ? { kind: 'text', text: nested.text, scope: signedBy(clear.scope, w, nested.signature) } : { kind: 'text', text: inner, scope: clear.scope });
      }
    }
    if (w.failure) return;
  }
  w.pieces.push({ kind: 'text', text: text.slice(last), scope });
}

type BlockKind = 'MESSAGE' | 'SIGNED MESSAGE' | 'PUBLIC KEY BLOCK';
const BEGIN = '-----BEGIN PGP ';
const END_OF: Record<BlockKind, string> = { MESSAGE: '-----END PGP MESSAGE-----', 'SIGNED MESSAGE': '-----END PGP SIGNATURE-----', 'PUBLIC KEY BLOCK': '-----END PGP PUBLIC KEY BLOCK-----' };

/**
 * Armored blocks by a forward scan (RFC 4880 §6.2), at most LIMITS.maxArmoredBlocks: each BEGIN is matched with the
 * first END of its kind after it, and a BEGIN with no END ends the scan, so the work is linear in the text.
 */
function armoredBlocks(text: string): { kind: BlockKind; start: number; end: number }[] {
  const blocks: { kind: BlockKind; start: number; end: number }[] = [];
  let from = 0;
  while (blocks.length < LIMITS.maxArmoredBlocks) {
    const start = text.indexOf(BEGIN, from);
    if (start < 0) break;
    const rest = text.slice(start + BEGIN.length, start + BEGIN.length + 22);
    const kind = (['SIGNED MESSAGE', 'MESSAGE', 'PUBLIC KEY BLOCK'] as const).find((k) => rest.startsWith(`${k}-----`));
    if (!kind) {
      from = start + BEGIN.length;
      continue;
    }
    const endAt = text.indexOf(END_OF[kind], start);
    if (endAt < 0) break;
    blocks.push({ kind, start, end: endAt + END_OF[kind].length });
    from = endAt + END_OF[kind].length;
  }
  return blocks;
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

async function walkEncryptedAttachment(e: MimeEntity, scope: Scope, w: Walk): Promise<void> {
  const data = decodeBody(e);
  const clear = await decryptInto(dearmoredMessage(data) ?? armoredOrBinary(data), scope, w);
  if (!clear) return;
  const original = fileName(e) ?? 'attachment.pgp';
  w.pieces.push({ kind: 'attachment', name: attachmentName(original.replace(PGP_EXTENSION, ''), w), contentType: 'application/octet-stream', content: asBuffer(clear.data), scope: clear.scope, key: false });
}

function keepAttachment(e: MimeEntity, scope: Scope, w: Walk, key: boolean): void {
  w.pieces.push({ kind: 'attachment', name: attachmentName(fileName(e) ?? '', w), contentType: e.contentType.mediaType, content: decodeBody(e), scope, key });
}

/** The one sanitiser (mail/filename.ts), numbered and de-duplicated among this message's attachments. */
function attachmentName(raw: string, w: Walk): string {
  const taken = w.pieces.flatMap((p) => (p.kind === 'attachment' ? [p.name] : []));
  return safeFileName(raw, taken.length + 1, taken);
}

/** Decrypts one ciphertext; its content is in an encrypted scope, under its embedded signature when it has one. */
async function decryptInto(input: string | Uint8Array, scope: Scope, w: Walk): Promise<{ data: Uint8Array; scope: Scope } | null> {
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
  w.ciphertexts.push(result.ciphertextId);
  const inside: Scope = { encrypted: true, signedBy: scope.signedBy };
  return { data: result.data, scope: result.signature ? signedBy(inside, w, result.signature) : inside };
}

