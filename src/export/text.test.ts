import { describe, expect, test } from 'vitest';
import { line, prose } from './text.js';

describe('export text hygiene', () => {
  test.each([
    ['plain text is kept as it is', 'SQL injection in search', 'SQL injection in search'],
    ['quotes and markup stay literal characters', '"<script>alert(1)</script>"', '"<script>alert(1)</script>"'],
    ['terminal escapes and NUL are removed', 'XSS\u001b[31m in\u0000 login', 'XSS[31m in login'],
    ['bidi overrides cannot reorder the text', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['line breaks and tabs become single spaces', 'one\r\ntwo\tthree\u2028four', 'one two three four'],
    ['text made only of controls is nothing', '\u0007\u0008 \u200B', null],
  ])('line: %s', (_n, input, expected) => {
    expect(line(input, 100)).toBe(expected);
  });

  test.each([
    ['paragraphs keep their line breaks, CRLF becomes LF', 'a\r\n\r\nb', 'a\n\nb'],
    ['C1 controls and DEL are removed', 'a\u009Bb\u007Fc', 'abc'],
    ['NEL and the Unicode separators are line breaks', 'a\u0085b\u2029c', 'a\nb\nc'],
    ['a lone surrogate is dropped, a real emoji kept', 'x\uD800y 🙂', 'xy 🙂'],
  ])('prose: %s', (_n, input, expected) => {
    expect(prose(input, 100)).toBe(expected);
  });

  test.each([
    ['a long line is cut with an ellipsis within the bound', 'a'.repeat(50), 10, `${'a'.repeat(9)}…`],
    ['a cut never splits a surrogate pair', '🙂'.repeat(20), 5, `${'🙂'.repeat(4)}…`],
  ])('line: %s', (_n, input, max, expected) => {
    const out = line(input, max) as string;
    expect(out).toBe(expected);
    expect([...out].length).toBeLessThanOrEqual(max);
  });

  test('null and undefined stay absent', () => {
    expect(line(null, 10)).toBeNull();
    expect(prose(undefined, 10)).toBeNull();
  });
});
