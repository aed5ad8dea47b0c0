import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../db/connection.js';
import { createRepos, type Repos } from '../db/index.js';
import { requeueAbandoned } from '../jobs/lease.js';
import { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { OutgoingMail, Transport } from '../mail/transports/index.js';
import { drainOutbox, type DrainDeps } from './outbox.js';

const now = new Date('2026-11-23T10:00:00Z');

function setup(transport: Transport, extra: Partial<DrainDeps> = {}) {
  const repos = createRepos(openDatabase(join(mkdtempSync(join(tmpdir(), 'secintake-outbox-')), 'db.sqlite')));
  const ids = [1, 2, 3].map((i) => repos.outbox.enqueue({ messageId: `m${i}@example.test`, kind: 'test', recipients: [`r${i}@example.test`], raw: Buffer.from(`m${i}`) }, null, now));
  const deps: DrainDeps = { outbox: repos.outbox, events: repos.events, transport, envelopeFrom: 'security@example.test', claimant: 'mx1:1', clock: () => now, log: pino({ level: 'silent' }), transaction: repos.transaction, ...extra };
  return { repos, ids, deps };
}

const statuses = (repos: Repos, ids: number[]) => ids.map((id) => repos.outbox.get(id)?.status);

describe('outbox drain', () => {
  test('a send that never answers is deferred at its own deadline, and the mail after it still goes out', async () => {
    const sent: string[] = [];
    const transport: Transport = {
      send: (m: OutgoingMail) => (m.messageId === 'm1@example.test' ? new Promise<void>(() => {}) : Promise.resolve(void sent.push(m.messageId))),
      close() {},
    };
    const { repos, ids, deps } = setup(transport, { sendDeadlineMs: 5 });
    expect(await drainOutbox(deps)).toEqual({ sent: 2, deferred: 1, dead: 0 });
    expect(statuses(repos, ids)).toEqual(['deferred', 'sent', 'sent']);
    expect(repos.outbox.get(ids[0] as number)?.lastError).toMatch(/no answer/);
    expect(sent).toEqual(['m2@example.test', 'm3@example.test']);
  });

  test('once the stop signal is raised the drain takes no further mail, and what it did not take stays queued', async () => {
    const stop = new AbortController();
    const transport: Transport = { send: async () => stop.abort(), close() {} };
    const { repos, ids, deps } = setup(transport, { signal: stop.signal });
    expect(await drainOutbox(deps)).toEqual({ sent: 1, deferred: 0, dead: 0 });
    expect(statuses(repos, ids)).toEqual(['sent', 'queued', 'queued']);
  });

  test.each([
    ['a claim that has not lapsed, of a sender that runs, is left alone', 0, true, 'active'],
    ['a claim past its expiry is back in the queue with the same Message-ID', LIMITS.outboxClaimMs, true, 'queued'],
    ['a claim of a sender on this host that died is back at once', 0, false, 'queued'],
  ])('%s', (_what, later, senderAlive, status) => {
    const { repos, ids } = setup({ send: async () => {}, close() {} });
    const id = ids[0] as number;
    expect(repos.outbox.claim(id, now, 'mx1:100')).toBe(true);
    expect(repos.outbox.claim(id, now, 'mx1:200')).toBe(false);
    expect(requeueAbandoned(repos.outbox, { host: 'mx1', pid: 300 }, new Date(now.getTime() + later), () => senderAlive)).toBe(status === 'queued' ? 1 : 0);
    expect(repos.outbox.get(id)).toMatchObject({ status, messageId: 'm1@example.test' });
  });

  test('an accepted mail whose mark could not be written (a full disk) is marked at the next drain, never sent again', async () => {
    const sent: string[] = [];
    let diskFull = true;
    const { repos, ids, deps } = setup({ send: async (m) => void sent.push(m.messageId), close() {} });
    const failingOnce: DrainDeps = {
      ...deps,
      unmarked: new Map(),
      transaction: (fn) => {
        if (diskFull) {
          diskFull = false;
          throw new SecintakeError('E_DB_UNAVAILABLE', 'the disk holding the database is full (SQLITE_FULL)', { transient: true });
        }
        return repos.transaction(fn);
      },
    };
    await expect(drainOutbox(failingOnce)).rejects.toMatchObject({ code: 'E_DB_UNAVAILABLE' });
    expect(statuses(repos, ids)).toEqual(['active', 'queued', 'queued']);
    expect(await drainOutbox(failingOnce)).toEqual({ sent: 3, deferred: 0, dead: 0 });
    expect(statuses(repos, ids)).toEqual(['sent', 'sent', 'sent']);
    expect(sent).toEqual(['m1@example.test', 'm2@example.test', 'm3@example.test']);
  });
});
