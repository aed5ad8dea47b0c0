/**
 * @module Hostile corpus, strangers: mail on a report from anyone but its reporter (another address, or the
 * reporter's address without the reporter's signature on a signed report) is a third-party message, whichever way
 * it threads, and moves no deadline and no status.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { innerMime, pgpMimeEncrypted } from '../../src/demo/researcher-mail.js';
import { mid, openBenchWithResearcher, type Bench } from './harness.js';

let b: Bench;
let ada: string;
beforeAll(async () => {
  ({ bench: b, researcher: ada } = await openBenchWithResearcher('Ada <ada@research.example>'));
});
afterAll(async () => b?.close());

const EXPLOITED = 'Update: this is now being actively exploited in the wild.';

async function signedReport(): Promise<{ ref: string; messageId: string }> {
  const messageId = mid('report');
  const inner = innerMime({ subject: 'CSRF in acme-web settings', text: 'Product: acme-web\nCSRF in the settings page.', attachments: [{ name: 'ada.asc', contentType: 'application/pgp-keys', content: await b.gpg.exportPublicKey(ada) }] });
  const o = await b.ingest(pgpMimeEncrypted({ from: 'Ada <ada@research.example>', to: 'security@example.test', subject: 'Security report', messageId }, await b.gpg.encrypt(inner, [b.team], { sign: ada })));
  expect(o.signature.status).toBe('good');
  return { ref: o.reportRef as string, messageId };
}

describe('hostile: strangers on a report', () => {
  test.each([
    ['a stranger threading by In-Reply-To', 'Eve <eve@elsewhere.example>', 'in-reply-to'],
    ['a stranger threading by References alone', 'Eve <eve@elsewhere.example>', 'references'],
    ["the reporter's address, unsigned, threading by a [SEC-…] subject (a forged From)", 'Ada <ada@research.example>', 'subject'],
  ] as const)('%s saying "exploited in the wild" is a third-party message: no deadline, status or exploited flag moves', async (_name, from, via) => {
    const { ref, messageId } = await signedReport();
    const before = b.report(ref);
    const thread: Record<string, string> = via === 'in-reply-to' ? { 'In-Reply-To': messageId } : via === 'references' ? { References: messageId } : {};
    const subject = via === 'subject' ? `Re: [${ref}] Report received` : 'Re: your report';
    const armored = await b.gpg.encrypt(innerMime({ text: EXPLOITED }), [b.team]);
    const o = await b.ingest(pgpMimeEncrypted({ from, to: 'security@example.test', subject, messageId: mid('stranger'), extraHeaders: thread }, armored));
    expect(o).toMatchObject({ outcome: 'third-party', reportRef: ref });
    const after = b.report(ref);
    expect(after).toMatchObject({ exploited: false, status: before.status, deadlines: before.deadlines });
    expect(after.flags).toContain('reply-from-other-sender');
  });

  test('a stranger naming the report by a [SEC-…] subject alone is a new report of their own (src/intake/classify.ts): the named report does not move and gets nothing', async () => {
    const { ref } = await signedReport();
    const before = b.report(ref);
    const armored = await b.gpg.encrypt(innerMime({ text: EXPLOITED }), [b.team]);
    const o = await b.ingest(pgpMimeEncrypted({ from: 'Eve <eve@elsewhere.example>', to: 'security@example.test', subject: `Re: [${ref}] Report received`, messageId: mid('stranger') }, armored));
    expect(o.outcome).toBe('new-report');
    expect(o.reportRef).not.toBe(ref);
    expect(b.report(ref)).toMatchObject({ exploited: false, status: before.status, deadlines: before.deadlines, flags: before.flags });
    expect(b.rt.repos.events.forReport(before.id).filter((e) => e.kind === 'report.reply' || e.kind === 'report.third-party')).toEqual([]);
  });

  test('the reporter signing the same words by subject alone is a reply and does move disclosure (so the cases above can fail)', async () => {
    const { ref } = await signedReport();
    const before = b.report(ref);
    const armored = await b.gpg.encrypt(innerMime({ text: EXPLOITED }), [b.team], { sign: ada });
    const o = await b.ingest(pgpMimeEncrypted({ from: 'Ada <ada@research.example>', to: 'security@example.test', subject: `Re: [${ref}] Report received`, messageId: mid('reporter') }, armored));
    expect(o).toMatchObject({ outcome: 'reply', reportRef: ref });
    const after = b.report(ref);
    expect(after.exploited).toBe(true);
    expect(after.deadlines?.disclosure).not.toBe(before.deadlines?.disclosure);
  });
});
