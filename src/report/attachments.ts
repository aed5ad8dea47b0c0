/** @module A report's attachments for the team: listed without their bytes, or written out decrypted under safe names (0600, never over a file). */
import { closeSync, lstatSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttachmentListing, ReportsRepo } from '../db/reports.js';
import { errorMessage, SecintakeError } from '../errors.js';
import { safeFileName } from '../mail/filename.js';
import { findReport } from './find.js';

export interface AttachmentEntry {
  id: number;
  name: string;
  sha256: string;
  size: number;
  contentType: string;
  encrypted: boolean;
  /** The message it came with: our id (`messages show ID`) and its Message-ID header. */
  message: { id: number; messageId: string | null };
  /** The name it is written under by `--out`. */
  fileName: string;
}

/** File names for a report's attachments, each sanitised and distinct from those before it. Pure. */
export function attachmentEntries(listing: readonly AttachmentListing[]): AttachmentEntry[] {
  const taken: string[] = [];
  return listing.map((a, i) => {
    const fileName = safeFileName(a.name, i + 1, taken);
    taken.push(fileName);
    return { id: a.id, name: a.name, sha256: a.sha256, size: a.size, contentType: a.contentType, encrypted: a.encrypted, message: { id: a.messageId, messageId: a.messageHeaderId }, fileName };
  });
}

export function listAttachments(reports: ReportsRepo, ref: string): { ref: string; attachments: AttachmentEntry[] } {
  const r = findReport(reports, ref);
  return { ref: r.ref, attachments: attachmentEntries(reports.attachmentListing(r.id)) };
}

const exists = (path: string) => {
  try {
    lstatSync(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
};

const existsError = (path: string, cause?: unknown) =>
  new SecintakeError('E_OUTPUT_EXISTS', `${path} exists; nothing is overwritten`, { cause, hint: 'write to an empty directory, or move the existing file away' });

function outputError(e: unknown, path: string): SecintakeError {
  if ((e as NodeJS.ErrnoException).code === 'EEXIST') return existsError(path, e);
  return new SecintakeError('E_OUTPUT', `cannot write ${path}: ${errorMessage(e)}`, { cause: e, hint: 'check that the directory is writable by this user' });
}

/**
 * Writes every attachment of the report into `dir` (created 0700 when missing). Refuses before writing
 * anything when a target exists; O_EXCL then guards the race, and never follows a symlink planted meanwhile.
 */
export function exportAttachments(reports: ReportsRepo, ref: string, dir: string): { ref: string; dir: string; written: AttachmentEntry[] } {
  const r = findReport(reports, ref);
  const attachments = attachmentEntries(reports.attachmentListing(r.id));
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw outputError(e, dir);
  }
  const clash = attachments.map((a) => join(dir, a.fileName)).find(exists);
  if (clash) throw existsError(clash);
  for (const a of attachments) {
    const path = join(dir, a.fileName);
    const content = reports.attachmentContent(r.id, a.id);
    // Attachments are never deleted: a missing one is a bug, not an expected failure.
    if (content === null) throw new Error(`attachment ${a.id} of ${r.ref} vanished while it was being written`);
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (e) {
      throw outputError(e, path);
    }
    try {
      writeFileSync(fd, content);
    } finally {
      closeSync(fd);
    }
  }
  return { ref: r.ref, dir, written: attachments };
}
