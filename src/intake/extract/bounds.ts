/** @module The processing window: how much of a decrypted text (and its text attachments) extraction reads; what is stored is never cut. Pure. */
import { LIMITS } from '../../limits.js';

/**
 * `parts.join(separator).slice(0, max)`, without the join: a 24 MB plaintext and its text attachments cost one window,
 * not a copy of all of them, and parts after the window is full are never asked for (attachments decode lazily).
 */
export function processingWindow(parts: Iterable<string>, separator: string, max: number = LIMITS.extractProcessChars): string {
  let out = '';
  let first = true;
  for (const part of parts) {
    if (!first) out += separator.slice(0, max - out.length);
    first = false;
    out += part.slice(0, max - out.length);
    if (out.length >= max) break;
  }
  return out;
}
