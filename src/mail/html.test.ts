import { describe, expect, test } from 'vitest';
import { htmlToText } from './html.js';

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
});
