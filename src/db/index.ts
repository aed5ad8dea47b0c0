/** @module All repositories over one connection, built once per process. */
import type { Database } from 'better-sqlite3';
import { inTransaction } from './connection.js';
import { createCiphertextsRepo } from './ciphertexts.js';
import { createCursorsRepo } from './cursors.js';
import { createEventsRepo } from './events.js';
import { createKeysRepo } from './keys.js';
import { createMessagesRepo } from './messages.js';
import { createOutboxRepo } from './outbox.js';
import { createReportsRepo } from './reports.js';
import { createSettingsRepo } from './settings.js';

export function createRepos(db: Database) {
  return {
    db,
    /** Every state change goes through here: one IMMEDIATE transaction (see inTransaction). */
    transaction: <T>(fn: () => T): T => inTransaction(db, fn),
    messages: createMessagesRepo(db),
    reports: createReportsRepo(db),
    events: createEventsRepo(db),
    cursors: createCursorsRepo(db),
    keys: createKeysRepo(db),
    ciphertexts: createCiphertextsRepo(db),
    outbox: createOutboxRepo(db),
    settings: createSettingsRepo(db),
  };
}

export type Repos = ReturnType<typeof createRepos>;
