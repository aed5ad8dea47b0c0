import { describe, expect, test } from 'vitest';
import { defuseHtml, htmlToText } from './html.js';

describe('HTML to text', () => {
  test.each([
    ['block elements become lines and entities are decoded', '<p>One &amp; two</p><div>three&nbsp;&lt;4&gt;</div>', 'One & two\n\nthree <4>'],
    ['Mailvelope-style armor in <pre> with <br> survives intact', '<pre>-----BEGIN PGP MESSAGE-----<br><br>wV4D&#43;abc<br>-----END PGP MESSAGE-----</pre>', '-----BEGIN PGP MESSAGE-----\n\nwV4D+abc\n-----END PGP MESSAGE-----'],
    ['script and style are dropped', '<style>p{}</style><script>alert(1)</script><p>text</p>', 'text'],
    ['a lone < is text, not a tag', '<p>a < b and c</p>', 'a < b and c'],
    ['an unclosed comment does not swallow the rest', '<p>before</p><!-- never closed <p>after</p>', 'before\n<!-- never closed\nafter'],
  ])('%s', (_n, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  // Must finish: before defusing, each unclosed `<` rescanned to the end (100 KB took seconds).
  test('hostile HTML with thousands of unclosed tags and openers is handled', () => {
    const hostile = '<'.repeat(50_000) + '<script'.repeat(5_000) + '<!--'.repeat(5_000);
    expect(htmlToText(hostile).length).toBeGreaterThan(0);
  });

  // Each case left an opener with no real closer after it: one scan to the end per opener (quadratic).
  test.each([
    ['an opener whose only closer-like text is `</scriptx>` is escaped', '<script>a</scriptx>', '&lt;script>a</scriptx>'],
    ['a `</script >` with white space still counts as the closer', '<script>a</script >', '<script>a</script >'],
    ['a character whose lower case is longer (İ) does not shift what is escaped', 'İİ<script>a', 'İİ&lt;script>a'],
  ])('defuseHtml: %s', (_n, html, defused) => {
    expect(defuseHtml(html)).toBe(defused);
  });

  test('white space before a line break goes, also at the end of a long run', () => {
    expect(htmlToText(`<p>a${' \t'.repeat(5_000)}</p><p>b</p>`)).toBe('a\n\nb');
  });
});
