/** @module The team desk: who a report is assigned to, and the lookups the desk's lists and timeline make. */
export default /* sql */ `
ALTER TABLE reports ADD COLUMN assignee TEXT;            -- a team member's name or address; NULL: unassigned
CREATE INDEX reports_by_assignee ON reports(assignee COLLATE NOCASE);
-- The timeline reads the events of a report's messages too (captured, retried), which carry only message_id.
CREATE INDEX events_by_message ON events(message_id, id);
`;
