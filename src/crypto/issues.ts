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
