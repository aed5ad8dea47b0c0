import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseConfig } from '../../config/load.js';
import type { Keyring, TeamKey } from '../../crypto/keyring.js';
import { isSecintakeError } from '../../errors.js';
import type { ComposedMail } from '../../mail/compose.js';
import { createCalendar } from '../../policy/calendar.js';
import { createNotifier } from '../acknowledge.js';
import type { ReportRecord } from '../../db/reports.js';
import { composeDigest } from '../../report/digest.js';
import { ack } from './ack.js';
import { digest } from './digest.js';
import { digestNotice } from './digest-notice.js';
import { MESSAGE_KINDS } from './index.js';
import { keyRequest } from './key-request.js';
import { receipt } from './receipt.js';
import { composeMessage, type Sender } from './kind.js';
import { statusNotice } from './status-notice.js';
import { statusUpdate } from './status-update.js';
import { teamReply } from './team-reply.js';
import { undecryptable } from './undecryptable.js';
import { builtinWords } from '../templates/set.js';

/** Strings only the report holds: none of them may appear in a signed-only mail. */
const SECRET = { subject: 'SQLi in /api/search TOPSECRET-SUBJECT', attachment: 'TOPSECRET-poc.py', text: 'TOPSECRET-TEXT' };
const NOW = new Date('2026-03-02T10:00:00Z');
const deadlines = { triage: '2026-03-05T17:00:00Z', resolve: '2026-05-25T17:00:00Z', disclosure: '2026-05-31T17:00:00Z' };
const thread = { inReplyTo: 'report-1@research.example', references: ['report-1@research.example'] };
const to = 'ada@research.example';

let teamKey: TeamKey;
let reporter: openpgp.PrivateKey;
let sender: Sender;
beforeAll(async () => {
  const make = (email: string) => openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email }], format: 'object', date: new Date(NOW.getTime() - 3_600_000) }).then((k) => k.privateKey);
  const [team, ada] = await Promise.all([make('security@example.test'), make(to)]);
  teamKey = { fingerprint: team.getFingerprint().toUpperCase(), key: team, file: 'team.asc', userIds: team.getUserIDs(), createdAt: team.getCreationTime(), expiresAt: null, revoked: false, status: 'current' };
  reporter = ada;
  sender = { from: { name: 'Example Security', address: 'security@example.test' }, teamKey, timezone: 'Europe/Paris', now: NOW, words: builtinWords('en') };
});

/** A digest listing one new report whose title is the report's secret subject. */
const digestOf = () =>
  composeDigest(
    {
      reports: [{ id: 1, ref: 'SEC-2026-0001', status: 'new', receivedAt: NOW.toISOString(), subject: SECRET.subject, fields: null, deadlines, flags: [], assignee: null, encryption: { encrypted: true, keyFingerprint: null, keyStatus: 'current', coverage: 'full' }, signature: { status: 'good', signerFingerprint: null }, unencryptedParts: [] } as unknown as ReportRecord],
      lastReporterMail: new Map(),
      failedMessages: [],
      outbox: [],
      teamKey: null,
      pendingKeys: [],
      recipientsWithoutKey: [],
      cra: new Map(),
      since: null,
    },
    { now: NOW, timezone: 'Europe/Paris', calendar: createCalendar({ timezone: 'Europe/Paris', holidays: [] }), keyExpiryWarnDays: 30 },
  );

