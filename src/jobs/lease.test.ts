import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../db/connection.js';
import { createRepos } from '../db/index.js';
import type { Lease, LeaseRepo } from '../db/lease.js';
import { LIMITS } from '../limits.js';
import { SecintakeError } from '../errors.js';
import { abandonedClaims, acquireLease, leaseJob, leaseVerdict } from './lease.js';

const at = new Date('2026-11-23T10:00:00Z');
const ago = (ms: number) => new Date(at.getTime() - ms).toISOString();
const held = (over: Partial<Lease> = {}): Lease => ({ owner: 'a', pid: 100, host: 'mx1', startedAt: ago(60_000), heartbeatAt: ago(1_000), ...over });
const repos = () => createRepos(openDatabase(join(mkdtempSync(join(tmpdir(), 'secintake-lease-')), 'db.sqlite')));

describe('daemon lease', () => {
  test.each([
    ['no lease is free', null, true, 'free'],
    ['a live pid on this host with a fresh heartbeat holds it', held(), true, 'held'],
    ['a dead pid on this host is stale at once, heartbeat fresh or not', held(), false, 'stale'],
    ['our own pid from an earlier start on this host is stale (the pid was reused)', held({ pid: 4242 }), true, 'stale'],
    ['a fresh heartbeat from another host holds it (its pid cannot be checked here)', held({ host: 'mx2' }), false, 'held'],
    ['a heartbeat older than the stale limit is stale on any host', held({ host: 'mx2', heartbeatAt: ago(LIMITS.leaseStaleMs + 1) }), true, 'stale'],
    ['a heartbeat in the future (a skewed clock) still holds it', held({ host: 'mx2', heartbeatAt: ago(-3_600_000) }), true, 'held'],
  ] as const)('%s', (_what, lease, alive, verdict) => {
    expect(leaseVerdict(lease, { host: 'mx1', pid: 4242 }, at, () => alive)).toBe(verdict);
  });

  test('a second daemon is refused with the holder named, and the holder keeps the lease', () => {
    const r = repos();
    const first = acquireLease(r.lease, r.transaction, { host: 'mx1', pid: 100 }, at, () => true);
    expect(() => acquireLease(r.lease, r.transaction, { host: 'mx1', pid: 200 }, at, () => true)).toThrowError(
      expect.objectContaining({ code: 'E_DAEMON_RUNNING', message: expect.stringContaining('pid 100 on mx1') }),
    );
    expect(r.lease.current()?.owner).toBe(first.owner);
  });

  test('a stale lease is taken over, and the old holder learns it at its next heartbeat', () => {
    const r = repos();
    const old = acquireLease(r.lease, r.transaction, { host: 'mx1', pid: 100 }, at, () => true);
    const next = acquireLease(r.lease, r.transaction, { host: 'mx1', pid: 200 }, at, () => false);
    expect(r.lease.current()).toMatchObject({ owner: next.owner, pid: 200 });
    expect(r.lease.heartbeat(old.owner, at)).toBe(false);
    expect(r.lease.heartbeat(next.owner, at)).toBe(true);
  });

  test('releasing by another owner leaves the lease alone', () => {
    const r = repos();
    const mine = acquireLease(r.lease, r.transaction, { host: 'mx1', pid: 100 }, at, () => true);
    r.lease.release('someone-else');
    expect(r.lease.current()?.owner).toBe(mine.owner);
    r.lease.release(mine.owner);
    expect(r.lease.current()).toBeNull();
  });

  const later = new Date(at.getTime() + 60_000).toISOString();
  test.each([
    ['a claim from before claims had owners', null, null, true],
    ['a lapsed claim, whoever made it', 'mx2:7', ago(1), true],
    ['a live claim of a pid on this host that is gone (a crash)', 'mx1:100', later, true],
    ['a live claim of a pid on this host that runs (a CLI command sending)', 'mx1:101', later, false],
    ['a live claim of our own pid', 'mx1:4242', later, false],
    ['a live claim from another host (its pid cannot be checked here)', 'mx2:100', later, false],
    ['a live claim with an unreadable claimant', 'garbage', later, false],
  ])('requeue: %s → %s', (_what, claimedBy, claimedUntil, abandoned) => {
    const ids = abandonedClaims([{ id: 1, claimedBy, claimedUntil }], { host: 'mx1', pid: 4242 }, at, (pid) => pid === 101);
    expect(ids).toEqual(abandoned ? [1] : []);
  });

  test.each([
    ['a beat the database could not write is skipped quietly (the outage is logged elsewhere, once a minute)', 'disk-full', false],
    ['a lease another daemon took over stops this one', 'taken', true],
    ['a lease still held changes nothing', 'held', false],
  ] as const)('heartbeat: %s', async (_what, state, stops) => {
    let lost = false;
    const heartbeat = (): boolean => {
      if (state === 'disk-full') throw new SecintakeError('E_DB_UNAVAILABLE', 'full', { transient: true });
      return state === 'held';
    };
    const repo: LeaseRepo = { heartbeat, current: () => null, take: () => undefined, release: () => undefined };
    const run = leaseJob({ repo, owner: 'a', clock: () => at, lost: () => void (lost = true) }).run({ signal: new AbortController().signal, once: false, wake: () => {} });
    if (stops) await expect(run).rejects.toMatchObject({ code: 'E_DAEMON_RUNNING' });
    else await expect(run).resolves.toBeUndefined();
    expect(lost).toBe(stops);
  });
});
