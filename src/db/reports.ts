/** @module Queries on `reports` and their `attachments`; references SEC-YYYY-NNNN are allocated here. */
import type { Database, Statement } from 'better-sqlite3';
import { createBlobChunks } from './blob-chunks.js';
import { createBodyStore } from './report-bodies.js';
import { createReportDueQueries } from './report-due.js';
import type { AttachmentInfo, Encryption, ReportStatus, Signature, StoredDeadlines, UnencryptedPart } from '../report/types.js';

export interface ReportRecord {
  id: number;
  ref: string;
  messageId: number;
  status: ReportStatus;
  receivedAt: string;
  subject: string | null;
  reporterEmail: string | null;
  reporterName: string | null;
  bodyText: string;
  bodyHtml: string | null;
  encryption: Encryption;
  signature: Signature;
  fields: Record<string, unknown> | null;
  deadlines: StoredDeadlines | null;
  flags: string[];
  /** What arrived outside the decryption: kept apart, never the report. */
  unencryptedParts: UnencryptedPart[];
  statusReason: string | null;
  patchDate: string | null;
  exploited: boolean;
  lastUpdateAt: string | null;
  /** A team member's name or address; null when nobody has it. */
  assignee: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A report as lists and the sweep see it: everything but the bodies, which only `reports show` and exports read. */
export type ReportListing = Omit<ReportRecord, 'bodyText' | 'bodyHtml'>;

/** An attachment as the desk lists it: no content, and the message it came with. */
export interface AttachmentListing extends AttachmentInfo {
  id: number;
  messageId: number;
  /** The Message-ID header of that message, without <>; null when it had none. */
  messageHeaderId: string | null;
}

/** Who to list: anyone (absent), unassigned reports only (null), or one assignee (case-insensitive). */
export type AssigneeFilter = { assignee?: string | null };

export interface NewReport {
  messageId: number;
  receivedAt: Date;
  /** Year of the reference, in the team's time zone. */
  year: number;
  subject: string | null;
  reporterEmail: string | null;
  reporterName: string | null;
  bodyText: string;
  bodyHtml: string | null;
  encryption: Encryption;
  signature: Signature;
  /** The extraction result (values with confidences), stored as JSON. */
  fields: object | null;
  deadlines: StoredDeadlines | null;
  flags: string[];
  exploited: boolean;
  unencryptedParts: UnencryptedPart[];
  attachments: (AttachmentInfo & { content: Buffer })[];
}

/** A `reports` row as SQLite returns it (the bodies live in `report_bodies`, migration 013). */
export interface Row {
  id: number;
  ref: string;
  message_id: number;
  status: ReportStatus;
  received_at: string;
  subject: string | null;
  reporter_email: string | null;
  reporter_name: string | null;
  encryption: string;
  signature: string;
  fields: string | null;
  deadlines: string | null;
  flags: string;
  unencrypted_parts: string;
  status_reason: string | null;
  patch_date: string | null;
  exploited: number;
  last_update_at: string | null;
  assignee: string | null;
  created_at: string;
  updated_at: string;
}

export const toListing = (r: Row): ReportListing => ({
  id: r.id,
  ref: r.ref,
  messageId: r.message_id,
  status: r.status,
  receivedAt: r.received_at,
  subject: r.subject,
  reporterEmail: r.reporter_email,
  reporterName: r.reporter_name,
  encryption: JSON.parse(r.encryption),
  signature: JSON.parse(r.signature),
  fields: r.fields === null ? null : JSON.parse(r.fields),
  // The one place the JSON column becomes a type: only this repository writes it (insert, setPolicy).
  deadlines: r.deadlines === null ? null : (JSON.parse(r.deadlines) as StoredDeadlines),
  flags: JSON.parse(r.flags),
  unencryptedParts: JSON.parse(r.unencrypted_parts) as UnencryptedPart[],
  statusReason: r.status_reason,
  patchDate: r.patch_date,
  exploited: r.exploited === 1,
  lastUpdateAt: r.last_update_at,
  assignee: r.assignee,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The columns a ReportListing is made of: what listings read, and lookups before they add the bodies. */
export const LISTING_COLUMNS = `id, ref, message_id, status, received_at, subject, reporter_email, reporter_name, encryption, signature, fields,
  deadlines, flags, unencrypted_parts, status_reason, patch_date, exploited, last_update_at, assignee, created_at, updated_at`;

export type ListFilter = { status?: string } & AssigneeFilter;
/** The orders a page can be read in straight from an index. */
export type PageOrder = 'received' | 'ref';

const filterParams = (filter: ListFilter) => ({
  status: filter.status ?? null,
  who: filter.assignee === undefined ? 'any' : filter.assignee === null ? 'none' : 'one',
  assignee: filter.assignee ?? null,
});

/** The desk's filter (ListFilter, through filterParams): its columns are in one index (migration 014), so a count reads no row. */
export const REPORT_FILTER = `FROM reports WHERE (@status IS NULL OR status = @status)
    AND (@who = 'any' OR (@who = 'none' AND assignee IS NULL) OR (@who = 'one' AND assignee = @assignee COLLATE NOCASE))`;

export const formatRef = (year: number, seq: number) => `SEC-${year}-${String(seq).padStart(4, '0')}`;

export type { SweepCandidate } from './report-due.js';

export function createReportsRepo(db: Database) {
  const nextSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM reports WHERE year = ?');
  const bodies = createBodyStore(db);
  const insert = db.prepare(`INSERT INTO reports (ref, year, seq, message_id, received_at, subject, reporter_email, reporter_name,
    encryption, signature, fields, deadlines, flags, unencrypted_parts, exploited, next_due_at, created_at, updated_at)
    VALUES (@ref, @year, @seq, @messageId, @receivedAt, @subject, @reporterEmail, @reporterName,
    @encryption, @signature, @fields, @deadlines, @flags, @unencryptedParts, @exploited, CASE WHEN @deadlines IS NULL THEN NULL ELSE @at END, @at, @at)`);
  const setFlags = db.prepare('UPDATE reports SET flags = ?, updated_at = ? WHERE id = ?');
  // A write to what the flags or the next update depend on makes the report due at once (next_due_at = its time).
  const setStatus = db.prepare('UPDATE reports SET status = @status, status_reason = @reason, updated_at = @at, next_due_at = @at WHERE id = @id');
  const setPolicy = db.prepare('UPDATE reports SET deadlines = @deadlines, patch_date = @patchDate, exploited = @exploited, updated_at = @at, next_due_at = @at WHERE id = @id');
  const setLastUpdate = db.prepare('UPDATE reports SET last_update_at = @at, updated_at = @at, next_due_at = @at WHERE id = @id');
  const insertAttachment = db.prepare(`INSERT INTO attachments (report_id, message_id, name, content_type, size, sha256, encrypted)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const attachmentBytes = createBlobChunks(db, { table: 'attachment_chunks', owner: 'attachment_id', what: 'attachment' });
  const byRef = db.prepare(`SELECT ${LISTING_COLUMNS} FROM reports WHERE ref = ?`);
  const byId = db.prepare(`SELECT ${LISTING_COLUMNS} FROM reports WHERE id = ?`);
  const flagsOf = db.prepare('SELECT flags FROM reports WHERE id = ?').pluck();
  const filtered = REPORT_FILTER;
  const listed = db.prepare(`SELECT ${LISTING_COLUMNS} ${filtered} ORDER BY id`);
  // A page in the desk's orders, walked along an index (received_at; the UNIQUE (year, seq)) and stopped at the limit.
  const paged: Record<PageOrder, Statement> = {
    received: db.prepare(`SELECT ${LISTING_COLUMNS} ${filtered} ORDER BY received_at, id LIMIT @limit`),
    ref: db.prepare(`SELECT ${LISTING_COLUMNS} ${filtered} ORDER BY year, seq LIMIT @limit`),
  };
  const counted = db.prepare(`SELECT COUNT(*) ${filtered}`).pluck();
  const setAssignee = db.prepare('UPDATE reports SET assignee = ?, updated_at = ? WHERE id = ?');
  const listing = db.prepare(`SELECT a.id, a.message_id, m.message_id AS header_id, a.name, a.content_type, a.size, a.sha256, a.encrypted
    FROM attachments a JOIN messages m ON m.id = a.message_id WHERE a.report_id = ? ORDER BY a.id`);
  const sizeOf = db.prepare('SELECT size FROM attachments WHERE id = ? AND report_id = ?').pluck();
  const attachments = db.prepare(
    'SELECT name, content_type, size, sha256, encrypted FROM attachments WHERE report_id = ? ORDER BY id',
  );

  /** The one place a report is read whole: its listing and its bodies. */
  const withBodies = (r: Row | undefined): ReportRecord | undefined => {
    if (!r) return undefined;
    const { text, html } = bodies.read(r.id);
    return { ...toListing(r), bodyText: text, bodyHtml: html };
  };

  return {
    ...createReportDueQueries(db),
    /** Call inside the transaction that records the message outcome, so the reference and the outcome commit together. */
    insert(r: NewReport, at: Date): { id: number; ref: string } {
      const { seq } = nextSeq.get(r.year) as { seq: number };
      const ref = formatRef(r.year, seq);
      const info = insert.run({
        ref,
        year: r.year,
        seq,
        messageId: r.messageId,
        receivedAt: r.receivedAt.toISOString(),
        subject: r.subject,
        reporterEmail: r.reporterEmail,
        reporterName: r.reporterName,
        encryption: JSON.stringify(r.encryption),
        signature: JSON.stringify(r.signature),
        fields: r.fields === null ? null : JSON.stringify(r.fields),
        deadlines: r.deadlines === null ? null : JSON.stringify(r.deadlines),
        flags: JSON.stringify(r.flags),
        unencryptedParts: JSON.stringify(r.unencryptedParts),
        exploited: r.exploited ? 1 : 0,
        at: at.toISOString(),
      });
      const id = Number(info.lastInsertRowid);
      bodies.write(id, { text: r.bodyText, html: r.bodyHtml });
      this.addAttachments(id, r.messageId, r.attachments);
      return { id, ref };
    },
    setStatus: (id: number, status: string, reason: string | null, at: Date) => setStatus.run({ status, reason, at: at.toISOString(), id }),
    /** Deadlines and the facts they depend on, written together so they never disagree. */
    setPolicy: (id: number, p: { deadlines: StoredDeadlines; patchDate: string | null; exploited: boolean }, at: Date) =>
      setPolicy.run({ deadlines: JSON.stringify(p.deadlines), patchDate: p.patchDate, exploited: p.exploited ? 1 : 0, at: at.toISOString(), id }),
    setLastUpdate: (id: number, at: Date) => setLastUpdate.run({ at: at.toISOString(), id }),
    replaceFlags: (id: number, flags: string[], at: Date) => setFlags.run(JSON.stringify(flags), at.toISOString(), id),
    /** The reference the next report of `year` would get (to compose its acknowledgement before the transaction). */
    peekNextRef: (year: number) => formatRef(year, (nextSeq.get(year) as { seq: number }).seq),
    /** Adds a flag once; returns true when it was new (the caller writes the event). */
    addFlag(id: number, flag: string, at: Date): boolean {
      const stored = flagsOf.get(id) as string | undefined;
      if (stored === undefined) return false;
      const flags = JSON.parse(stored) as string[];
      if (flags.includes(flag)) return false;
      setFlags.run(JSON.stringify([...flags, flag]), at.toISOString(), id);
      return true;
    },
    /** Attachments of the report's first message, or of a reply on it; the size stored is the one their chunks are read back against. */
    addAttachments(reportId: number, messageId: number, list: NewReport['attachments']) {
      for (const a of list) {
        const { lastInsertRowid } = insertAttachment.run(reportId, messageId, a.name, a.contentType, a.content.length, a.sha256, a.encrypted ? 1 : 0);
        attachmentBytes.write(Number(lastInsertRowid), a.content);
      }
    },
    byRef: (ref: string) => withBodies(byRef.get(ref) as Row | undefined),
    byId: (id: number) => withBodies(byId.get(id) as Row | undefined),
    /** The report without its bodies: for the many callers that need its reference, status, deadlines or fields only. */
    listingById: (id: number): ReportListing | undefined => {
      const r = byId.get(id) as Row | undefined;
      return r && toListing(r);
    },
    listingByRef: (ref: string): ReportListing | undefined => {
      const r = byRef.get(ref) as Row | undefined;
      return r && toListing(r);
    },
    list: (filter: ListFilter = {}): ReportListing[] => (listed.all(filterParams(filter)) as Row[]).map(toListing),
    /** The first `limit` reports of the filter in `order` (by arrival, or by reference as numbers): SEC-2026-10000 after SEC-2026-9999. */
    page: (filter: ListFilter, order: PageOrder, limit: number): ReportListing[] => (paged[order].all({ ...filterParams(filter), limit }) as Row[]).map(toListing),
    /** How many reports the filter matches, counted without reading them. */
    count: (filter: ListFilter = {}) => counted.get(filterParams(filter)) as number,
    setAssignee: (id: number, assignee: string | null, at: Date) => setAssignee.run(assignee, at.toISOString(), id),
    /** The report's attachments without their content, each with the message it came with. */
    attachmentListing: (reportId: number): AttachmentListing[] =>
      (
        listing.all(reportId) as { id: number; message_id: number; header_id: string | null; name: string; content_type: string; size: number; sha256: string; encrypted: number }[]
      ).map((a) => ({
        id: a.id,
        messageId: a.message_id,
        messageHeaderId: a.header_id,
        name: a.name,
        contentType: a.content_type,
        size: a.size,
        sha256: a.sha256,
        encrypted: a.encrypted === 1,
      })),
    /** One attachment's decrypted bytes, read one at a time so an export never holds them all. */
    attachmentContent: (reportId: number, attachmentId: number): Buffer | null => {
      const size = sizeOf.get(attachmentId, reportId) as number | undefined;
      return size === undefined ? null : attachmentBytes.read(attachmentId, size);
    },
    attachments: (reportId: number): AttachmentInfo[] =>
      (attachments.all(reportId) as { name: string; content_type: string; size: number; sha256: string; encrypted: number }[]).map((a) => ({
        name: a.name,
        contentType: a.content_type,
        size: a.size,
        sha256: a.sha256,
        encrypted: a.encrypted === 1,
      })),
  };
}

export type ReportsRepo = ReturnType<typeof createReportsRepo>;
