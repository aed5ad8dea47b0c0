import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LIMITS } from '../../limits.js';
import { processingWindow } from './bounds.js';

describe('processing window: what extraction reads of a decrypted text and its text attachments', () => {
  test.each<[string, string[], number]>([
    ['a short body is read whole', ['Steps: open /search'], 100],
    ['a body and an attachment are joined by a blank line', ['body', 'attached report'], 100],
    ['an empty body still separates the attachment, as the join did', ['', 'attached report'], 100],
    ['the window ends inside the body: no attachment is read', ['x'.repeat(50), 'attached'], 20],
    ['the window ends inside the separator', ['x'.repeat(19), 'attached'], 20],
    ['the window ends inside the second attachment', ['a'.repeat(5), 'b'.repeat(5), 'c'.repeat(50)], 20],
    ['nothing at all', [], 20],
  ])('%s', (_n, parts, max) => {
    expect(processingWindow(parts, '\n\n', max)).toBe(parts.join('\n\n').slice(0, max));
  });

  test('24 MB of newlines and a text attachment give exactly the default window', () => {
    const window = processingWindow(['\n'.repeat(24 * 1024 * 1024), 'CVE-2024-0001'], '\n\n');
    expect(window).toBe('\n'.repeat(LIMITS.extractProcessChars));
  });

  test('parts after the window is full are never read', () => {
    const read: number[] = [];
    function* parts() {
      for (let i = 0; i < 5; i++) {
        read.push(i);
        yield 'x'.repeat(10);
      }
    }
    processingWindow(parts(), '\n\n', 15);
    expect(read).toEqual([0, 1]);
  });

  test('any parts and bound: the same text as joining everything, then cutting', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30 }), { maxLength: 6 }), fc.nat(120), (parts, max) => {
        expect(processingWindow(parts, '\n\n', max)).toBe(parts.join('\n\n').slice(0, max));
      }),
    );
  });
});
