/** @module Report bodies (`report_bodies`, migration 013): written once when the report is recorded, in chunks, read back whole. */
import type { Database } from 'better-sqlite3';
import { LIMITS } from '../limits.js';

export type BodyPart = 'text' | 'html';

export interface Bodies {
  text: string;
  html: string | null;
}

/**
 * `value` cut into pieces of at most LIMITS.bodyChunkChars UTF-16 units, never between the two halves of a surrogate
 * pair (SQLite would store each lone half as U+FFFD). An empty value is one empty piece, so it reads back as present.
 */
export function bodyChunks(value: string): string[] {
  const chunks: string[] = [];
  let at = 0;
  do {
    let end = Math.min(at + LIMITS.bodyChunkChars, value.length);
    if (end < value.length && isHighSurrogate(value.charCodeAt(end - 1))) end--;
    chunks.push(value.slice(at, end));
    at = end;
  } while (at < value.length);
  return chunks;
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

export function createBodyStore(db: Database) {
  const insert = db.prepare('INSERT INTO report_bodies (report_id, part, seq, chunk) VALUES (?, ?, ?, ?)');
  const chunks = db.prepare('SELECT part, chunk FROM report_bodies WHERE report_id = ? ORDER BY part, seq').raw();

  return {
    /** Call in the transaction that inserts the report: each body chunk by chunk, so SQLite never copies more than a chunk at once. */
    write(reportId: number, bodies: Bodies): void {
      const parts: [BodyPart, string | null][] = [['text', bodies.text], ['html', bodies.html]];
      for (const [part, value] of parts) {
        if (value === null) continue;
        bodyChunks(value).forEach((chunk, seq) => insert.run(reportId, part, seq, chunk));
      }
    },
    /**
     * Joined in JavaScript: SQLite's group_concat grows its buffer by doubling, and for a 24 M-character body that cost
     * `ingest` 70 MiB more at its peak (it reads the report back) and `reports set-status` 60 MiB more.
     */
    read(reportId: number): Bodies {
      const pieces: Record<BodyPart, string[]> = { text: [], html: [] };
      for (const [part, chunk] of chunks.iterate(reportId) as IterableIterator<[BodyPart, string]>) pieces[part].push(chunk);
      if (pieces.text.length === 0) throw damaged(reportId);
      return { text: pieces.text.join(''), html: pieces.html.length === 0 ? null : pieces.html.join('') };
    },
  };
}

/** Every report is recorded with its text: none is a bug or a damaged file, never a report to show as empty. */
const damaged = (reportId: number) => new Error(`report ${reportId}: its stored body text is missing (a damaged database, or a report inserted without report_bodies)`);
