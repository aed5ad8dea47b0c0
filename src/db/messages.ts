/** @module Queries on `messages`: capture of raw mail, the processing queue, outcomes. */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { createRawStore } from './message-raw.js';

export type MessageState = 'captured' | 'processed' | 'failed';
export const OUTCOMES = ['new-report', 'reply', 'third-party', 'auto-reply', 'bounce', 'duplicate', 'replay', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface CapturedMessage {
  id: number;
  source: string;
  sourceRef: string | null;
  messageId: string | null;
  sha256: string;
  contentSha256: string;
  size: number;
  raw: Buffer;
  capturedAt: string;
  state: MessageState;
  outcome: Outcome | null;
  reportId: number | null;
  duplicateOf: number | null;
  errorCode: string | null;
  error: string | null;
  unwrap: unknown;
}

/** A message as `messages list` shows it: no raw bytes and no unwrap JSON, so listing 300,000 messages reads only their rows. */
export type MessageListing = Omit<CapturedMessage, 'raw' | 'unwrap'>;

/** A message's row without its raw bytes: what recording reads back (state, outcome, unwrap status). */
export type StoredMessage = Omit<CapturedMessage, 'raw'>;

export interface CaptureInput {
  source: string;
  sourceRef: string | null;
  messageId: string | null;
  /** Identity for duplicate detection (see intake/identity.ts). */
  contentSha256: string;
  raw: Buffer;
  capturedAt: Date;
}

interface Row {
  id: number;
  source: string;
  source_ref: string | null;
  message_id: string | null;
  sha256: string;
  content_sha256: string;
  size: number;
  raw_of: number | null;
  captured_at: string;
  state: MessageState;
  outcome: Outcome | null;
  report_id: number | null;
  duplicate_of: number | null;
  error_code: string | null;
  error: string | null;
  unwrap: string | null;
}

const toStored = (r: Row): StoredMessage => ({ ...toListing(r), unwrap: r.unwrap === null ? null : JSON.parse(r.unwrap) });

const toListing = (r: Omit<Row, 'unwrap' | 'raw_of'>): MessageListing => ({
  id: r.id,
  source: r.source,
  sourceRef: r.source_ref,
  messageId: r.message_id,
  sha256: r.sha256,
  contentSha256: r.content_sha256,
  size: r.size,
  capturedAt: r.captured_at,
  state: r.state,
  outcome: r.outcome,
  reportId: r.report_id,
  duplicateOf: r.duplicate_of,
  errorCode: r.error_code,
  error: r.error,
});

const LISTING_COLUMNS = 'id, source, source_ref, message_id, sha256, content_sha256, size, captured_at, state, outcome, report_id, duplicate_of, error_code, error';
/** A message's row without its bytes (those are in message_raw, read apart), and where its bytes are held. */
const STORED_COLUMNS = `${LISTING_COLUMNS}, unwrap, raw_of`;

export const sha256Hex = (data: Buffer | Uint8Array | string) => createHash('sha256').update(data).digest('hex');

export function createMessagesRepo(db: Database) {
  const raws = createRawStore(db);
  const insert = db.prepare(`INSERT INTO messages (source, source_ref, message_id, sha256, content_sha256, size, raw_of, captured_at)
    VALUES (@source, @sourceRef, @messageId, @sha256, @contentSha256, @size, @rawOf, @capturedAt)
    ON CONFLICT (source, source_ref) DO NOTHING`);
  const bySourceRef = db.prepare('SELECT id FROM messages WHERE source = ? AND source_ref = ?');
  const storedById = db.prepare(`SELECT ${STORED_COLUMNS} FROM messages WHERE id = ?`);
  const pendingIds = db.prepare(`SELECT id FROM messages WHERE state = 'captured' ORDER BY id LIMIT ?`).pluck();
  const rawHolder = db.prepare('SELECT id FROM messages WHERE sha256 = ? AND raw_of IS NULL ORDER BY id LIMIT 1');
  const earlierIdentical = db.prepare(
    `SELECT id FROM messages WHERE content_sha256 = ? AND message_id IS ? AND id < ? AND outcome IS NOT 'duplicate' ORDER BY id LIMIT 1`,
  );
  const finish = db.prepare(`UPDATE messages SET state = @state, outcome = @outcome, report_id = @reportId, duplicate_of = @duplicateOf,
    error_code = @errorCode, error = @error, unwrap = @unwrap, processed_at = @at WHERE id = @id`);
  const byHeaderIds = (n: number) =>
    db.prepare(`SELECT DISTINCT report_id FROM messages WHERE report_id IS NOT NULL AND message_id IN (${Array(n).fill('?').join(',')})`);
  const failedList = db.prepare(`SELECT ${STORED_COLUMNS} FROM messages WHERE state = 'failed' ORDER BY id`);
  const allList = db.prepare(`SELECT ${STORED_COLUMNS} FROM messages ORDER BY id`);
  // A person's retry is a fresh series of attempts: they judged the cause fixed.
  const requeue = db.prepare(`UPDATE messages SET state = 'captured', outcome = NULL, error_code = NULL, error = NULL, attempts = 0 WHERE id = ? AND state = 'failed'`);
  const beginAttempt = db.prepare(`UPDATE messages SET attempts = attempts + 1 WHERE id = ? RETURNING attempts`);
  const forgiveAttempt = db.prepare(`UPDATE messages SET attempts = MAX(attempts - 1, 0) WHERE id = ?`);
  const listingAll = db.prepare(`SELECT ${LISTING_COLUMNS} FROM messages ORDER BY id`);
  const listingFailed = db.prepare(`SELECT ${LISTING_COLUMNS} FROM messages WHERE state = 'failed' ORDER BY id`);

  /** The row and its bytes, read from the row that holds them (itself, or the earlier copy raw_of names). */
  const withRaw = (r: Row): CapturedMessage => ({ ...toStored(r), raw: raws.read(r.raw_of ?? r.id, r.size) });

  return {
    /** Stores the exact bytes (once per sha256: a later copy points at the first); a second capture of the same source reference is a no-op (returns inserted: false). */
    capture(input: CaptureInput): { id: number; inserted: boolean } {
      const sha256 = sha256Hex(input.raw);
      const holder = rawHolder.get(sha256) as { id: number } | undefined;
      const info = insert.run({
        source: input.source,
        sourceRef: input.sourceRef,
        messageId: input.messageId,
        sha256,
        contentSha256: input.contentSha256,
        size: input.raw.length,
        rawOf: holder?.id ?? null,
        capturedAt: input.capturedAt.toISOString(),
      });
      if (info.changes === 1) {
        const id = Number(info.lastInsertRowid);
        if (!holder) raws.write(id, input.raw);
        return { id, inserted: true };
      }
      const existing = bySourceRef.get(input.source, input.sourceRef) as { id: number };
      return { id: existing.id, inserted: false };
    },
    get: (id: number) => {
      const r = storedById.get(id) as Row | undefined;
      return r && withRaw(r);
    },
    /** `get` without the raw bytes: recording reads a message back up to three times, and the bytes are up to the message size. */
    stored: (id: number) => {
      const r = storedById.get(id) as Row | undefined;
      return r && toStored(r);
    },
    /** The processing queue in capture order, ids only: each message's bytes are read when it is taken (`get`). */
    pendingIds: (limit: number) => pendingIds.all(limit) as number[],
    /** The first earlier message with the same Message-ID and the same bytes (transit fields aside), if any. */
    findEarlierIdentical(m: Pick<CapturedMessage, 'id' | 'contentSha256' | 'messageId'>): number | null {
      const r = earlierIdentical.get(m.contentSha256, m.messageId, m.id) as { id: number } | undefined;
      return r?.id ?? null;
    },
    finish(
      id: number,
      f: { state: 'processed' | 'failed'; outcome: Outcome; reportId?: number | null; duplicateOf?: number | null; errorCode?: string | null; error?: string | null; unwrap?: unknown },
      at: Date,
    ) {
      finish.run({
        id,
        state: f.state,
        outcome: f.outcome,
        reportId: f.reportId ?? null,
        duplicateOf: f.duplicateOf ?? null,
        errorCode: f.errorCode ?? null,
        error: f.error ?? null,
        unwrap: f.unwrap === undefined ? null : JSON.stringify(f.unwrap),
        at: at.toISOString(),
      });
    },
    /** Reports that own any of these Message-IDs (for threading replies). */
    reportsForMessageIds(ids: string[]): number[] {
      if (ids.length === 0) return [];
      return (byHeaderIds(ids.length).all(...ids) as { report_id: number }[]).map((r) => r.report_id);
    },
    failed: () => (failedList.all() as Row[]).map(withRaw),
    all: () => (allList.all() as Row[]).map(withRaw),
    /** Every message (or the failed ones) without raw bytes: what a listing shows. */
    listing: (filter: { failed?: boolean } = {}): MessageListing[] => ((filter.failed ? listingFailed : listingAll).all() as Row[]).map(toListing),
    /** Puts a failed message back in the queue (after a key was restored, a limit raised); true when it was failed. */
    requeue: (id: number) => requeue.run(id).changes === 1,
    /** Counts a processing attempt in its own commit, before any work: a crash mid-way still leaves it counted. Returns the count. */
    beginAttempt: (id: number) => (beginAttempt.get(id) as { attempts: number }).attempts,
    /** An attempt that ended in a transient error (a busy key service, say) was no fault of the message. */
    forgiveAttempt: (id: number) => void forgiveAttempt.run(id),
  };
}

export type MessagesRepo = ReturnType<typeof createMessagesRepo>;
