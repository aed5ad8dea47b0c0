import { describe, expect, test } from 'vitest';
import { canonicalCrlf, lfLineEnds } from './line-ends.js';

describe('line ends', () => {
  test.each([
    ['a bare LF becomes CRLF', 'a\nb', 'a\r\nb'],
    ['a CRLF stays one CRLF', 'a\r\nb', 'a\r\nb'],
    ['a lone CR is content, kept', 'a\rb\r', 'a\rb\r'],
    ['a CR before a CRLF is content, kept', '\r\r\n', '\r\r\n'],
    ['LF first and last', '\nx\n', '\r\nx\r\n'],
    ['no line break at all', 'abc', 'abc'],
    ['nothing', '', ''],
  ])('canonical form: %s', (_n, input, expected) => {
    expect(canonicalCrlf(Buffer.from(input, 'latin1')).toString('latin1')).toBe(expected);
  });

  test('canonical form of 4 M bare LF (a signed newline bomb) is every one of them as CRLF', () => {
    const out = canonicalCrlf(Buffer.alloc(4 * 1024 * 1024, 0x0a));
    expect(out.equals(Buffer.from('\r\n'.repeat(4 * 1024 * 1024), 'latin1'))).toBe(true);
  });

  test.each([
    ['a CRLF becomes LF', 'a\r\nb\r\n', 'a\nb\n'],
    ['a bare LF stays', 'a\nb', 'a\nb'],
    ['a lone CR is content, kept', 'a\rb', 'a\rb'],
    ['only the CR right before the LF goes', '\r\r\n', '\r\n'],
    ['text with no CR is returned as it is', 'déjà vu', 'déjà vu'],
    ['nothing', '', ''],
  ])('LF line ends: %s', (_n, input, expected) => expect(lfLineEnds(input)).toBe(expected));

  // Past many line batches (mime.ts LINE_BATCH), so a line lost or doubled where two batches meet shows.
  test('LF line ends of 2 M CRLF between two words (a decrypted newline bomb) keep every line', () => {
    expect(lfLineEnds(`x${'\r\n'.repeat(2 * 1024 * 1024)}y`)).toBe(`x${'\n'.repeat(2 * 1024 * 1024)}y`);
  });
});
