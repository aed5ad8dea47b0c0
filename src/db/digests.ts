/** @module Queries for the daily digest: the once-a-day guard, digest recipients' keys, its report sections (digest-sections.ts), who waits on the reporter, and the listings and message facts the digest shows. */
import type { Database } from 'better-sqlite3';
import { createDigestSections } from './digest-sections.js';
import type { Outcome } from './messages.js';
import { LISTING_COLUMNS, toListing, type ReportListing, type Row } from './reports.js';

export interface DigestRecord {
  localDate: string;
  sentAt: string;
  since: string | null;
  counts: Record<string, number>;
}

export interface RecipientKey {
  fingerprint: string;
  address: string;
  userIds: string[];
  expiresAt: string | null;
  revoked: boolean;
  publicKey: string;
  importedAt: string;
}

/** A message the digest lists without its content: what happened to it, and the report it belongs to. */
export interface DigestMessage {
  id: number;
  messageId: string | null;
  capturedAt: string;
  outcome: Outcome | null;
  ref: string | null;
  errorCode: string | null;
  error: string | null;
}

interface MessageRow {
  id: number;
  message_id: string | null;
  captured_at: string;
  outcome: Outcome | null;
  ref: string | null;
  error_code: string | null;
  error: string | null;
}

const toMessage = (r: MessageRow): DigestMessage => ({
  id: r.id,
  messageId: r.message_id,
  capturedAt: r.captured_at,
  outcome: r.outcome,
  ref: r.ref,
  errorCode: r.error_code,
  error: r.error,
});

/** The extraction fields a digest reads (its lines' title, reporter, type and severity; "waiting"; the CRA clocks). */
const DIGEST_FIELDS = ['title', 'reporter', 'vulnerabilityType', 'cvss', 'missing', 'exploitedInTheWild'] as const;

export function createDigestsRepo(db: Database) {
  const last = db.prepare('SELECT * FROM digests ORDER BY local_date DESC LIMIT 1');
  const byDate = db.prepare('SELECT 1 FROM digests WHERE local_date >= ? LIMIT 1');
  const insert = db.prepare('INSERT OR IGNORE INTO digests (local_date, sent_at, since, counts) VALUES (?, ?, ?, ?)');
  const upsertKey = db.prepare(`INSERT INTO recipient_keys (fingerprint, address, user_ids, expires_at, revoked, public_key, imported_at)
    VALUES (@fingerprint, @address, @userIds, @expiresAt, @revoked, @publicKey, @importedAt)
    ON CONFLICT (fingerprint, address) DO UPDATE SET user_ids = excluded.user_ids, expires_at = excluded.expires_at,
      revoked = excluded.revoked, public_key = excluded.public_key, imported_at = excluded.imported_at`);
  const keysFor = db.prepare('SELECT * FROM recipient_keys WHERE address = ? ORDER BY imported_at DESC');
  // Only the columns the digest shows: never the raw bytes or the unwrap record.
  const messages = db.prepare(`SELECT m.id, m.message_id, m.captured_at, m.outcome, r.ref, m.error_code, m.error
    FROM messages m LEFT JOIN reports r ON r.id = m.report_id
    WHERE m.state = 'failed' ORDER BY m.id LIMIT ?`);
  // "Waiting on the reporter": a report still before its fix that asks its reporter for something (migration 012's
  // asks_reporter: its `missing` list is not empty) and whose reporter has been silent since `cutoff`. Only the
  // reporter's own mail counts as an answer: a third party writing on the thread answers nothing. The first message is
  // the report's own ('new-report', captured at received_at), so a report received after the cutoff cannot be waiting.
  // Read from indexes only (reports_asks_reporter, messages_reporter_mail): a desk's rows are never opened.
  const waiting = db.prepare(`SELECT id, last FROM (
      SELECT r.id, COALESCE((SELECT MAX(m.captured_at) FROM messages m WHERE m.report_id = r.id AND m.outcome IN ('new-report', 'reply')), r.received_at) AS last
      FROM reports r INDEXED BY reports_asks_reporter WHERE r.asks_reporter = 1 AND r.status IN (SELECT value FROM json_each(@open)) AND r.received_at <= @cutoff)
    WHERE last <= @cutoff ORDER BY id`);
  // Of the extraction, only the fields a digest line shows come out of SQLite: the whole result (every field with its
  // span and confidence) is most of a listing's JSON. Only for the reports the digest lists.
  const digestFields = `CASE WHEN fields IS NULL THEN NULL ELSE json_object(${DIGEST_FIELDS.map((f) => `'${f}', fields -> '$.${f}'`).join(', ')}) END AS fields`;
  const listings = db.prepare(`SELECT ${LISTING_COLUMNS.replace(/\bfields\b/, digestFields)} FROM reports WHERE id IN (SELECT value FROM json_each(@ids)) ORDER BY id`);
  return {
    ...createDigestSections(db),
    /** Reports in one of `statuses` that ask their reporter for something, whose reporter last wrote (or reported) at or before `cutoff`: when, by id. */
    waiting: (statuses: readonly string[], cutoff: Date): Map<number, { lastReporterMail: string }> =>
      new Map((waiting.all({ open: JSON.stringify(statuses), cutoff: cutoff.toISOString() }) as { id: number; last: string }[]).map((r) => [r.id, { lastReporterMail: r.last }])),
    /** The listings of `ids`, without bodies, `fields` holding only DIGEST_FIELDS. */
    listings: (ids: readonly number[]): ReportListing[] => (listings.all({ ids: JSON.stringify(ids) }) as Row[]).map(toListing),
    last(): DigestRecord | null {
      const r = last.get() as { local_date: string; sent_at: string; since: string | null; counts: string } | undefined;
      return r ? { localDate: r.local_date, sentAt: r.sent_at, since: r.since, counts: JSON.parse(r.counts) as Record<string, number> } : null;
    },
    /** A digest for this local day or a later one exists: a clock that jumped back never sends a day twice. */
    coveredFrom: (localDate: string) => byDate.get(localDate) !== undefined,
    /** False when the day was already recorded (another process got there first). */
    record: (d: DigestRecord) => insert.run(d.localDate, d.sentAt, d.since, JSON.stringify(d.counts)).changes === 1,
    upsertRecipientKey: (k: RecipientKey) => upsertKey.run({ ...k, userIds: JSON.stringify(k.userIds), revoked: k.revoked ? 1 : 0 }),
    recipientKeys: (address: string): RecipientKey[] =>
      (keysFor.all(address) as { fingerprint: string; address: string; user_ids: string; expires_at: string | null; revoked: number; public_key: string; imported_at: string }[]).map((r) => ({
        fingerprint: r.fingerprint,
        address: r.address,
        userIds: JSON.parse(r.user_ids) as string[],
        expiresAt: r.expires_at,
        revoked: r.revoked === 1,
        publicKey: r.public_key,
        importedAt: r.imported_at,
      })),
    /** Failed messages, oldest first: they stay in every digest until retried. */
    failed: (limit: number) => (messages.all(limit) as MessageRow[]).map(toMessage),
  };
}

export type DigestsRepo = ReturnType<typeof createDigestsRepo>;
