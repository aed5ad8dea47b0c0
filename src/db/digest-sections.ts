/** @module The digest's report sections from the columns and indexes of migration 012: each one counted, and the ids of its first lines in the digest's order. */
import type { Database } from 'better-sqlite3';

/** Where the report sections start and end (the caller's policy: "due" counts business days). */
export interface SectionBounds {
  now: Date;
  /** "due" ends here. */
  dueBy: Date;
  /** "disclosures" ends here. */
  disclosuresBy: Date;
  /** "new" starts here. */
  since: Date;
  /** How many ids of each section to return. */
  lines: number;
}

/** A section as an index range: every report in it counted, the first `lines` of them in its order. */
export interface SectionIds {
  count: number;
  ids: number[];
}

// The digest's order: by next deadline then reference, "new" by reference, the flag sections by id (the order reports
// were recorded in). References are SEC-YYYY-NNNN (formatRef): for those, SQLite's byte order is localeCompare's.
// Every range is a named index of migration 012: each reads only its own section, never the desk.
const SECTIONS = {
  overdue: { index: 'reports_next_deadline', where: 'next_deadline_at < @now', order: 'next_deadline_at, ref' },
  due: { index: 'reports_next_deadline', where: 'next_deadline_at BETWEEN @now AND @dueBy', order: 'next_deadline_at, ref' },
  disclosures: { index: 'reports_disclosure', where: 'disclosure_at BETWEEN @now AND @disclosuresBy', order: 'next_deadline_at, ref' },
  new: { index: 'reports_received_ref', where: 'received_at >= @since', order: 'ref' },
  thirdParty: { index: 'reports_digest_flagged', where: 'digest_flags <> 0 AND digest_flags & 1', order: 'id' },
  suspicious: { index: 'reports_digest_flagged', where: 'digest_flags <> 0 AND digest_flags & 2', order: 'id' },
  /** Open reports whose reporter key lapses: a "keys" line each. */
  reporterKeys: { index: 'reports_digest_flagged', where: 'digest_flags <> 0 AND digest_flags & 4', order: 'id' },
} as const;
export type IndexedSection = keyof typeof SECTIONS;

export function createDigestSections(db: Database) {
  const statements = Object.entries(SECTIONS).map(([name, s]) => {
    const from = `FROM reports INDEXED BY ${s.index} WHERE ${s.where}`;
    const count = db.prepare(`SELECT count(*) AS n ${from}`).pluck();
    const first = db.prepare(`SELECT id ${from} ORDER BY ${s.order} LIMIT @lines`).pluck();
    return { name: name as IndexedSection, count, first };
  });
  const exploited = db.prepare(`SELECT id FROM reports INDEXED BY reports_exploited WHERE exploited = 1 AND status NOT IN (SELECT value FROM json_each(@terminal)) ORDER BY id`).pluck();
  return {
    /** Each report section the indexes hold ("waiting" needs each report's mail: see `waiting`). */
    sections(b: SectionBounds): Record<IndexedSection, SectionIds> {
      // Instants as stored (Date.toISOString()'s form), so that text order is time order.
      const at = { now: b.now.toISOString(), dueBy: b.dueBy.toISOString(), disclosuresBy: b.disclosuresBy.toISOString(), since: b.since.toISOString() };
      return Object.fromEntries(statements.map((s) => [s.name, { count: s.count.get(at) as number, ids: s.first.all({ ...at, lines: b.lines }) as number[] }])) as Record<IndexedSection, SectionIds>;
    },
    /** The exploited reports not in `terminal` (the CRA clocks'), by id. */
    exploitedOpen: (terminal: readonly string[]): number[] => exploited.all({ terminal: JSON.stringify(terminal) }) as number[],
  };
}
