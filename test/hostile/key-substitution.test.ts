/**
 * @module Hostile corpus, key substitution: a forged From carrying another key for a pinned address leaves that key
 * pending and unused until the pinned key signs it or the team approves it; TOFU's known limit is written down.
 */
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { innerMime, pgpMimeEncrypted } from '../../src/demo/researcher-mail.js';
import { setStatus } from '../../src/report/status.js';
import { createGpgHome, type Gpg } from '../helpers/gpg.js';
import { mid, openBench, recipientKeyIds, subkeyIds, type Bench } from './harness.js';

const DAY = 86_400_000;
let b: Bench;
/** The forger's own client: gpg refuses a second key with the same user ID in one home, and a forger has their own. */
let forger: Gpg;
let now = new Date('2026-11-23T15:00:00Z');
const RENE = 'rene@victim.example';
let pinned: string;
let forged: string;
let reneRef: string;

beforeAll(async () => {
  b = await openBench(() => now);
  forger = await createGpgHome();
  // Made weeks before the forged key, so "the newest pinned key" (src/crypto/reporter-key.ts) is never a tie of seconds.
  const old = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Rene', email: RENE }], date: new Date('2026-11-01T00:00:00Z'), format: 'armored' });
  [pinned] = (await b.gpg.importKey(old.privateKey)) as [string];
  forged = await forger.generateKey(`Rene <${RENE}>`);
  const o = await b.ingest(await mail(RENE, { signer: pinned, carries: await b.gpg.exportPublicKey(pinned), subject: 'RCE in acme-server' }));
  expect(o.signature.status).toBe('good');
  reneRef = o.reportRef as string;
});
afterAll(async () => {
  await forger?.cleanup();
  await b?.close();
});

/** PGP/MIME to the team, optionally signed (by a key of the bench's home), carrying an armored public key inside the encryption. */
async function mail(from: string, opts: { signer?: string; carries: string; subject: string }) {
  const inner = innerMime({ subject: opts.subject, text: 'Product: acme-server\nDetails inside.', attachments: [{ name: 'key.asc', contentType: 'application/pgp-keys', content: opts.carries }] });
  const armored = await b.gpg.encrypt(inner, [b.team], opts.signer ? { sign: opts.signer } : {});
  return pgpMimeEncrypted({ from: `Rene <${from}>`, to: 'security@example.test', subject: 'Security report', messageId: mid('keys') }, armored);
}

/** Moves the report on a day (status updates go out at most once a day) and returns the update's PKESK key IDs. */
async function statusUpdateKeyIds(status: Parameters<typeof setStatus>[2]): Promise<string[]> {
  now = new Date(now.getTime() + DAY + 60_000);
  await setStatus(b.rt, reneRef, status, null);
  await b.rt.drain();
  const last = b.rt.repos.outbox.forReport(b.report(reneRef).id).at(-1);
  expect(last?.kind).toBe('status-update');
  return recipientKeyIds(last?.raw as Buffer);
}

describe('hostile: reporter key substitution', () => {
  test("an unsigned mail with a forged From and another key bearing the reporter's user ID leaves that key pending, flagged reporter-key-changed", async () => {
    const o = await b.ingest(await mail(RENE, { carries: await forger.exportPublicKey(forged), subject: 'Please use my new key' }));
    expect(b.rt.repos.keys.pending()).toEqual([expect.objectContaining({ address: RENE, fingerprint: forged })]);
    expect(b.report(o.reportRef).flags).toContain('reporter-key-changed');
    expect(b.rt.repos.keys.pinsFor(RENE)).toEqual(expect.arrayContaining([{ fingerprint: pinned, state: 'pinned' }, { fingerprint: forged, state: 'pending' }]));
  });

  test('a later status update is encrypted to the pinned key only, never to the pending one', async () => {
    const ids = await statusUpdateKeyIds('triaged');
    const pinnedIds = await subkeyIds(await b.gpg.exportPublicKey(pinned));
    const forgedIds = await subkeyIds(await forger.exportPublicKey(forged));
    expect(ids.some((id) => pinnedIds.includes(id))).toBe(true);
    expect(ids.filter((id) => forgedIds.includes(id))).toEqual([]);
  });

  test('after keys approve, the new key is used for the next status update', async () => {
    expect(b.rt.repos.keys.approve(forged)).toBe(1);
    expect(b.rt.repos.keys.pending()).toEqual([]);
    const ids = await statusUpdateKeyIds('accepted');
    const forgedIds = await subkeyIds(await forger.exportPublicKey(forged));
    expect(ids.some((id) => forgedIds.includes(id))).toBe(true);
  });

  test('the same kind of key change signed by the pinned key is pinned at once, with nothing pending', async () => {
    const next = await b.gpg.generateKey(`Rene (2027) <${RENE}>`);
    const o = await b.ingest(await mail(RENE, { signer: pinned, carries: await b.gpg.exportPublicKey(next), subject: 'My new key, signed with my old one' }));
    expect(o.signature.status).toBe('good');
    expect(b.rt.repos.keys.pinsFor(RENE)).toEqual(expect.arrayContaining([{ fingerprint: next, state: 'pinned' }]));
    expect(b.rt.repos.keys.pending()).toEqual([]);
    expect(b.report(o.reportRef).flags).not.toContain('reporter-key-changed');
  });

  test('TOFU known limit: a forged first key for an address that never sent one is pinned, but every answer goes to that real address, so the forger reads nothing', async () => {
    const NEWBIE = 'newbie@victim.example';
    const attacker = await forger.generateKey(`Newbie <${NEWBIE}>`);
    const o = await b.ingest(await mail(NEWBIE, { carries: await forger.exportPublicKey(attacker), subject: 'first mail ever from this address' }));
    expect(b.rt.repos.keys.pinsFor(NEWBIE)).toEqual([{ fingerprint: attacker, state: 'pinned' }]);
    const sent = b.rt.repos.outbox.forReport(b.report(o.reportRef).id);
    expect(sent.length).toBeGreaterThan(0);
    for (const m of sent) expect(m.recipients).toEqual([NEWBIE]);
  });
});
