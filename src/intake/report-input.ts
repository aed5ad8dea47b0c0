/** @module What a decrypted message gives extraction and the report row: its text (with plain-text attachments), attachment records, status, first flags. Pure. */
import { sha256Hex } from '../db/messages.js';
import type { UnwrapResult } from '../crypto/unwrap.js';
import type { Address } from '../mail/address.js';
import { LIMITS } from '../limits.js';
import { processingWindow } from './extract/bounds.js';
import { extract, type Extraction } from './extract/index.js';

export type Unwrapped = Extract<UnwrapResult, { ok: true }>;

/** Extraction over the report: its body, its plain-text attachments, the attachment list. */
export function extractReport(r: Unwrapped, from: Address | null, receivedAt: Date, supportedVersions: Record<string, string[]>): Extraction {
  const { value } = r;
  return extract(
    {
      subject: value.subject,
      // Extraction reads only the window; the report stores value.text whole.
      text: processingWindow(reportTexts(value), '\n\n'),
      html: value.html,
      from,
      attachments: value.attachments.map((a) => ({ name: a.name, contentType: a.contentType, size: a.content.length })),
      receivedAt,
    },
    { supportedVersions },
  );
}

/** Does a reply report exploitation in the wild? Only clear wording counts (extraction's rule), and quoted text is ignored, so quoting our ack does not trigger it. */
export function replyReportsExploitation(r: Unwrapped, from: Address | null, receivedAt: Date): boolean {
  const { value } = r;
  return extract({ subject: value.subject, text: value.text, html: value.html, from, attachments: [], receivedAt }, { supportedVersions: {} }).exploitedInTheWild.value;
}

/** The body, then what a report "in the attached file" says: small plain-text attachments are read like a body. */
function* reportTexts(value: Unwrapped['value']): Generator<string> {
  yield value.text;
  for (const a of value.attachments) {
    // Decoded only while the window still has room (processingWindow stops asking).
    if (a.content.length <= LIMITS.maxTextAttachmentBytes && (a.contentType === 'text/plain' || /\.(txt|md)$/i.test(a.name))) yield a.content.toString('utf8');
  }
}

/** Flags known at receipt; the policy sweep adds deadline and key flags as time passes. */
export function initialFlags(r: UnwrapResult, x: Extraction, from: Address | null): string[] {
  const flags: string[] = [];
  // The trust model's findings, for the team: what we could not answer, and what the cryptography did not cover.
  if (!from) flags.push('no-sender-address');
  if (r.encryption.coverage === 'partial') flags.push('unencrypted-parts');
  if (r.signature.status === 'bad' || r.signature.status === 'other-signer' || r.signature.status === 'partial') flags.push(`signature-${r.signature.status}`);
  if (r.encryption.keyStatus && r.encryption.keyStatus !== 'current') flags.push('encrypted-to-retired-key');
  if (x.versionSupported.value === false) flags.push('unsupported-version');
  if (x.issues.some((i) => i.code === 'cvss-score-mismatch')) flags.push('cvss-score-mismatch');
  return flags;
}

export const statusOf = (r: UnwrapResult) => ({ decryption: r.decryption, signature: r.signature, encryption: r.encryption });

export const attachmentsOf = (r: Unwrapped) => r.value.attachments.map((a) => ({ ...a, size: a.content.length, sha256: sha256Hex(a.content) }));
