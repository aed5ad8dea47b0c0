/** @module One daemon per database: the lease verdict, taking it at start, and the heartbeat job that notices a takeover. */
import { randomUUID } from 'node:crypto';
import type { Lease, LeaseRepo } from '../db/lease.js';
import { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { Job } from './types.js';

export interface Claimant {
  host: string;
  pid: number;
}

/**
 * A lease is stale when its holder is provably dead (same host: its pid is gone, or it is our own pid from an earlier
 * life) or has not beaten for `leaseStaleMs` (any host: a pid elsewhere cannot be checked). A future heartbeat holds:
 * a skewed clock must not let two daemons run.
 */
export function leaseVerdict(lease: Lease | null, me: Claimant, now: Date, pidAlive: (pid: number) => boolean): 'free' | 'stale' | 'held' {
  if (lease === null) return 'free';
  if (lease.host === me.host && (lease.pid === me.pid || !pidAlive(lease.pid))) return 'stale';
  return now.getTime() - Date.parse(lease.heartbeatAt) > LIMITS.leaseStaleMs ? 'stale' : 'held';
}

/** Takes the lease in one IMMEDIATE transaction (so two starts cannot both see it free), or refuses naming the holder. */
export function acquireLease(repo: LeaseRepo, transaction: <T>(fn: () => T) => T, me: Claimant, now: Date, pidAlive: (pid: number) => boolean): Lease {
  return transaction(() => {
    const current = repo.current();
    if (current && leaseVerdict(current, me, now, pidAlive) === 'held') {
      throw new SecintakeError('E_DAEMON_RUNNING', `another secintake daemon holds this database: pid ${current.pid} on ${current.host}, running since ${current.startedAt}, last heartbeat ${current.heartbeatAt}`, {
        hint: `stop that daemon first (systemctl stop secintake); if it is gone, its lease lapses ${LIMITS.leaseStaleMs / 1000} s after its last heartbeat`,
      });
    }
    const mine: Lease = { owner: randomUUID(), pid: me.pid, host: me.host, startedAt: now.toISOString(), heartbeatAt: now.toISOString() };
    repo.take(mine);
    return mine;
  });
}

/** `kill(pid, 0)` probes without signalling; EPERM means the pid exists under another user, so it is alive. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Beats the lease; when another daemon took it over (this one was judged dead), `lost` stops this daemon. */
export function leaseJob(deps: { repo: LeaseRepo; owner: string; clock: () => Date; lost(): void }): Job {
  return {
    name: 'lease',
    every: LIMITS.leaseHeartbeatMs,
    async run() {
      if (deps.repo.heartbeat(deps.owner, deps.clock())) return;
      deps.lost();
      throw new SecintakeError('E_DAEMON_RUNNING', 'another daemon took over this database lease; this daemon stops', {
        hint: 'this daemon missed heartbeats (a frozen process or clock); check that only one secintake runs per database',
      });
    },
  };
}
