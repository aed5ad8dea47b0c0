/** @module Bytes to text in a MIME charset, with the windows-1252 fallback mail clients apply to mislabelled mail. Pure. */
import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { LIMITS } from '../limits.js';

/**
 * windows-1252 0x80–0x9F (WHATWG Encoding, index-windows-1252); other bytes are their Latin-1 code points.
 * Written out because Node 20's TextDecoder('windows-1252') decodes this range as C1 controls.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * By chunks of LIMITS.charsetChunkBytes, each as UTF-16 code units: a string built a character at a time is a rope of one
 * node per byte (24 MB of 0xE9, a 70 KB ciphertext once decompressed, took 736 MiB of heap). Without a 0x80-0x9F byte
 * the text is Latin-1 and Node reads it in one step.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!buffer.some((b) => b >= 0x80 && b <= 0x9f)) return buffer.toString('latin1');
  const units = Buffer.allocUnsafe(2 * Math.min(buffer.length, LIMITS.charsetChunkBytes));
  const parts: string[] = [];
  for (let at = 0; at < buffer.length; at += LIMITS.charsetChunkBytes) {
    const chunk = buffer.subarray(at, at + LIMITS.charsetChunkBytes);
    chunk.forEach((b, i) => units.writeUInt16LE(b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b, 2 * i));
    parts.push(units.toString('utf16le', 0, 2 * chunk.length));
  }
  return parts.join('');
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
  // ASCII reads the same in UTF-8: Node reads it in one step, where TextDecoder left garbage of the text's size.
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
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