/** One row per kind in MESSAGE_KINDS: how to compose it from a report holding SECRET. */
const ROWS: Record<string, () => Promise<ComposedMail>> = {
  ack: () => composeMessage(ack, { to, thread, reporterKey: reporter.toPublic(), ref: 'SEC-2026-0001', receivedAt: NOW, subject: SECRET.subject, attachments: [{ name: SECRET.attachment, size: 10 }], deadlines, missing: ['impact'], encryption: { encrypted: true, keyFingerprint: 'OLD', keyStatus: 'retired' } }, sender),
  receipt: () => composeMessage(receipt, { to, thread, ref: 'SEC-2026-0001', standardDeadlines: deadlines, keyProblem: 'expired' }, sender),
  'key-request': () => composeMessage(keyRequest, { to, thread, ref: 'SEC-2026-0001', keyProblem: 'expired' }, sender),
  undecryptable: () => composeMessage(undecryptable, { to, thread, problem: 'it was encrypted to a key we do not hold' }, sender),
  'status-update': () => composeMessage(statusUpdate, { to, thread, reporterKey: reporter.toPublic(), ref: 'SEC-2026-0001', subject: SECRET.subject, facts: { status: 'fix-scheduled', reason: SECRET.text, deadlines, patchDate: '2026-04-01' } }, sender),
  'status-notice': () => composeMessage(statusNotice, { to, thread, ref: 'SEC-2026-0001' }, sender),
  digest: () => composeMessage(digest, { to, thread, reporterKey: reporter.toPublic(), digest: digestOf() }, sender),
  'digest-notice': () => composeMessage(digestNotice, { to, thread, keyProblem: 'none' }, sender),
  'team-reply': () => composeMessage(teamReply, { to, thread, reporterKey: reporter.toPublic(), ref: 'SEC-2026-0001', subject: SECRET.subject, text: `We reproduced it: ${SECRET.text}` }, sender),
};

async function decrypted(mail: ComposedMail): Promise<string> {
  const armored = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(mail.raw.toString())?.[0] as string;
  const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: reporter, format: 'binary' });
  return Buffer.from(data).toString('utf8');
}

describe('outgoing mail kinds', () => {
  test('every kind in the list has a row in this table, and names are unique', () => {
    expect(MESSAGE_KINDS.map((k) => k.name).sort()).toEqual(Object.keys(ROWS).sort());
  });

  test.each(MESSAGE_KINDS.map((k) => [k.name, k] as const))('%s is composed as its protection says, to the reporter, signed by the team key', async (name, kind) => {
    const mail = await (ROWS[name] as () => Promise<ComposedMail>)();
    const raw = mail.raw.toString();
    expect(mail).toMatchObject({ kind: name, recipients: [to] });
    expect(raw).toContain(kind.protection === 'encrypted' ? 'Content-Type: multipart/encrypted;' : 'Content-Type: multipart/signed;');
    expect(raw).toContain('In-Reply-To: <report-1@research.example>');
    expect(/^Auto-Submitted: auto-replied$/m.test(raw)).toBe(kind.autoSubmitted);
  });

  test.each(MESSAGE_KINDS.filter((k) => k.protection === 'signed-only').map((k) => [k.name] as const))('%s carries nothing from the report', async (name) => {
    const raw = (await (ROWS[name] as () => Promise<ComposedMail>)()).raw.toString();
    for (const secret of Object.values(SECRET)) expect(raw).not.toContain(secret);
    expect(raw).toContain(teamKey.fingerprint);
  });

  test.each([
    ['ack', ['[SEC-2026-0001] SQLi in /api/search TOPSECRET-SUBJECT', 'TOPSECRET-poc.py (10 bytes)', 'the impact: what an attacker gains', 'you encrypted to our retired key OLD']],
    ['status-update', ['Status update: SQLi in /api/search', 'a fix is scheduled (TOPSECRET-TEXT)', 'The fix is scheduled for 2026-04-01.']],
    ['team-reply', ['Re: [SEC-2026-0001] SQLi', 'We reproduced it: TOPSECRET-TEXT']],
    ['digest', ['Subject: [secintake] 0 overdue, 0 due, 1 new', 'SEC-2026-0001 =C2=B7 SQLi in /api/search TOPSECRET-SUBJECT', '<td>SQLi in /api/search TOPSECRET-SUBJECT</td>']],
  ])('%s says what it is about only inside the encryption', async (name, inside) => {
    const mail = await (ROWS[name] as () => Promise<ComposedMail>)();
    const text = await decrypted(mail);
    for (const words of inside) expect(text).toContain(words);
    expect(mail.raw.toString()).not.toContain('TOPSECRET');
  });

  test('a signed-only kind cannot be handed report content: it does not compile', () => {
    // @ts-expect-error: signed-only inputs have no `subject`
    const withSubject: Parameters<typeof keyRequest.write>[0] = { to, thread, ref: 'SEC-2026-0001', keyProblem: 'none', subject: SECRET.subject };
    // @ts-expect-error: nor any report facts
    const withFacts: Parameters<typeof statusNotice.write>[0] = { to, thread, ref: 'SEC-2026-0001', deadlines };
    expect([withSubject, withFacts]).toHaveLength(2);
  });
});

