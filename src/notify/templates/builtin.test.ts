/**
 * The built-in English templates write, byte for byte, the texts the kinds wrote before templates existed: the golden
 * files under golden/ were recorded from the hand-written kinds, before the change, and are never regenerated (one
 * deliberate edit since: the digest summary's counts take singular words for one, "1 key problem"). The
 * French ones (golden/fr-*) were recorded when the French set was written: a change to them is a change of wording.
 */
import * as openpgp from 'openpgp';
import { beforeAll, expect, test } from 'vitest';
import type { TeamKey } from '../../crypto/keyring.js';
import type { Digest, ReportLine } from '../../report/digest.js';
import { ack, type AckFacts } from '../messages/ack.js';
import { digestHtml, digestText } from '../messages/digest-body.js';
import { keyRequest } from '../messages/key-request.js';
import type { Sender } from '../messages/kind.js';
import { statusUpdate, type StatusUpdateFacts } from '../messages/status-update.js';
import { builtinWords } from './set.js';

const NOW = new Date('2026-03-02T10:00:00Z');
const deadlines = { triage: '2026-03-05T17:00:00Z', resolve: '2026-05-25T17:00:00Z', disclosure: '2026-05-31T17:00:00Z' };
const thread = { inReplyTo: null, references: [] };
const to = 'ada@research.example';

let sender: Sender;
let reporterKey: openpgp.PublicKey;
beforeAll(async () => {
  const team = (await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'security@example.test' }], format: 'object', date: new Date(NOW.getTime() - 3_600_000) })).privateKey;
  // A fixed fingerprint: the golden texts name it.
  const teamKey: TeamKey = { fingerprint: 'AAAABBBBCCCCDDDDEEEEFFFF0000111122223333', key: team, file: 'team.asc', userIds: [], createdAt: NOW, expiresAt: null, revoked: false, status: 'current' };
  sender = { from: { name: 'Example Security', address: 'security@example.test' }, teamKey, timezone: 'Europe/Paris', now: NOW, words: builtinWords('en') };
  reporterKey = team.toPublic();
});

const ackFacts = (over: Partial<AckFacts>): AckFacts => ({
  to, thread, reporterKey, ref: 'SEC-2026-0001', receivedAt: NOW, subject: 'SQLi in /api/search', attachments: [], deadlines, missing: null,
  encryption: { encrypted: true, keyFingerprint: 'AAAA', keyStatus: 'current' }, ...over,
});
const statusFacts = (over: Partial<StatusUpdateFacts['facts']>, subject: string | null = 'SQLi in /api/search'): StatusUpdateFacts => ({
  to, thread, reporterKey, ref: 'SEC-2026-0001', subject, facts: { status: 'triaged', reason: null, deadlines, patchDate: null, ...over },
});

const line = (ref: string, over: Partial<ReportLine> = {}): ReportLine => ({ ref, title: `Title of ${ref}`, severity: 'high', status: 'triaged', assignee: null, nextDeadline: { kind: 'triage', at: '2026-03-01T17:00:00Z' }, flags: [], ...over });
const DIGEST: Digest = {
  generatedAt: NOW.toISOString(),
  timezone: 'Europe/Paris',
  since: null,
  counts: { overdue: 12, cra: 1, due: 1, disclosures: 0, new: 2, waiting: 0, thirdParty: 0, suspicious: 0, failed: 1, outbox: 1, keys: 1 },
  sections: {
    overdue: [line('SEC-2026-0001', { assignee: 'grace', flags: ['version-unsupported'] }), line('SEC-2026-0002', { title: null, severity: null })],
    cra: [{ ref: 'SEC-2026-0003', title: 'Exploited', clock: 'early-warning', article: 'Art. 14(2)(a)', dueAt: '2026-03-03T10:00:00Z', state: 'running', hoursLeft: 24 }],
    due: [line('SEC-2026-0004', { nextDeadline: { kind: 'resolve', at: '2026-03-04T17:00:00Z' } })],
    disclosures: [],
    new: [line('SEC-2026-0005', { status: 'new', nextDeadline: null }), line('SEC-2026-0006', { title: 'XSS <script>alert(1)</script></td><td>"&\'' })],
    waiting: [],
    thirdParty: [],
    suspicious: [],
    failed: [{ messageId: 7, capturedAt: '2026-03-01T08:00:00Z', errorCode: 'decrypt_failed', reason: 'no key', retry: 'secintake messages retry 7' }],
    outbox: [{ id: 9, ref: null, kind: 'ack', status: 'dead', attempts: 5, lastError: '550 no such user', retry: 'secintake outbox retry 9' }],
    keys: [{ problem: 'team-key-expiring', subject: 'AAAABBBB', at: '2026-03-20T00:00:00Z' }],
  },
};

