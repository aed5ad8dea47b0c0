/** @module The daemon lease row: read, take (in the caller's transaction), heartbeat and release by owner. */
import type { Database } from 'better-sqlite3';

export interface Lease {
  owner: string;
  pid: number;
  host: string;
  startedAt: string;
  heartbeatAt: string;
}

interface Row {
  owner: string;
  pid: number;
  host: string;
  started_at: string;
  heartbeat_at: string;
}

const toLease = (r: Row): Lease => ({ owner: r.owner, pid: r.pid, host: r.host, startedAt: r.started_at, heartbeatAt: r.heartbeat_at });

export function createLeaseRepo(db: Database) {
  const get = db.prepare('SELECT * FROM daemon_lease WHERE id = 1');
  const put = db.prepare(`INSERT INTO daemon_lease (id, owner, pid, host, started_at, heartbeat_at) VALUES (1, @owner, @pid, @host, @startedAt, @heartbeatAt)
    ON CONFLICT (id) DO UPDATE SET owner = @owner, pid = @pid, host = @host, started_at = @startedAt, heartbeat_at = @heartbeatAt`);
  const beat = db.prepare('UPDATE daemon_lease SET heartbeat_at = ? WHERE id = 1 AND owner = ?');
  const release = db.prepare('DELETE FROM daemon_lease WHERE id = 1 AND owner = ?');
  return {
    current: (): Lease | null => {
      const r = get.get() as Row | undefined;
      return r ? toLease(r) : null;
    },
    /** Call inside the transaction that read `current()` and decided the lease is free or stale. */
    take: (l: Lease) => void put.run(l),
    /** false when another daemon took the lease over (this one was judged dead). */
    heartbeat: (owner: string, at: Date) => beat.run(at.toISOString(), owner).changes === 1,
    release: (owner: string) => void release.run(owner),
  };
}

export type LeaseRepo = ReturnType<typeof createLeaseRepo>;
