/** @module All repositories over one connection, built once per process; every SQLite failure leaves here classified (errors.ts). */
import type { Database } from 'better-sqlite3';
import { inTransaction, withDurability, type Durability } from './connection.js';
import { createCiphertextsRepo } from './ciphertexts.js';
import { createCursorsRepo } from './cursors.js';
import { createDigestsRepo } from './digests.js';
import { classifyDbError, guarded } from './errors.js';
import { createEventsRepo } from './events.js';
import { createKeysRepo } from './keys.js';
import { createLeaseRepo } from './lease.js';
import { createMessagesRepo } from './messages.js';
import { createOutboxRepo } from './outbox.js';
import { createReportsRepo } from './reports.js';
import { createSettingsRepo } from './settings.js';

export function createRepos(db: Database) {
  return {
    db,
    /** Every state change goes through here: one IMMEDIATE transaction (see inTransaction), power-safe unless said (Durability). */
    transaction: <T>(fn: () => T, durability: Durability = 'power-safe'): T => {
      try {
        return withDurability(db, durability, () => inTransaction(db, fn));
      } catch (e) {
        throw classifyDbError(e);
      }
    },
    messages: guarded(createMessagesRepo(db)),
    reports: guarded(createReportsRepo(db)),
    events: guarded(createEventsRepo(db)),
    cursors: guarded(createCursorsRepo(db)),
    keys: guarded(createKeysRepo(db)),
    ciphertexts: guarded(createCiphertextsRepo(db)),
    outbox: guarded(createOutboxRepo(db)),
    lease: guarded(createLeaseRepo(db)),
    digests: guarded(createDigestsRepo(db)),
    settings: guarded(createSettingsRepo(db)),
    ...guarded({
      /** At a clean stop: the WAL folded back into the database file, so a backup of the file alone is whole. */
      checkpoint: () => void db.pragma('wal_checkpoint(TRUNCATE)'),
      /**
       * Whether the database takes a write now: rewriting the schema version dirties page 1, which needs room in the WAL
       * like any other commit. Throws the classified error while it cannot.
       */
      probeWrite: () => inTransaction(db, () => void db.pragma(`user_version = ${Number(db.pragma('user_version', { simple: true }))}`)),
    }),
  };
}

export type Repos = ReturnType<typeof createRepos>;
