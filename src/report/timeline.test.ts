import { describe, expect, test } from 'vitest';
import { describeEvent } from './timeline.js';

describe('describeEvent', () => {
  test.each([
    ['a captured message', 'message.captured', { source: 'maildir:/m', sourceRef: '17.M1', size: 2048 }, 'mail captured from maildir:/m 17.M1, 2048 bytes'],
    ['a new report', 'report.received', { ref: 'SEC-2026-0001', decryption: { encrypted: true, ok: true }, signature: { status: 'good' } }, 'report SEC-2026-0001 received, encrypted, signature good'],
    ['a reply from someone else', 'report.reply', { via: 'subject', fromReporter: false, decryption: { encrypted: false }, signature: { status: 'none' }, text: 'secret' }, 'reply from another sender (via subject), not encrypted, signature none'],
    ['queued mail', 'outbox.queued', { outboxId: 3, kind: 'ack' }, 'ack queued (outbox 3)'],
    ['sent mail', 'outbox.sent', { outboxId: 3, kind: 'ack', messageId: 'a@b' }, 'ack sent (outbox 3), Message-ID <a@b>'],
    ['deferred mail', 'outbox.deferred', { outboxId: 3, attempts: 2, next: '2026-11-23T15:02:00.000Z', reason: '421 try later' }, 'outbox 3 deferred after 2 attempt(s), next 2026-11-23T15:02:00.000Z: 421 try later'],
    ['dead mail', 'outbox.dead', { outboxId: 3, attempts: 3, reason: '550 no such user' }, 'outbox 3 given up after 3 attempt(s): 550 no such user'],
    ['a retry', 'outbox.retry', { outboxId: 3, from: 'dead' }, 'outbox 3 queued again by the team (was dead)'],
    ['a status change with a reason', 'report.status', { from: 'new', to: 'rejected', reason: 'duplicate' }, 'status new → rejected (duplicate)'],
    ['a status change without one', 'report.status', { from: 'new', to: 'triaged', reason: null }, 'status new → triaged'],
    ['deadline moves with their reason', 'report.deadlines', { why: 'exploitation reported', changes: { disclosure: { from: '2027-02-22', to: '2026-11-30' } } }, 'deadlines moved (exploitation reported): disclosure 2027-02-22 → 2026-11-30'],
    ['a first assignment', 'report.assigned', { from: null, to: 'grace' }, 'assigned to grace'],
    ['a reassignment', 'report.assigned', { from: 'grace', to: 'ada@example.test' }, 'assigned to ada@example.test (was grace)'],
    ['an unassignment', 'report.assigned', { from: 'grace', to: null }, 'unassigned (was grace)'],
    ['a note on several lines stays on one', 'report.note', { text: 'line one\nline two' }, 'note: line one ⏎ line two'],
    ['a flag', 'flag.raised', { flag: 'triage-overdue' }, 'flag raised: triage-overdue'],
    ['an unknown kind shows its data', 'future.thing', { a: 1 }, '{"a":1}'],
    ['a kind named like an Object method is unknown, not a crash', 'constructor', {}, '{}'],
    ['missing data shows a dash', 'report.status', {}, 'status - → -'],
  ])('%s', (_name, kind, data, expected) => {
    expect(describeEvent({ kind, data })).toBe(expected);
  });
});