test.each([
  ['ack-plain', () => ack.write(ackFacts({}), sender)],
  ['ack-full', () => ack.write(ackFacts({ subject: null, attachments: [{ name: 'poc.py', size: 10 }, { name: 'shot.png', size: 2048 }], missing: ['impact', 'steps'], encryption: { encrypted: true, keyFingerprint: 'OLDKEY', keyStatus: 'retired' } }), sender)],
  ['ack-missing-none-expired-key', () => ack.write(ackFacts({ missing: [], encryption: { encrypted: true, keyFingerprint: 'OLDKEY', keyStatus: 'expired' } }), sender)],
  ['key-request-none', () => keyRequest.write({ to, thread, ref: 'SEC-2026-0001', keyProblem: 'none' }, sender)],
  ['key-request-revoked', () => keyRequest.write({ to, thread, ref: 'SEC-2026-0001', keyProblem: 'revoked' }, sender)],
  ['status-triaged', () => statusUpdate.write(statusFacts({}), sender)],
  ['status-scheduled', () => statusUpdate.write(statusFacts({ status: 'fix-scheduled', reason: 'backport to 2.2', patchDate: '2026-04-01' }, null), sender)],
  ['status-resolved', () => statusUpdate.write(statusFacts({ status: 'resolved' }), sender)],
  ['status-unknown', () => statusUpdate.write(statusFacts({ status: 'odd-status' }), sender)],
  ['digest-text', () => ({ text: digestText(DIGEST, 'Example Security', builtinWords('en')) })],
  ['digest-html', () => ({ text: digestHtml(DIGEST, 'Example Security', builtinWords('en')) })],
])('the built-in English %s text is the one written before templates', async (name, write) => {
  const letter = write() as { text: string; innerSubject?: string };
  const recorded = `${letter.innerSubject === undefined ? '' : `${letter.innerSubject}\n----\n`}${letter.text}`;
  await expect(recorded).toMatchFileSnapshot(`golden/${name}.txt`);
});

const inFrench = (): Sender => ({ ...sender, words: builtinWords('fr') });
test.each([
  ['ack-full', () => ack.write(ackFacts({ subject: null, attachments: [{ name: 'poc.py', size: 10 }], missing: ['impact', 'steps'], encryption: { encrypted: true, keyFingerprint: 'OLDKEY', keyStatus: 'retired' } }), inFrench())],
  ['key-request-expired', () => keyRequest.write({ to, thread, ref: 'SEC-2026-0001', keyProblem: 'expired' }, inFrench())],
  ['status-scheduled', () => statusUpdate.write(statusFacts({ status: 'fix-scheduled', reason: 'rétroportage en 2.2', patchDate: '2026-04-01' }), inFrench())],
  ['status-resolved', () => statusUpdate.write(statusFacts({ status: 'resolved' }, null), inFrench())],
  ['digest-text', () => ({ text: digestText(DIGEST, 'Example Security', builtinWords('fr')) })],
  ['digest-html', () => ({ text: digestHtml(DIGEST, 'Example Security', builtinWords('fr')) })],
])('the built-in French %s text reads as recorded when the French set was written', async (name, write) => {
  const letter = write() as { text: string; innerSubject?: string };
  const recorded = `${letter.innerSubject === undefined ? '' : `${letter.innerSubject}\n----\n`}${letter.text}`;
  await expect(recorded).toMatchFileSnapshot(`golden/fr-${name}.txt`);
});
