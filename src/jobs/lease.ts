/** @module One daemon per database: the lease verdict, taking it at start, and the heartbeat job that notices a takeover. */
import { randomUUID } from 'node:crypto';
import { isDbUnavailable } from '../db/errors.js';
import type { Lease, LeaseRepo } from '../db/lease.js';
import type { OutboxRepo } from '../db/outbox.js';
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

/** How a sender names itself on an outbox claim: the same host and pid the lease verdict reads. */
export const claimantOf = (me: Claimant) => `${me.host}:${me.pid}`;

/**
 * Which claims in flight are abandoned: lapsed (the sender outlived its send deadline, or ran on another host and
 * stopped beating), or made by a pid on this host that is gone (a crash; requeued at once rather than after the lapse).
 * A claim of our own pid is ours, alive. Pure: the caller passes the time and the pid probe.
 */
export function abandonedClaims(claims: readonly { id: number; claimedBy: string | null; claimedUntil: string | null }[], me: Claimant, now: Date, pidAlive: (pid: number) => boolean): number[] {
  return claims
    .filter(({ claimedBy, claimedUntil }) => {
      if (claimedUntil === null || Date.parse(claimedUntil) <= now.getTime()) return true;
      const at = claimedBy?.lastIndexOf(':') ?? -1;
      if (claimedBy === null || at < 0) return false;
      const pid = Number(claimedBy.slice(at + 1));
      return claimedBy.slice(0, at) === me.host && Number.isInteger(pid) && pid !== me.pid && !pidAlive(pid);
    })
    .map((c) => c.id);
}

/** The lease holder's requeue: abandoned mail back to the queue with the same Message-ID; how many went back. */
export function requeueAbandoned(outbox: Pick<OutboxRepo, 'claims' | 'unclaim'>, me: Claimant, now: Date, alive: (pid: number) => boolean = pidAlive): number {
  return abandonedClaims(outbox.claims(), me, now, alive).filter((id) => outbox.unclaim(id)).length;
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
      let held: boolean;
      try {
        held = deps.repo.heartbeat(deps.owner, deps.clock());
      } catch (e) {
        // A database that takes no writes is said once a minute by the intake and process jobs; no daemon can take
        // the lease over meanwhile (that too is a write), so a missed beat is no loss.
        if (isDbUnavailable(e)) return;
        throw e;
      }
      if (held) return;
      deps.lost();
      throw new SecintakeError('E_DAEMON_RUNNING', 'another daemon took over this database lease; this daemon stops', {
        hint: 'this daemon missed heartbeats (a frozen process or clock); check that only one secintake runs per database',
      });
    },
  };
}
