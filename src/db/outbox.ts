/** @module The outbox queue (Postfix-style: queued → active → sent | deferred | dead); composed bytes and Message-ID never change on retry. */
import type { Database } from 'better-sqlite3';
import { LIMITS } from '../limits.js';

export type OutboxStatus = 'queued' | 'active' | 'deferred' | 'sent' | 'dead';

export interface OutboxMail {
  id: number;
  messageId: string;
  reportId: number | null;
  kind: string;
  recipients: string[];
  raw: Buffer;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** A mail as lists show it: never the composed bytes, and the reference of its report. */
export type OutboxListing = Omit<OutboxMail, 'raw'> & { reportRef: string | null };

/** What a person may send again: a dead mail (given up) or a deferred one (waiting for its next attempt). */
export const RETRYABLE: readonly OutboxStatus[] = ['dead', 'deferred'];

/** A composed mail as the outbox stores it; the composer's ComposedMail has this shape, so db needs nothing from mail/. */
export interface OutboxDraft {
  /** Without angle brackets, fixed at compose time so a retry is the same mail. */
  messageId: string;
  kind: string;
  recipients: string[];
  raw: Buffer;
}

interface Row {
  id: number;
  message_id: string;
  report_id: number | null;
  kind: string;
  recipients: string;
  raw: Buffer;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

type ListingRow = Omit<Row, 'raw'> & { ref: string | null };

const toListing = (r: ListingRow): OutboxListing => ({
  id: r.id,
  messageId: r.message_id,
  reportId: r.report_id,
  reportRef: r.ref,
  kind: r.kind,
  recipients: JSON.parse(r.recipients),
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

const toMail = (r: Row): OutboxMail => ({
  id: r.id,
  messageId: r.message_id,
  reportId: r.report_id,
  kind: r.kind,
  recipients: JSON.parse(r.recipients),
  raw: r.raw,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

export function createOutboxRepo(db: Database) {
  const insert = db.prepare(`INSERT INTO outbox (message_id, report_id, kind, recipients, raw, status, next_attempt_at, created_at)
    VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)`);
  const due = db.prepare(`SELECT * FROM outbox WHERE status IN ('queued', 'deferred') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`);
  const setStatus = db.prepare(`UPDATE outbox SET status = @status, attempts = attempts + @counted, next_attempt_at = @next, last_error = @error,
    sent_at = @sentAt WHERE id = @id`);
  const claim = db.prepare(`UPDATE outbox SET status = 'active', claimed_by = ?, claimed_until = ? WHERE id = ? AND status IN ('queued', 'deferred')`);
  const claims = db.prepare(`SELECT id, claimed_by, claimed_until FROM outbox WHERE status = 'active' ORDER BY id`);
  const unclaim = db.prepare(`UPDATE outbox SET status = 'queued', claimed_by = NULL, claimed_until = NULL WHERE id = ? AND status = 'active'`);
  const sentSince = db.prepare(`SELECT sent_at FROM outbox WHERE status = 'sent' AND sent_at >= ? AND recipients LIKE ? ORDER BY sent_at`);
  const byId = db.prepare('SELECT * FROM outbox WHERE id = ?');
  const list = db.prepare('SELECT * FROM outbox ORDER BY id');
  const byReport = db.prepare('SELECT * FROM outbox WHERE report_id = ? ORDER BY id');
  const listing = db.prepare(`SELECT o.id, o.message_id, o.report_id, r.ref, o.kind, o.recipients, o.status, o.attempts, o.next_attempt_at,
    o.last_error, o.created_at, o.sent_at FROM outbox o LEFT JOIN reports r ON r.id = o.report_id
    WHERE (@status IS NULL OR o.status = @status) ORDER BY o.id`);
  const listingById = db.prepare(`SELECT o.id, o.message_id, o.report_id, r.ref, o.kind, o.recipients, o.status, o.attempts, o.next_attempt_at,
    o.last_error, o.created_at, o.sent_at FROM outbox o LEFT JOIN reports r ON r.id = o.report_id WHERE o.id = ?`);
  // A fresh backoff series: the retry is a person's decision that the cause is fixed. The status guard makes it atomic with the drainer.
  const retry = db.prepare(`UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = ?
    WHERE id = ? AND status IN (${RETRYABLE.map((s) => `'${s}'`).join(', ')})`);

  return {
    /** Call inside the transaction that decided to send. */
    enqueue(d: OutboxDraft, reportId: number | null, at: Date): number {
      const iso = at.toISOString();
      return Number(insert.run(d.messageId, reportId, d.kind, JSON.stringify(d.recipients), d.raw, iso, iso).lastInsertRowid);
    },
    due: (now: Date, limit = 20) => (due.all(now.toISOString(), limit) as Row[]).map(toMail),
    /** true when `claimant` (host:pid) now owns the mail (no other drainer took it), until `outboxClaimMs` after `now`. */
    claim: (id: number, now: Date, claimant: string) => claim.run(claimant, new Date(now.getTime() + LIMITS.outboxClaimMs).toISOString(), id).changes === 1,
    /** Every claim in flight, for the lease holder to judge (src/jobs/lease.ts requeueAbandoned). */
    claims: () => (claims.all() as { id: number; claimed_by: string | null; claimed_until: string | null }[]).map((r) => ({ id: r.id, claimedBy: r.claimed_by, claimedUntil: r.claimed_until })),
    /** An abandoned claim back to the queue, Message-ID unchanged; false when it was no longer active (its sender finished). */
    unclaim: (id: number) => unclaim.run(id).changes === 1,
    markSent: (id: number, at: Date) => setStatus.run({ id, status: 'sent', counted: 1, next: at.toISOString(), error: null, sentAt: at.toISOString() }),
    markDeferred: (id: number, next: Date, error: string, counted = true) =>
      setStatus.run({ id, status: 'deferred', counted: counted ? 1 : 0, next: next.toISOString(), error, sentAt: null }),
    markDead: (id: number, at: Date, error: string) => setStatus.run({ id, status: 'dead', counted: 1, next: at.toISOString(), error, sentAt: null }),
    /** Send times to a recipient since `since` (for the per-recipient rate limit). */
    sentTo(recipient: string, since: Date): Date[] {
      return (sentSince.all(since.toISOString(), `%${JSON.stringify(recipient)}%`) as { sent_at: string }[]).map((r) => new Date(r.sent_at));
    },
    get: (id: number) => {
      const r = byId.get(id) as Row | undefined;
      return r && toMail(r);
    },
    all: () => (list.all() as Row[]).map(toMail),
    forReport: (reportId: number) => (byReport.all(reportId) as Row[]).map(toMail),
    /** Every mail (or those with `status`), oldest first, without the composed bytes. */
    listing: (filter: { status?: OutboxStatus } = {}) => (listing.all({ status: filter.status ?? null }) as ListingRow[]).map(toListing),
    listingById: (id: number) => {
      const r = listingById.get(id) as ListingRow | undefined;
      return r && toListing(r);
    },
    /** A dead or deferred mail back to the queue, due at `at`; false when it was in another state. */
    retry: (id: number, at: Date) => retry.run(at.toISOString(), id).changes === 1,
  };
}

export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
