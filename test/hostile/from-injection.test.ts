/**
 * @module Hostile corpus, From injection: a From holding several mailboxes, a group or an encoded word dressed as an
 * address never makes us write to more than one address, and never to one the header only pretended to be.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseAddress } from '../../src/mail/address.js';
import { topHeaders } from '../../src/mail/mime.js';
import { mid, openBench, type Bench } from './harness.js';

let b: Bench;
beforeAll(async () => {
  b = await openBench();
});
afterAll(async () => b?.close());

const plainMail = (from: string, tag: string) =>
  `From: ${from}\r\nTo: security@example.test\r\nSubject: XSS in the comment form\r\nMessage-ID: ${mid(tag)}\r\n\r\nThe comment form does not escape <script>.\r\n`;

describe('hostile: From injection', () => {
  test.each([
    ['a display name over a comma list of addresses', 'Eve <a@x.example,b@y.example,c@z.example>'],
    ['group syntax', 'Friends: a@x.example, b@y.example;'],
    ['two mailboxes', 'a@x.example, Bob <b@y.example>'],
  ])('a From with %s is recorded with no reporter, flagged no-sender-address, and answered to nobody', async (_name, from) => {
    const before = b.outbox().length;
    const o = await b.ingest(plainMail(from, 'many'));
    expect(o.outcome).toBe('new-report');
    const r = b.report(o.reportRef);
    expect(r.reporterEmail).toBeNull();
    expect(r.flags).toContain('no-sender-address');
    expect(b.outbox()).toHaveLength(before);
  });

  test('an encoded word pretending to be an address stays a display name: the reporter is eve@attacker.example and only she is answered', async () => {
    const o = await b.ingest(plainMail('=?utf-8?q?Eve_=3Cvictim@evil.example=3E?= <eve@attacker.example>', 'encoded'));
    const r = b.report(o.reportRef);
    expect(r.reporterEmail).toBe('eve@attacker.example');
    const sent = b.rt.repos.outbox.forReport(r.id);
    expect(sent.length).toBeGreaterThan(0);
    for (const m of sent) {
      expect(m.recipients).toEqual(['eve@attacker.example']);
      const to = topHeaders(m.raw).get('to') ?? [];
      expect(to).toHaveLength(1);
      expect(parseAddress(to[0])?.address).toBe('eve@attacker.example');
    }
  });

  test('no mail in the outbox, from any case above, has more than one recipient', () => {
    for (const m of b.outbox()) expect(m.recipients).toHaveLength(1);
  });
});
