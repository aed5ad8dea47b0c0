import { describe, expect, test } from 'vitest';
import { contentSha256 } from './identity.js';

const message = (trace: string, body = 'the report') =>
  Buffer.from(`${trace}From: a@b.example\r\nSubject: x\r\nMessage-ID: <1@b.example>\r\n\r\n${body}\r\n`);

describe('message identity', () => {
  test.each([
    ['a second delivery with its own Received and Delivered-To lines', 'Return-Path: <a@b.example>\r\nDelivered-To: security@example.test\r\nReceived: from mx (mx [127.0.0.1])\r\n\tby lmtp id 42; Mon, 23 Nov 2026 09:00:00 +0000\r\n'],
    ['a copy with no trace fields at all', ''],
  ])('%s has the same identity', (_n, trace) => {
    expect(contentSha256(message(trace))).toBe(contentSha256(message('Received: from elsewhere by mx id 1; Sun, 22 Nov 2026 08:00:00 +0000\r\n')));
  });

  test.each([
    ['another body', message('', 'a different report')],
    ['another header that is not a trace field', Buffer.from(message('').toString().replace('Subject: x', 'Subject: y'))],
  ])('%s changes the identity', (_n, other) => {
    expect(contentSha256(other)).not.toBe(contentSha256(message('')));
  });
});
