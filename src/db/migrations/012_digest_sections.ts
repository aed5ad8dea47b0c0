/** @module The digest at 100,000 reports, second step (issue 13): each section counted and its first lines read from an index range, instead of every open report's facts moved into JavaScript. */

// Written out here, not imported: a migration's text is hashed when applied, so it must never follow later edits of the
// policy's lists. `policy/next-deadline.ts` and `report/digest.ts` hold the rules; the tests of this migration check that
// the columns agree with them for every status and flag.
const TERMINAL = `('rejected', 'disclosed', 'resolved')`;
const BEFORE_FIX = `('new', 'triaged', 'accepted', 'fix-scheduled')`;

/** A deadline as a UTC instant in Date.toISOString()'s form, so text order is time order; NULL when not a string. */
const instant = (kind: string) => `CASE WHEN json_type(deadlines, '$.${kind}') = 'text' THEN strftime('%Y-%m-%dT%H:%M:%fZ', deadlines ->> '$.${kind}') END`;

// `flags` is JSON.stringify of a list of flag names (compact, no spaces): an element starts right after `[` or `,` with
// an unescaped quote, so `,"x"` or `["x"` is exactly an element equal to x, and `,"x` or `["x` one that starts with x.
const element = (name: string) => `(instr(flags, '["${name}"') > 0 OR instr(flags, ',"${name}"') > 0)`;
const startsWith = (prefix: string) => `(instr(flags, '["${prefix}') > 0 OR instr(flags, ',"${prefix}') > 0)`;
// Bit 1: mail from someone other than the proven author, or content outside the protection ("thirdParty"); bit 2: a
// replayed ciphertext ("suspicious"); bit 4: the reporter's key lapsing (a "keys" line).
const THIRD_PARTY = `${element('reply-from-other-sender')} OR ${element('unencrypted-parts')} OR ${startsWith('signature-')}`;
const SUSPICIOUS = element('ciphertext-replayed');
const REPORTER_KEY = `${element('reporter-key-expiring')} OR ${element('reporter-key-expired')}`;

export default /* sql */ `
-- Each deadline while it binds at the report's status (triage while new, resolution until fixed, disclosure until
-- closed), and the next one, as nextDeadline picks it: computed by SQLite from the row on every write, so no writer can
-- forget them; NULL for a closed report.
ALTER TABLE reports ADD COLUMN triage_at TEXT GENERATED ALWAYS AS (CASE WHEN status = 'new' THEN ${instant('triage')} END) VIRTUAL;
ALTER TABLE reports ADD COLUMN resolve_at TEXT GENERATED ALWAYS AS (CASE WHEN status IN ${BEFORE_FIX} THEN ${instant('resolve')} END) VIRTUAL;
ALTER TABLE reports ADD COLUMN disclosure_at TEXT GENERATED ALWAYS AS (CASE WHEN status NOT IN ${TERMINAL} THEN ${instant('disclosure')} END) VIRTUAL;
-- The least of the three that are not NULL (SQLite's min() is NULL if any argument is).
ALTER TABLE reports ADD COLUMN next_deadline_at TEXT GENERATED ALWAYS AS (
  min(coalesce(triage_at, resolve_at, disclosure_at), coalesce(resolve_at, disclosure_at, triage_at), coalesce(disclosure_at, triage_at, resolve_at))) VIRTUAL;
-- Which flag sections an open report belongs to: 0 for most reports, and for every closed one.
ALTER TABLE reports ADD COLUMN digest_flags INTEGER GENERATED ALWAYS AS (CASE WHEN status NOT IN ${TERMINAL} THEN
  iif(${THIRD_PARTY}, 1, 0) | iif(${SUSPICIOUS}, 2, 0) | iif(${REPORTER_KEY}, 4, 0) ELSE 0 END) VIRTUAL;

-- Whether the extraction still asks the reporter for something (its \`missing\` list is not empty): "waiting on the reporter".
ALTER TABLE reports ADD COLUMN asks_reporter INTEGER GENERATED ALWAYS AS (
  CASE WHEN json_type(fields, '$.missing') = 'array' AND json_array_length(fields, '$.missing') > 0 THEN 1 ELSE 0 END) VIRTUAL;

-- "overdue" and "due": a range of next deadlines, in the digest's order (deadline, then reference), counted in the index.
CREATE INDEX reports_next_deadline ON reports(next_deadline_at, ref) WHERE next_deadline_at IS NOT NULL;
-- "disclosures": a range of disclosure deadlines, listed in next-deadline order.
CREATE INDEX reports_disclosure ON reports(disclosure_at, next_deadline_at, ref) WHERE disclosure_at IS NOT NULL;
-- "new": what arrived since the last digest, listed by reference.
CREATE INDEX reports_received_ref ON reports(received_at, ref);
-- The flag sections walk only the few reports with such a flag, in id order (the order they are listed in).
CREATE INDEX reports_digest_flagged ON reports(id, digest_flags) WHERE digest_flags <> 0;
-- "waiting": reports that ask something, one range per status up to the cutoff, without reading any row.
CREATE INDEX reports_asks_reporter ON reports(status, received_at) WHERE asks_reporter = 1;
-- The CRA clocks (policy.cra) are computed for exploited open reports only.
CREATE INDEX reports_exploited ON reports(id, status) WHERE exploited = 1;
-- Migration 010's covering index of every report's facts: nothing reads them all any more.
DROP INDEX reports_digest_facts;
`;