describe('notifier façade', () => {
  const config = () => {
    const parsed = parseConfig('team: { name: Example Security, address: security@example.test }\nsource: { maildir: { path: m } }\ntransport: { outbox_dir: o }\nkeys: { dir: k, passphrase_file: p }\n', 'test.yaml');
    if (!parsed.ok) throw new Error('test config invalid');
    return parsed.config;
  };
  const notifier = (current: TeamKey | null) => {
    const keyring: Keyring = { keys: current ? [current] : [], current, forKeyIds: () => [] };
    return createNotifier(config(), keyring, createCalendar({ timezone: 'UTC', holidays: [] }), () => NOW);
  };
  const facts = { status: 'triaged', reason: null, deadlines, patchDate: null };

  test.each([
    ['a status update', () => notifier(null).statusUpdate({ ref: 'SEC-2026-0001', to, subject: null, inReplyTo: null, candidateKeys: [], facts })],
    ['a team reply', () => notifier(null).teamReply({ ref: 'SEC-2026-0001', to, subject: null, text: 'hello', inReplyTo: null, candidateKeys: [] })],
  ])('%s without a valid team key is E_KEYS_NONE, saying what to run', async (_n, send) => {
    const thrown = await send().catch((e: unknown) => e);
    expect(isSecintakeError(thrown) && [thrown.code, thrown.hint]).toEqual(['E_KEYS_NONE', expect.stringContaining('secintake keys status')]);
  });

  test('an acknowledgement without a valid team key is not sent, and says why', async () => {
    const authorship = true;
    const a = await notifier(null).acknowledge({ ref: 'SEC-2026-0001', receivedAt: NOW, reporterAddress: to, inReplyTo: null, references: [], subject: null, attachments: [], candidateKeys: [], missing: null, encryption: { encrypted: false, keyFingerprint: null, keyStatus: null }, suppressed: null, exploited: false, authorship });
    expect(a).toMatchObject({ suppressed: expect.stringContaining('no valid team key') });
  });

  test.each([
    ['no key for the reporter gets a key request', [], true, 'key-request', false],
    ['a usable key gets the encrypted acknowledgement', ['reporter'], true, 'ack', true],
    ['a sender who proved no authorship gets a content-free receipt, even with a usable key', ['reporter'], false, 'receipt', false],
  ])('acknowledge: %s', async (_n, keys, authorship, kind, encrypted) => {
    const a = await notifier(teamKey).acknowledge({ ref: 'SEC-2026-0001', receivedAt: NOW, reporterAddress: to, inReplyTo: 'report-1@research.example', references: [], subject: SECRET.subject, attachments: [{ name: SECRET.attachment, size: 1 }], candidateKeys: keys.map(() => reporter.toPublic()), missing: null, encryption: { encrypted: false, keyFingerprint: null, keyStatus: null }, suppressed: null, exploited: false, authorship });
    expect(a).toMatchObject({ draft: { kind }, encrypted });
    if ('draft' in a) expect(a.draft.raw.toString()).not.toContain('TOPSECRET');
  });

  test.each([
    ['no valid team key', null, to],
    ['a sender address with a control character', 'team', 'ada\x1b@research.example'],
  ])('undecryptable: %s gets no answer', async (_n, key, address) => {
    expect(await notifier(key ? teamKey : null).undecryptable({ to: address, inReplyTo: null, reason: 'wrong key' })).toBeNull();
  });
});
