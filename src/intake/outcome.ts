/** @module What processing one message produced: the `ingest --json` object (ARCHITECTURE.md "Contracts"), defined once. */
import type { Outcome } from '../db/messages.js';
import type { Decryption, Signature } from '../report/types.js';

export interface MessageOutcome {
  messageId: string | null;
  outcome: Outcome;
  reportRef: string | null;
  decryption: Decryption;
  signature: Signature;
  /** Extension to the contract: why a `failed` message failed (null otherwise). */
  error: string | null;
}

export const NOT_ENCRYPTED: Decryption = { encrypted: false, ok: true, keyFingerprint: null, error: null };
export const NOT_SIGNED: Signature = { status: 'none', signerFingerprint: null };
