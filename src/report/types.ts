/** @module Domain types shared by unwrap, the pipeline, the database and the CLI JSON. */
import type { Deadlines } from '../policy/deadlines.js';

/** Status of the team key a message was decrypted with (`encryption.keyStatus` in `reports show --json`). */
export type KeyStatus = 'current' | 'retired' | 'expired';

export interface Decryption {
  encrypted: boolean;
  ok: boolean;
  keyFingerprint: string | null;
  error: string | null;
}

/**
 * none: not signed; good: every signature verified, by a key whose user ID is the From address, over all the content;
 * bad: a signature does not match; unknown-key: a signer's public key is not known; other-signer: valid, but by a key
 * of another identity; partial: good, but some content is outside every signature.
 */
export type SignatureStatus = 'none' | 'good' | 'bad' | 'unknown-key' | 'other-signer' | 'partial';

export interface Signature {
  status: SignatureStatus;
  signerFingerprint: string | null;
}

/** How much of the message was inside the encryption: all of it, some of it (the rest is kept apart), or none. */
export type Coverage = 'full' | 'partial' | 'none';

export interface Encryption {
  encrypted: boolean;
  keyFingerprint: string | null;
  keyStatus: KeyStatus | null;
  /** Absent on rows recorded before coverage was tracked. */
  coverage?: Coverage;
}

/** Content that arrived outside the decryption (or, in cleartext mail, outside every good signature): kept apart, never the report. */
export interface UnencryptedPart {
  kind: 'text' | 'html' | 'attachment';
  name: string | null;
  contentType: string;
  size: number;
  sha256: string;
  encrypted: boolean;
  signed: boolean;
  /** The text itself, cut at LIMITS.maxUnencryptedExcerptChars, so the team sees what was said outside; null for attachments. */
  text: string | null;
}

export interface AttachmentInfo {
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  encrypted: boolean;
}

export const REPORT_STATUSES = ['new', 'triaged', 'accepted', 'rejected', 'fix-scheduled', 'fixed', 'disclosed', 'resolved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The deadlines stored on a report: the policy's three, and when the next status update is due (null once resolved). */
export type StoredDeadlines = Deadlines & { nextUpdate: string | null };
