/** @module `reports list` counts what its filter matches from an index, not from the rows (issue 13, scale). */
export default /* sql */ `
-- The list's note ("100 of 100,000 reports") counts with the filter's columns, status and assignee: without an index
-- holding both, the count read every row of the table (~160 ms at 100,000 reports); with it, the index (~4 ms).
CREATE INDEX reports_status_assignee ON reports(status, assignee COLLATE NOCASE);
`;
