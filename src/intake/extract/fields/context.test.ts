import { describe, expect, test } from 'vitest';
import { LIMITS } from '../../../limits.js';
import { createContext } from './context.js';

const input = (text: string, html: string | null = null) => ({ subject: 'x', text, html, from: null, attachments: [], receivedAt: new Date(0) });
const policy = { products: [], supportedVersions: {} } as never;

describe('extraction context on hostile bodies', () => {
  test.each([
    ['24 MB of newlines (a 68 KB ciphertext decompresses to this)', input('\n'.repeat(24 * 1024 * 1024))],
    ['24 MB of CRLF', input('\r\n'.repeat(12 * 1024 * 1024))],
    ['24 MB of HTML line breaks with no plain part', input('', '<br>'.repeat(6 * 1024 * 1024))],
  ])('%s: the body is windowed before it is split, so the lines are bounded by the processing window', (_what, i) => {
    const ctx = createContext(i, policy);
    expect(ctx.body.text.length).toBeLessThanOrEqual(LIMITS.extractProcessChars);
    expect(ctx.body.lines.length).toBeLessThanOrEqual(LIMITS.extractProcessChars + 1);
  });

  test('a subject is read up to extractSubjectChars, so a 256 KB Subject header costs what a long line costs', () => {
    const ctx = createContext({ ...input('body'), subject: 'a'.repeat(256 * 1024) }, policy);
    expect(ctx.subject.length).toBe(LIMITS.extractSubjectChars);
    expect(ctx.input.subject?.length).toBe(LIMITS.extractSubjectChars);
  });

  test('a body inside the window is read whole', () => {
    const text = 'Steps to reproduce:\n1. open /search\n';
    expect(createContext(input(text), policy).body.text).toBe(text);
  });
});
