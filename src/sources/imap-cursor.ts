/** @module The IMAP source's cursor (RFC 3501 UIDVALIDITY and the last UID captured), as the opaque text the cursors table keeps. */
import * as z from 'zod/mini';

export interface ImapCursor {
  /** A string: UIDVALIDITY is a 32-bit unsigned number, kept exact. Null before the first sync. */
  uidvalidity: string | null;
  lastUid: number;
}

export const START: ImapCursor = { uidvalidity: null, lastUid: 0 };

const cursorSchema = z.strictObject({
  uidvalidity: z.nullable(z.string().check(z.regex(/^\d{1,10}$/))),
  lastUid: z.number().check(z.int(), z.gte(0), z.lte(0xffff_ffff)),
});

export const encodeCursor = (c: ImapCursor): string => JSON.stringify({ uidvalidity: c.uidvalidity, lastUid: c.lastUid });

/** A missing or unreadable cursor starts from the top: a rescan records known mail as duplicates, it never loses any. */
export function decodeCursor(text: string | null): { cursor: ImapCursor; valid: boolean } {
  if (text === null) return { cursor: START, valid: true };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { cursor: START, valid: false };
  }
  const parsed = cursorSchema.safeParse(json);
  return parsed.success ? { cursor: parsed.data, valid: true } : { cursor: START, valid: false };
}
