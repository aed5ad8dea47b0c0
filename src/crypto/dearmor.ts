/** @module ASCII armor to packets for a well-formed PGP MESSAGE (RFC 9580 §6.2), so openpgp reads binary, not its own line-by-line unarmor. Pure. */
import { decodeBase64 } from '../mail/mime.js';

const BEGIN = '-----BEGIN PGP MESSAGE-----';
const END = '-----END PGP MESSAGE-----';
const DATA = new Uint8Array(256);
for (const c of Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 'latin1')) DATA[c] = 1;
const ARMOR_HEADER = /^[A-Za-z]+: [\x20-\x7e]*$/;
const CHECKSUM = /^=[A-Za-z0-9+/]{4}$/;

/**
 * The packets of one armored PGP MESSAGE, or null unless it is exactly: white space, the BEGIN line, `Key: value`
 * headers, a blank line, lines of base64 (padding only on the last), an optional CRC line, the END line, white space.
 * Anything else goes to openpgp as text, as before, so odd armor still gets openpgp's verdict and our same issue.
 * Why: openpgp's unarmor of the 24 MB bench report held ~140 MB of line strings; decoding here adds only the packets.
 */
export function dearmoredMessage(armored: Buffer): Uint8Array | null {
  let at = skipSpace(armored, 0);
  // openpgp finds the BEGIN line only at the start of a line.
  if (at > 0 && armored[at - 1] !== 0x0a) return null;
  const line = (): string | null => {
    if (at >= armored.length) return null;
    const lf = armored.indexOf(0x0a, at);
    const end = lf < 0 ? armored.length : lf;
    const text = armored.toString('latin1', at, end > at && armored[end - 1] === 0x0d ? end - 1 : end);
    at = end + 1;
    return text;
  };
  if (line()?.trimEnd() !== BEGIN) return null;
  for (let header = line(); header !== ''; header = line()) if (header === null || !ARMOR_HEADER.test(header)) return null;
  const dataStart = at;
  let padded = false;
  for (let next = dataLine(armored, at); next !== null; next = dataLine(armored, at)) {
    // Padding ends the data: a base64 line after it is not one stream any more.
    if (padded) return null;
    padded = next.padded;
    at = next.end;
  }
  const dataEnd = at;
  let tail = line();
  if (tail !== null && CHECKSUM.test(tail)) tail = line();
  if (tail?.trimEnd() !== END || skipSpace(armored, at) < armored.length || dataEnd === dataStart) return null;
  return decodeBase64(armored.subarray(dataStart, dataEnd));
}

/** One line of base64 starting at `at` (optional `=`/`==` padding, optional CR), or null when the line is not one. */
function dataLine(b: Buffer, at: number): { end: number; padded: boolean } | null {
  let i = at;
  while (i < b.length && DATA[b[i] as number] === 1) i++;
  const chars = i - at;
  const padStart = i;
  while (i - padStart < 2 && b[i] === 0x3d) i++;
  if (b[i] === 0x0d) i++;
  if (chars === 0 || (b[i] !== 0x0a && i < b.length)) return null;
  return { end: i + 1, padded: i > padStart && b[padStart] === 0x3d };
}

function skipSpace(b: Buffer, at: number): number {
  while (at < b.length && (b[at] === 0x20 || b[at] === 0x09 || b[at] === 0x0d || b[at] === 0x0a)) at++;
  return at;
}
