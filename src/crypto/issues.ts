/** @module The expected ways a message can fail to unwrap, as data with a reason a person can act on. */

export type UnwrapIssueCode =
  | 'message_too_large'
  | 'mime_depth'
  | 'mime_parts'
  | 'mime_truncated'
  | 'mime_header_size'
  | 'armor_corrupt'
  | 'unknown_key'
  | 'password_encrypted'
  | 'not_integrity_protected'
  | 'decompression_limit'
  | 'decrypt_failed'
  | 'no_team_key';

export interface UnwrapIssue {
  code: UnwrapIssueCode;
  message: string;
}

export const issue = (code: UnwrapIssueCode, message: string): UnwrapIssue => ({ code, message });

/** Failures reached only once one of our secret keys has been used on the sender's ciphertext. */
const AFTER_OUR_KEY: ReadonlySet<UnwrapIssueCode> = new Set(['decrypt_failed', 'not_integrity_protected']);

/**
 * What the sender is told. Past the point where our secret key was used it is one sentence whatever failed: openpgp's
 * words differ once a forged RSA block happens to unpad ("Modification detected", "not authenticated", a bad cipher
 * byte), and answering them by mail would be a Bleichenbacher oracle on our key. The team keeps the words (`message`).
 */
export function senderReason(i: UnwrapIssue): string {
  return AFTER_OUR_KEY.has(i.code) ? 'it did not decrypt with our key into an integrity-protected message (any current OpenPGP client writes one)' : i.message;
}
