import { describe, expect, test } from 'vitest';
import type { ReportStatus } from '../report/types.js';
import { nextDeadline } from './next-deadline.js';

const deadlines = { triage: '2026-11-27T10:00:00-05:00', resolve: '2027-02-19T10:00:00-05:00', disclosure: '2027-02-22T10:00:00-05:00', nextUpdate: '2026-12-07T10:00:00-05:00' };

describe('nextDeadline', () => {
  test.each<[string, ReportStatus, object | null, object | null]>([
    ['a new report is next due for triage', 'new', deadlines, { kind: 'triage', at: deadlines.triage }],
    ['a triaged report is next due for resolution', 'triaged', deadlines, { kind: 'resolve', at: deadlines.resolve }],
    ['an accepted report is next due for resolution', 'accepted', deadlines, { kind: 'resolve', at: deadlines.resolve }],
    ['a fix-scheduled report is next due for resolution', 'fix-scheduled', deadlines, { kind: 'resolve', at: deadlines.resolve }],
    ['a fixed report still owes its disclosure', 'fixed', deadlines, { kind: 'disclosure', at: deadlines.disclosure }],
    ['a rejected report has none', 'rejected', deadlines, null],
    ['a disclosed report has none', 'disclosed', deadlines, null],
    ['a resolved report has none', 'resolved', deadlines, null],
    ['a report without deadlines has none', 'new', null, null],
    ['the next status update is not a deadline', 'fixed', { nextUpdate: deadlines.nextUpdate }, null],
    // A 0day: disclosure in 7 days comes before the resolution target.
    ['an earlier disclosure (0day) comes before resolution', 'triaged', { ...deadlines, disclosure: '2026-11-30T10:00:00-05:00' }, { kind: 'disclosure', at: '2026-11-30T10:00:00-05:00' }],
    ['instants are compared, not strings in different offsets', 'triaged', { resolve: '2027-01-01T00:30:00+01:00', disclosure: '2026-12-31T19:00:00-05:00' }, { kind: 'resolve', at: '2027-01-01T00:30:00+01:00' }],
  ])('%s', (_name, status, d, expected) => {
    expect(nextDeadline(status, d as Record<string, string>)).toEqual(expected);
  });
});
