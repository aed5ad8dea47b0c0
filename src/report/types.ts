/** @module Domain types shared by unwrap, the pipeline, the database and the CLI JSON. */
import type { Deadlines } from '../policy/deadlines.js';

/** Status of the team key a message was decrypted with (DESIGN.md `encryption.keyStatus`). */
export type KeyStatus = 'current' | 'retired' | 'expired';

export interface Decryption {
  encrypted: boolean;
  ok: boolean;
  keyFingerprint: string | null;
  error: string | null;
}

/** none: not signed; good: verified; bad: signature does not match; unknown-key: signer's public key not known. */
export type SignatureStatus = 'none' | 'good' | 'bad' | 'unknown-key';

export interface Signature {
  status: SignatureStatus;
  signerFingerprint: string | null;
}

export interface Encryption {
  encrypted: boolean;
  keyFingerprint: string | null;
  keyStatus: KeyStatus | null;
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
