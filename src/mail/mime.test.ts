import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalCrlf } from './line-ends.js';
import { bodyText, decodeBase64, decodeWords, fileName, parseContentType, parseMime } from './mime.js';

const limits = { maxDepth: 20 };
const multipart = (boundary: string, parts: string[], close = true) =>
  `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\npreamble\r\n${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}${close ? `--${boundary}--\r\n` : ''}`;

const nested = (levels: number) =>
  Buffer.from(
    Array.from({ length: levels }).reduce<string>(
      (inner, _, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${inner}\r\n--b${i}--\r\n`,
      'Content-Type: text/plain\r\n\r\nx',
    ),
  );

describe('MIME tree', () => {
  test('every part keeps its exact raw bytes (what multipart/signed was computed over)', () => {
    const part = 'Content-Type: text/plain\r\n\r\nline one \r\nline two\r\n';
    const r = parseMime(Buffer.from(multipart('b1', [part, 'Content-Type: text/plain\r\n\r\nsecond'])), limits);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.children).toHaveLength(2);
    expect(r.value.children[0]?.raw.toString()).toBe(part);
    expect(bodyText(r.value.children[1] as never)).toBe('second');
  });

  test('more parts than limits.max_mime_parts is refused, and the message names the configured limit', () => {
    const five = Buffer.from(multipart('p', ['a', 'b', 'c', 'd'].map((t) => `Content-Type: text/plain\r\n\r\n${t}`)));
    expect(parseMime(five, { maxDepth: 20, maxParts: 5 }).ok).toBe(true);
    const r = parseMime(five, { maxDepth: 20, maxParts: 4 });
    expect(r).toMatchObject({ ok: false, issue: { code: 'mime_parts', message: expect.stringContaining('limits.max_mime_parts (4)') } });
  });

  test.each([
    ['a boundary never closed is a truncated message', Buffer.from(multipart('b', ['Content-Type: text/plain\r\n\r\ncut her'], false)), 'mime_truncated'],
    ['nesting deeper than the limit is refused', nested(30), 'mime_depth'],
  ])('%s', (_n, raw, code) => {
    const r = parseMime(raw, limits);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issue.code).toBe(code);
  });

  test('a boundary string inside content is not a delimiter unless it starts a line', () => {
    const r = parseMime(Buffer.from(multipart('xyz', ['Content-Type: text/plain\r\n\r\nsee --xyz in text'])), limits);
    expect(r.ok && r.value.children.length).toBe(1);
  });

  test.each([
    ['text/plain; charset="utf-8"', 'text/plain', { charset: 'utf-8' }],
    ['Multipart/Signed; micalg=pgp-sha256;\r\n protocol="application/pgp-signature"; boundary="a;b"', 'multipart/signed', { micalg: 'pgp-sha256', protocol: 'application/pgp-signature', boundary: 'a;b' }],
    ["application/octet-stream; name*=utf-8''r%C3%A9sum%C3%A9.pdf", 'application/octet-stream', { name: 'résumé.pdf' }],
    ['application/octet-stream; name*0="long"; name*1="name.txt"', 'application/octet-stream', { name: 'longname.txt' }],
    [undefined, 'text/plain', {}],
  ])('Content-Type %s', (value, mediaType, params) => {
    const ct = parseContentType(value?.replace(/\r\n/g, ''));
    expect(ct.mediaType).toBe(mediaType);
    expect(ct.params).toMatchObject(params);
  });

  test.each([
    ['=?utf-8?B?cmFwcG9ydCDDqXTDqQ==?=', 'rapport été'],
    ['=?ISO-8859-1?Q?Caf=E9_ouvert?=', 'Café ouvert'],
    ['=?utf-8?Q?a?= =?utf-8?Q?b?=', 'ab'],
    ['plain', 'plain'],
  ])('encoded words %s', (input, expected) => expect(decodeWords(input)).toBe(expected));

  test('quoted-printable and base64 bodies are decoded with their charset', () => {
    const qp = parseMime(Buffer.from('Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nd=E9j=E0 vu=\r\n ici'), limits);
    expect(qp.ok && bodyText(qp.value)).toBe('déjà vu ici');
    const b64 = parseMime(Buffer.from(`Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from('ünïcode').toString('base64')}`), limits);
    expect(b64.ok && bodyText(b64.value)).toBe('ünïcode');
  });

  // Real bytes: "Étapes … Sécurité" as windows-1252 (0xC9, 0x85 ellipsis, 0xE9), as Outlook sends it under a UTF-8 label.
  const cp1252 = Buffer.from([0xc9, 0x74, 0x61, 0x70, 0x65, 0x73, 0x20, 0x85, 0x20, 0x53, 0xe9, 0x63, 0x75, 0x72, 0x69, 0x74, 0xe9]);
  const textPart = (label: string, body: Buffer) => Buffer.concat([Buffer.from(`Content-Type: text/plain${label}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`), body]);
  test.each([
    ['windows-1252 bytes labelled UTF-8 fall back to windows-1252, as mail clients do', '; charset=utf-8', cp1252, 'Étapes … Sécurité'],
    ['windows-1252 bytes with no charset label fall back to windows-1252', '', cp1252, 'Étapes … Sécurité'],
    ['windows-1252 bytes under an unknown label fall back to windows-1252', '; charset=x-unheard-of', cp1252, 'Étapes … Sécurité'],
    ['valid UTF-8 stays UTF-8', '; charset=UTF-8', Buffer.from('Étapes … Sécurité'), 'Étapes … Sécurité'],
    ['a windows-1252 label reads 0x80-0x9F as windows-1252 (euro sign, curly quotes)', '; charset=windows-1252', Buffer.from([0x80, 0x20, 0x93, 0x6f, 0x6b, 0x94]), '€ “ok”'],
    ['a label other than UTF-8 is honoured even when the bytes happen to be valid UTF-8', '; charset=iso-8859-1', Buffer.from('é'), 'Ã©'],
  ])('body text: %s', (_n, label, body, expected) => {
    const r = parseMime(textPart(label, body), limits);
    expect(r.ok && bodyText(r.value)).toBe(expected);
  });

  test('encoded words with invalid UTF-8 bytes fall back to windows-1252 too', () => {
    expect(decodeWords('=?utf-8?Q?S=E9curit=E9?=')).toBe('Sécurité');
  });

  test('file names come from Content-Disposition first, decoded', () => {
    const r = parseMime(Buffer.from('Content-Type: application/pdf; name="a.pdf"\r\nContent-Disposition: attachment; filename="=?utf-8?Q?b=C3=A9.pdf?="\r\n\r\nx'), limits);
    expect(r.ok && fileName(r.value)).toBe('bé.pdf');
  });

  test('canonical form has CRLF line endings everywhere', () => {
    expect(canonicalCrlf(Buffer.from('a\nb\r\nc\n')).toString()).toBe('a\r\nb\r\nc\r\n');
  });
});

describe('base64 bodies', () => {
  // What decodeBody did before it decoded by steps: the one string, cleaned, decoded at once.
  const wholeString = (b: Buffer) => Buffer.from(b.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  test.each([
    ['lines of 76 with CRLF', `${Buffer.from('x'.repeat(300)).toString('base64').replace(/.{76}/g, '$&\r\n')}`],
    ['characters outside the alphabet (base64url, spaces, 8-bit) are skipped', 'YW-Jj_ ZG\xe9Vm'],
    ['decoding stops at the first =, as Node does', 'YQ==YWJj'],
    ['an = in the first decoding step ends it: later steps are not read', `YQ==${'YWJj'.repeat(40_000)}`],
    ['a lone trailing character is dropped', 'YWJjZ'],
    ['nothing', ''],
  ])('%s: the same bytes as decoding the whole cleaned string', (_n, body) => {
    const b = Buffer.from(body, 'latin1');
    expect(decodeBase64(b).equals(wholeString(b))).toBe(true);
  });

  test('a body longer than one decoding step, with = only in its last group, is decoded whole', () => {
    const bytes = Buffer.from(Array.from({ length: 200_001 }, (_, i) => (i * 7919) % 256));
    const body = Buffer.from(bytes.toString('base64').replace(/.{76}/g, '$&\r\n'), 'latin1');
    expect(decodeBase64(body).equals(bytes)).toBe(true);
  });

  test('random bodies over the alphabet, = and line breaks decode as the whole string does', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'ABab09+/=\r\n-_ '.split('')), { maxLength: 400 }), (chars) => {
        const b = Buffer.from(chars.join(''), 'latin1');
        expect(decodeBase64(b).equals(wholeString(b))).toBe(true);
      }),
    );
  });
});
