/**
 * @module What the message's cryptography covered: which pieces were inside a decryption or a verified signature, so
 * only those become the report; the rest is kept apart, labelled. Signatures are bound to the sender here. Pure.
 */
import { createHash } from 'node:crypto';
import type { Coverage, Signature, SignatureStatus, UnencryptedPart } from '../report/types.js';
import { LIMITS } from '../limits.js';
import type { SignatureCheck } from './pgp.js';
import { emailsOf } from './reporter-key.js';

/** Where a piece of content sat: inside a decryption or not, and under which signed blocks (indexes into the checks). */
export interface Scope {
  encrypted: boolean;
  signedBy: readonly number[];
}

export type Piece =
  | { kind: 'text' | 'html'; text: string; scope: Scope }
  | { kind: 'attachment'; name: string; contentType: string; content: Buffer; scope: Scope; key: boolean };

/** A piece that says something: blank text does not, and a public key is checked on its own (user ID, pinning). */
const counts = (p: Piece) => (p.kind === 'attachment' ? !p.key : p.text.trim() !== '');

const RANK: Record<Exclude<SignatureStatus, 'none' | 'partial'>, number> = { bad: 0, 'unknown-key': 1, 'other-signer': 2, good: 3 };

export interface Verdict {
  /** The report: what the decryption (or, for cleartext mail, a good signature) covered. */
  report: Piece[];
  unencryptedParts: UnencryptedPart[];
  coverage: Coverage;
  signature: Signature;
  /**
   * The report (not what was kept apart) is all under good signatures bound to the sender, and no signature is bad,
   * unknown or another identity's: what authorship needs. A greeting outside an inline block does not take it away.
   */
  reportSignedBySender: boolean;
}

/**
 * Splits the pieces. `checks[i]` are the signatures of signed block i; `from` is the parsed From address: a valid
 * signature counts as `good` only by a key with a user ID equal to it, otherwise it is `other-signer`.
 */
export function judge(pieces: Piece[], checks: SignatureCheck[][], from: string | null, encrypted: boolean): Verdict {
  const blocks = checks.map((block) => worst(block.map((c) => bind(c, from))));
  const goodBlock = (i: number) => blocks[i]?.status === 'good';
  const signedGood = (p: Piece) => p.scope.signedBy.some(goodBlock);
  const anyGood = blocks.some((b) => b?.status === 'good');
  const inReport = (p: Piece) => (encrypted ? p.scope.encrypted : anyGood ? signedGood(p) : true);
  const report = pieces.filter(inReport);
  const outside = pieces.filter((p) => !inReport(p));
  const coverage: Coverage = !encrypted ? 'none' : outside.some(counts) ? 'partial' : 'full';
  const signature = signatureOf(blocks, pieces.filter(counts).every(signedGood));
  const allGood = blocks.every((b) => b === undefined || b.status === 'good');
  const reportSignedBySender = anyGood && allGood && report.filter(counts).every(signedGood);
  return { report, unencryptedParts: outside.filter(counts).map(describe), coverage, signature, reportSignedBySender };
}

function bind(c: SignatureCheck, from: string | null): Signature {
  if (c.status !== 'good') return { status: c.status, signerFingerprint: c.signerFingerprint };
  const bound = from !== null && c.signer !== null && emailsOf(c.signer).includes(from);
  return { status: bound ? 'good' : 'other-signer', signerFingerprint: c.signerFingerprint };
}

/** The weakest signature of a set; an empty set is no signature. */
function worst(sigs: Signature[]): Signature | undefined {
  return [...sigs].sort((a, b) => RANK[a.status as keyof typeof RANK] - RANK[b.status as keyof typeof RANK])[0];
}

function signatureOf(blocks: (Signature | undefined)[], everythingSigned: boolean): Signature {
  const w = worst(blocks.filter((b): b is Signature => b !== undefined));
  if (!w) return { status: 'none', signerFingerprint: null };
  // Every signature verified and bound to the sender, yet some content sits outside all of them.
  if (w.status === 'good' && !everythingSigned) return { status: 'partial', signerFingerprint: w.signerFingerprint };
  return w;
}

function describe(p: Piece): UnencryptedPart {
  const signed = p.scope.signedBy.length > 0;
  if (p.kind === 'attachment') {
    return { kind: 'attachment', name: p.name, contentType: p.contentType, size: p.content.length, sha256: sha256(p.content), encrypted: p.scope.encrypted, signed, text: null };
  }
  const bytes = Buffer.from(p.text, 'utf8');
  return { kind: p.kind, name: null, contentType: p.kind === 'html' ? 'text/html' : 'text/plain', size: bytes.length, sha256: sha256(bytes), encrypted: p.scope.encrypted, signed, text: p.text.slice(0, LIMITS.maxUnencryptedExcerptChars) };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
