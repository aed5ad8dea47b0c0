/** @module A desk of 100,000 reports (issue 13): indexes for the lookups that were full scans, and what the sweep remembers between runs. */
export default /* sql */ `
-- Threading a reply looks its In-Reply-To/References up by Message-ID: without this, a scan of every message ever captured.
CREATE INDEX messages_by_header_id ON messages(message_id);
-- A report's outgoing mail (timeline, status updates), and the per-recipient rate limit over recently sent mail.
CREATE INDEX outbox_by_report ON outbox(report_id, id);
CREATE INDEX outbox_sent ON outbox(status, sent_at);
-- Small facts kept between runs, e.g. the policy the last complete sweep checked every report's deadlines against.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;
