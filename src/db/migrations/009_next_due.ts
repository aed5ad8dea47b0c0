/** @module The sweep touches only what can be due (issue 13): each report's next moment its flags or status update can change, and indexes for the desk's lists at 100,000 reports. */
export default /* sql */ `
-- When the sweep must look at the report again (ISO 8601 UTC, compared as text): the earliest deadline, flag threshold
-- or status update still ahead, as the sweep last computed it; set to the time of any write that changes what the flags
-- depend on (status, deadlines, the last update, a reporter key), so the next sweep looks at once. NULL: never (closed).
ALTER TABLE reports ADD COLUMN next_due_at TEXT;
-- Every report with deadlines is due once: the first sweep after the upgrade computes each one's real next moment.
UPDATE reports SET next_due_at = updated_at WHERE deadlines IS NOT NULL;
CREATE INDEX reports_next_due ON reports(next_due_at) WHERE next_due_at IS NOT NULL;
-- A reporter key learned, imported or approved marks that reporter's reports due (the key flags may change).
CREATE INDEX reports_by_reporter ON reports(reporter_email);
-- The digest's "new" section: the reports received since the last digest (status and outbox status have theirs: 002, 001).
CREATE INDEX reports_by_received ON reports(received_at);
`;
