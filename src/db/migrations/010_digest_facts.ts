/** @module The digest at 100,000 reports (issue 13): the facts it picks its sections from, read from indexes instead of rows whose bodies come first. */
export default /* sql */ `
-- Every open report's status, deadlines and flags decide the digest's sections. In the row they sit after body_text, so
-- reading them walks each body's overflow pages (a second per 100,000 reports); this index holds them, and the digest
-- reads it alone, in id order (the order of the digest's unsorted sections) without a sort: id comes first.
CREATE INDEX reports_digest_facts ON reports(id, status, received_at, ref, deadlines, flags, exploited);
-- "Waiting on the reporter" looks only at reports still before their fix received before its cutoff: one range per status.
CREATE INDEX reports_by_status_received ON reports(status, received_at);
-- When the reporter last wrote on a report ("waiting on the reporter"): a range of this index, not a scan of every message.
CREATE INDEX messages_reporter_mail ON messages(report_id, outcome, captured_at);
`;
