import { describe, expect, test } from 'vitest';
import { decodeCharset } from './charset.js';

/** windows-1252 as the WHATWG index gives it, byte by byte: the reference the chunked decoder must equal. */
const HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const reference = (bytes: Uint8Array) => Array.from(bytes, (b) => (b >= 0x80 && b <= 0x9f ? HIGH[b - 0x80] : String.fromCharCode(b))).join('');

const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const long = (unit: Buffer, size: number) => Buffer.alloc(size, unit);

describe('decodeCharset on long bodies (a decompressed ciphertext can be 24 MB of one byte)', () => {
  test.each([
    ['every byte value, labelled windows-1252', every, 'windows-1252'],
    ['every byte value, labelled UTF-8 (not valid UTF-8: read as windows-1252)', every, 'utf-8'],
    ['every byte value repeated past many decoding chunks', long(every, 1_000_003), undefined],
    ['Latin-1 letters without a 0x80-0x9F byte, past many chunks', long(Buffer.from([0xe9, 0x20, 0xc9]), 700_001), 'iso-8859-1'],
    ['windows-1252 quotes and euro signs, past many chunks', long(Buffer.from([0x80, 0x93, 0x61, 0x94]), 500_002), undefined],
  ])('%s: the same text as decoding byte by byte', (_what, bytes, charset) => {
    expect(decodeCharset(bytes, charset) === reference(bytes)).toBe(true);
  });

  test.each([
    ['ASCII under a UTF-8 label', long(Buffer.from('newline\n'), 3_000_000), 'utf-8'],
    ['ASCII with no label', long(Buffer.from('\n'), 2_000_000), undefined],
    ['UTF-8 text', long(Buffer.from('Sécurité ✓ '), 1_000_000), 'utf-8'],
  ])('%s reads as UTF-8', (_what, bytes, charset) => {
    expect(decodeCharset(bytes, charset) === bytes.toString('utf8')).toBe(true);
  });
});
