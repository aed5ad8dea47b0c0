import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { messageIds, parseAddress } from './address.js';

describe('parseAddress: the one mailbox we may answer', () => {
  test.each([
    ['a name and an angle address', 'Ada Researcher <Ada@Research.example>', { name: 'Ada Researcher', address: 'ada@research.example' }],
    ['a quoted name holding a comma', '"Ada, R." <ada@r.example>', { name: 'Ada, R.', address: 'ada@r.example' }],
    ['a bare address', 'ada@r.example', { name: null, address: 'ada@r.example' }],
    ['an address with a comment name', 'ada@r.example (Ada)', { name: 'Ada', address: 'ada@r.example' }],
    ['an encoded-word name, decoded after parsing', '=?utf-8?q?Ren=C3=A9?= <rene@r.example>', { name: 'René', address: 'rene@r.example' }],
    ['an encoded word that decodes to an address stays a name', '=?utf-8?q?Eve_=3Cvictim@evil.example=3E?= <eve@attacker.example>', { name: 'Eve <victim@evil.example>', address: 'eve@attacker.example' }],
    ['a sub-address', 'ada+sec@r.example', { name: null, address: 'ada+sec@r.example' }],
    ['an internationalised address (RFC 6531)', 'José <josé@exemple.fr>', { name: 'José', address: 'josé@exemple.fr' }],
  ])('%s', (_n, value, expected) => {
    expect(parseAddress(value)).toEqual(expected);
  });

  test.each([
    ['several addresses inside one angle pair', 'Eve <a@x.example,b@y.example,c@z.example>'],
    ['two mailboxes', 'a@x.example, b@y.example'],
    ['group syntax', 'undisclosed: a@x.example, b@y.example;'],
    ['an empty group', 'undisclosed-recipients:;'],
    ['no address at all', 'Ada'],
    ['an address without a domain dot', 'ada@localhost'],
    ['a quoted local part', '"a b"@r.example'],
    ['an address literal', 'ada@[127.0.0.1]'],
    ['a CR inside the address', 'Ada <ada\r@r.example>'],
    ['a NUL inside the address', 'ada\u0000@r.example'],
    ['a bidi override inside the address', 'ada\u202e@r.example'],
    ['a header over the length bound', `${'a'.repeat(5000)}@r.example`],
    ['nothing', ''],
  ])('%s is no mailbox: recorded, answered to nobody', (_n, value) => {
    expect(parseAddress(value)).toBeNull();
  });

  test('never yields an address holding a separator, a space or a control, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const a = parseAddress(s);
        if (a) expect(a.address).not.toMatch(/[\s,;<>()"\\\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('messageIds: only what we may echo in our own headers', () => {
  test.each([
    ['bracketed ids', '<a@x> <b@y>', ['a@x', 'b@y']],
    ['a bare id', 'a@x', ['a@x']],
    ['a bare CR inside an id is dropped, not echoed', '<a\r@x> <ok@y>', ['ok@y']],
    ['CRLF with a header after it is dropped', '<a@x>\r\nBcc: victim@y', ['a@x']],
    ['a NUL or an ESC inside an id is dropped', '<a\u0000@x> <b\u001b@y>', []],
    ['a space inside an id is dropped', '<a b@x>', []],
  ])('%s', (_n, value, expected) => {
    expect(messageIds(value)).toEqual(expected);
  });

  test('a References header with 40,000 ids keeps the newest 100', () => {
    const ids = messageIds(Array.from({ length: 40_000 }, (_, i) => `<m${i}@x>`).join(' '));
    expect(ids).toHaveLength(100);
    expect(ids.at(-1)).toBe('m39999@x');
  });
});
