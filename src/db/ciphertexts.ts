/** @module Ciphertexts we decrypted, by a hash of their session key: provenance, so a replayed ciphertext is recognised in any wrapper. */
import type { Database } from 'better-sqlite3';

export interface SeenCiphertext {
  id: string;
  messageId: number;
  /** The From address it first came with. */
  sender: string | null;
}

export function createCiphertextsRepo(db: Database) {
  const byId = db.prepare('SELECT id, message_id AS messageId, sender FROM ciphertexts WHERE id = ?');
  const insert = db.prepare('INSERT OR IGNORE INTO ciphertexts (id, message_id, sender, seen_at) VALUES (?, ?, ?, ?)');
  return {
    /** The first of these ciphertexts seen before, on another message. */
    seenBefore(ids: string[], messageId: number): SeenCiphertext | null {
      for (const id of ids) {
        const r = byId.get(id) as SeenCiphertext | undefined;
        if (r && r.messageId !== messageId) return r;
      }
      return null;
    },
    /** Inside the recording transaction: these ciphertexts now belong to this message. */
    record(ids: string[], messageId: number, sender: string | null, at: Date) {
      for (const id of ids) insert.run(id, messageId, sender, at.toISOString());
    },
  };
}

export type CiphertextsRepo = ReturnType<typeof createCiphertextsRepo>;
