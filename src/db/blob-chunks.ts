/** @module Bytes written once in chunks under an owner row and read back whole: raw mail (`message_raw`) and attachment content (`attachment_chunks`). */
import type { Database } from 'better-sqlite3';
import { LIMITS } from '../limits.js';

/** The chunk tables, each with the column naming its owner; both store (owner, seq, bytes). */
export type ChunkTable = { table: 'message_raw'; owner: 'message_id'; what: 'message' } | { table: 'attachment_chunks'; owner: 'attachment_id'; what: 'attachment' };

export function createBlobChunks(db: Database, t: ChunkTable) {
  const insert = db.prepare(`INSERT INTO ${t.table} (${t.owner}, seq, bytes) VALUES (?, ?, ?)`);
  const chunks = db.prepare(`SELECT bytes FROM ${t.table} WHERE ${t.owner} = ? ORDER BY seq`).pluck();

  return {
    /** The owner's bytes, in chunks of LIMITS.rawChunkBytes, so SQLite never copies more than a chunk at once; none for zero bytes. */
    write(owner: number, bytes: Buffer): void {
      for (let seq = 0; seq * LIMITS.rawChunkBytes < bytes.length; seq++) {
        insert.run(owner, seq, bytes.subarray(seq * LIMITS.rawChunkBytes, (seq + 1) * LIMITS.rawChunkBytes));
      }
    },
    /** The owner's bytes, copied chunk by chunk into one buffer of `size` bytes (one copy, not two). */
    read(owner: number, size: number): Buffer {
      const bytes = Buffer.allocUnsafe(size);
      let at = 0;
      for (const chunk of chunks.iterate(owner) as IterableIterator<Buffer>) {
        if (at + chunk.length > size) throw damaged(t, owner, size);
        at += chunk.copy(bytes, at);
      }
      if (at !== size) throw damaged(t, owner, size);
      return bytes;
    },
  };
}

/** Rows that disagree with the recorded size are a bug or a damaged file, never bytes to process. */
const damaged = (t: ChunkTable, owner: number, size: number) =>
  new Error(`${t.what} ${owner}: the stored bytes do not add up to its recorded size (${size} bytes)`);
