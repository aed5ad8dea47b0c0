/** @module Raw mail bytes (`message_raw`, migration 011): written once at capture in chunks, read back whole. */
import type { Database } from 'better-sqlite3';
import { LIMITS } from '../limits.js';

export function createRawStore(db: Database) {
  const insert = db.prepare('INSERT INTO message_raw (message_id, seq, bytes) VALUES (?, ?, ?)');
  const chunks = db.prepare('SELECT bytes FROM message_raw WHERE message_id = ? ORDER BY seq').pluck();

  return {
    /** The bytes of a holder message, in chunks of LIMITS.rawChunkBytes, so SQLite never copies more than a chunk at once. */
    write(holder: number, raw: Buffer): void {
      for (let seq = 0; seq * LIMITS.rawChunkBytes < raw.length; seq++) {
        insert.run(holder, seq, raw.subarray(seq * LIMITS.rawChunkBytes, (seq + 1) * LIMITS.rawChunkBytes));
      }
    },
    /** The holder's bytes, copied chunk by chunk into one buffer of `size` bytes (one copy of the message, not two). */
    read(holder: number, size: number): Buffer {
      const raw = Buffer.allocUnsafe(size);
      let at = 0;
      for (const chunk of chunks.iterate(holder) as IterableIterator<Buffer>) {
        if (at + chunk.length > size) throw damaged(holder, size);
        at += chunk.copy(raw, at);
      }
      if (at !== size) throw damaged(holder, size);
      return raw;
    },
  };
}

/** Rows that disagree with the recorded size are a bug or a damaged file, never a message to process. */
const damaged = (holder: number, size: number) => new Error(`message ${holder}: the stored raw bytes do not add up to its recorded size (${size} bytes)`);
