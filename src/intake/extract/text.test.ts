import { describe, expect, test } from 'vitest';
import { analysedText, prepareBody } from './text.js';

const kept = (text: string) => prepareBody(text).text.replace(/[ \t]+$/gm, '').replace(/\n{2,}/g, '\n').trim();

describe('text: quoted replies are blanked, offsets are kept', () => {
  test.each([
    ['"> " lines are quoted', 'New finding.\n> old report\n> > older\nThanks', 'New finding.\nThanks'],
    ['an "On … wrote:" attribution is quoted', 'New.\nOn Mon, 2 Mar 2026 at 10:00, Bob <bob@x.example> wrote:\n> old', 'New.'],
    ['an attribution wrapped over two lines is quoted', 'New.\nOn Mon, 2 Mar 2026 at 10:00 Bob Smith <\nbob@x.example> wrote:\n> old', 'New.'],
    ['a French "Le … a écrit :" attribution is quoted', 'Nouveau.\nLe lun. 2 mars 2026 à 10:00, Bob <bob@x.example> a écrit :\n> ancien', 'Nouveau.'],
    ['an unprefixed mail under an attribution is quoted entirely', 'New.\nOn Mon, Bob wrote:\nold text\nmore old text', 'New.'],
    ['everything under "-----Original Message-----" is quoted', 'New.\n-----Original Message-----\nFrom: a\nold', 'New.'],
    ['an Outlook header block starts the quoted mail', 'New.\nFrom: Bob <b@x.example>\nSent: Monday\nTo: security@x.example\nSubject: old\nold', 'New.'],
    ['a forwarded message is not a quote', 'See below.\n---------- Forwarded message ---------\nFrom: Bob <b@x.example>\nDate: Mon\nSubject: bug\nTo: me\nreal report', 'See below.\n---------- Forwarded message ---------\nFrom: Bob <b@x.example>\nDate: Mon\nSubject: bug\nTo: me\nreal report'],
    ['"> " inside a fenced code block is code, not a quote', '```\n> redirect\n```', '```\n> redirect\n```'],
  ])('%s', (_name, input, expected) => {
    expect(kept(input)).toBe(expected);
  });

  test('the blanked text has the length of the original, so spans stay valid', () => {
    const text = 'a\r\n> quoted\r\nb';
    const body = prepareBody(text);
    expect(body.text).toHaveLength(text.length);
    expect(body.text.indexOf('b')).toBe(text.indexOf('b'));
  });

  test.each([
    ['an HTML-only body is converted and its blockquotes dropped', { text: '', html: '<p>New <b>XSS</b></p><blockquote>old <blockquote>older</blockquote> old</blockquote><p>Thanks</p>' }, 'New XSS\n\nThanks'],
    ['<pre> becomes a fenced block', { text: '', html: '<p>PoC:</p><pre>curl -s x</pre>' }, 'PoC:\n\n```\ncurl -s x\n```'],
    ['a plain part that differs from the HTML one is used as it is', { text: 'plain version', html: '<p>other</p>' }, 'plain version'],
  ])('%s', (_name, input, expected) => {
    expect(analysedText(input)).toBe(expected);
  });
});

describe('text: hostile HTML stays linear', () => {
  test.each([
    ['unclosed "<"', '<'.repeat(200_000)],
    ['unclosed "<a "', '<a '.repeat(70_000)],
    ['unclosed comments', '<!--'.repeat(50_000)],
    ['unclosed scripts', '<script>'.repeat(25_000)],
  ])('%s converts in well under a second', (_name, html) => {
    const t0 = performance.now();
    analysedText({ text: '', html });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
