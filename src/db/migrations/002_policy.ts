/** @module Policy state on reports: status reason, scheduled patch, exploitation, last status update sent. */
export default /* sql */ `
ALTER TABLE reports ADD COLUMN status_reason TEXT;
ALTER TABLE reports ADD COLUMN patch_date TEXT;          -- ISO date the team scheduled the fix for
ALTER TABLE reports ADD COLUMN exploited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN last_update_at TEXT;      -- last status update sent to the reporter
CREATE INDEX reports_by_status ON reports(status);
`;
