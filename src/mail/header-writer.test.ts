import { describe, expect, test } from 'vitest';
import { isSecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { mailboxHeader, messageIdsHeader, ownHeader, unstructuredHeader } from './header-writer.js';
import { decodeWords } from './mime.js';

/** What a reader sees after RFC 5322 §2.2.3 unfolding: the CRLF of a fold goes, the whitespace after it stays. */
const unfold = (line: string) => line.replace(/\r\n(?=[ \t])/g, '');
/** Any control character left after the folds are taken out: each would be a raw input byte in our header. */
const RAW_CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;
/** The documented rule for text: each run of control characters reads as one space. */
const spaced = (text: string) => text.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]+/g, ' ');

const HOSTILE = [
  ['a bare CR', '\r'],
  ['a bare LF', '\n'],
  ['CRLF', '\r\n'],
  ['CRLF with a forged header', '\r\nBcc: victim@example.org\r\n'],
  ['NUL', '\0'],
  ['ESC (a terminal escape)', '\x1b[31m'],
  ['DEL', '\x7f'],
  ['a C1 control (NEL)', '\x85'],
  ['a Unicode line separator', '\u2028'],
] as const;

describe('header writer: no input byte reaches our headers raw', () => {
  test.each(HOSTILE)('%s inside an In-Reply-To Message-ID drops that Message-ID', (_n, bad) => {
    expect(messageIdsHeader('In-Reply-To', [`abc${bad}def@research.example`])).toBeNull();
  });

  test.each(HOSTILE)('%s inside one References entry drops that entry and keeps the others', (_n, bad) => {
    const line = messageIdsHeader('References', ['first@research.example', `x${bad}y@research.example`, 'last@research.example']);
    expect(line).toBe('References: <first@research.example> <last@research.example>');
  });

  test.each(HOSTILE)('%s inside a display name is taken out of the name', (_n, bad) => {
    const line = mailboxHeader('From', { name: `Ada${bad}Researcher`, address: 'ada@research.example' });
    expect(unfold(line)).not.toMatch(RAW_CONTROL);
    expect(line.split('\r\n').slice(1).every((l) => /^[ \t]/.test(l))).toBe(true);
    expect(decodeWords(unfold(line))).toBe(`From: "${spaced(`Ada${bad}Researcher`)}" <ada@research.example>`);
  });

  test.each(HOSTILE)('%s inside a subject becomes a space, and the subject stays one header', (_n, bad) => {
    const line = unstructuredHeader('Subject', `Report${bad}Bcc: x@y.example`);
    expect(unfold(line)).not.toMatch(RAW_CONTROL);
    expect(line.split('\r\n').slice(1).every((l) => /^[ \t]/.test(l))).toBe(true);
    expect(decodeWords(unfold(line))).toBe(`Subject: ${spaced(`Report${bad}Bcc: x@y.example`)}`);
  });

  test.each(HOSTILE)('%s inside a recipient address is refused with E_MAIL_HEADER', (_n, bad) => {
    let thrown: unknown;
    try {
      mailboxHeader('To', { name: null, address: `ada${bad}@research.example` });
    } catch (e) {
      thrown = e;
    }
    expect(isSecintakeError(thrown) && thrown.code).toBe('E_MAIL_HEADER');
  });

  test.each([
    ['a header line with a bare LF', 'X-Ours: a\nb'],
    ['a fold that is not followed by whitespace', 'X-Ours: a\r\nb'],
    ['a NUL', 'X-Ours: a\0b'],
  ])('our own header with %s is a bug and throws', (_n, line) => {
    expect(() => ownHeader(line)).toThrow();
  });
});

describe('header writer: RFC 5322 line lengths and RFC 2047 words', () => {
  const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ').slice(0, 2_000);
  test.each([
    ['2,000 characters of words', words],
    ['2,000 characters with no whitespace at all', 'A'.repeat(2_000)],
    ['2,000 non-ASCII characters', 'é'.repeat(2_000)],
    ['2,000 characters that look like encoded words', '=?UTF-8?B?QQ==?='.repeat(125)],
  ])('a subject of %s is folded within 998 octets per line (RFC 5322 §2.1.1) and reads back unchanged', (_n, subject) => {
    const line = unstructuredHeader('Subject', subject);
    for (const physical of line.split('\r\n')) expect(Buffer.byteLength(physical)).toBeLessThanOrEqual(998);
    expect(decodeWords(unfold(line))).toBe(`Subject: ${subject}`);
  });

  test.each([
    ['plain ASCII is written as is', 'XSS in comment preview', 'Subject: XSS in comment preview'],
    ['non-ASCII is B-encoded UTF-8', 'Sécurité', 'Subject: =?UTF-8?B?U8OpY3VyaXTDqQ==?='],
  ])('%s', (_n, subject, expected) => {
    expect(unstructuredHeader('Subject', subject)).toBe(expected);
  });

  test.each([
    ['a plain name is quoted', { name: 'Example Security', address: 'security@example.test' }, 'From: "Example Security" <security@example.test>'],
    ['a quote in a name is escaped', { name: 'Ada "the" Researcher', address: 'ada@research.example' }, 'From: "Ada \\"the\\" Researcher" <ada@research.example>'],
    ['a non-ASCII name is encoded', { name: 'Zoë', address: 'zoe@research.example' }, 'From: =?UTF-8?B?Wm/Dqw==?= <zoe@research.example>'],
    ['no name gives the bare address', { name: null, address: 'ada@research.example' }, 'From: ada@research.example'],
  ])('mailbox: %s', (_n, mailbox, expected) => {
    expect(mailboxHeader('From', mailbox)).toBe(expected);
  });

  test('References keeps the thread root and the newest entries, within the bound', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `m${i}@research.example`);
    const line = messageIdsHeader('References', ids) as string;
    const kept = [...unfold(line).matchAll(/<([^>]+)>/g)].map((m) => m[1]);
    expect(kept).toHaveLength(LIMITS.maxOutgoingReferences);
    expect(kept[0]).toBe('m0@research.example');
    expect(kept.at(-1)).toBe('m499@research.example');
    for (const physical of line.split('\r\n')) expect(Buffer.byteLength(physical)).toBeLessThanOrEqual(998);
  });

  test.each([
    ['an empty list', []],
    ['only IDs without a domain part', ['no-at-sign']],
    ['an over-long ID', [`${'a'.repeat(LIMITS.maxMessageIdLength)}@x.example`]],
    ['an ID with angle brackets inside', ['a<b>@x.example']],
  ])('a Message-ID header of %s is not written at all', (_n, ids) => {
    expect(messageIdsHeader('In-Reply-To', ids)).toBeNull();
  });
});
