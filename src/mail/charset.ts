/** @module Bytes to text in a MIME charset, with the windows-1252 fallback mail clients apply to mislabelled mail. Pure. */
import { TextDecoder } from 'node:util';

/**
 * windows-1252 0x80–0x9F (WHATWG Encoding, index-windows-1252); other bytes are their Latin-1 code points.
 * Written out because Node 20's TextDecoder('windows-1252') decodes this range as C1 controls.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/**
 * Text in its declared charset. A UTF-8 label, no label or an unknown one is only a claim: when the bytes are not
 * valid UTF-8 they are read as windows-1252, as Thunderbird and Outlook do (Latin-1 mail mislabelled UTF-8 would
 * otherwise become U+FFFD). Every byte has a windows-1252 reading, so no text is lost.
 */
export function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  const declared = labelDecoder(charset?.trim().toLowerCase() || 'utf-8');
  // WHATWG maps the latin1, iso-8859-1 and us-ascii labels to windows-1252 too.
  if (declared?.encoding === 'windows-1252') return decodeWindows1252(bytes);
  if (declared && declared.encoding !== 'utf-8') return declared.decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

function labelDecoder(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label);
  } catch {
    return null;
  }
}
