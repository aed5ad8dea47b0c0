/** @module Raw mail bytes (`message_raw`, migration 011): written once at capture in chunks, read back whole. */
import type { Database } from 'better-sqlite3';
import { createBlobChunks } from './blob-chunks.js';

/** Keyed by the message that holds the bytes (a copy, raw_of set, reads its holder's). */
export const createRawStore = (db: Database) => createBlobChunks(db, { table: 'message_raw', owner: 'message_id', what: 'message' });
