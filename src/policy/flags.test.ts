import { describe, expect, test } from 'vitest';
import { computeFlags, type FlagFacts } from './flags.js';

// A report received 2026-07-02 10:00 New York (deadlines as computeDeadlines gives them).
const base: FlagFacts = {
  status: 'accepted',
  deadlines: { triage: '2026-07-08T10:00:00-04:00', resolve: '2026-09-28T10:00:00-04:00', disclosure: '2026-09-30T10:00:00-04:00' },
  versionSupported: true,
  encryptionKeyStatus: 'current',
  teamKey: { expiresAt: new Date('2028-01-01T00:00:00Z') },
  reporterKey: { expiresAt: null },
  reporterDisclosure: null,
};
const policy = { key_expiry_warn_days: 30 };
const flags = (over: Partial<FlagFacts>, now: string) => computeFlags({ ...base, ...over }, new Date(now), policy);

describe('flags', () => {
  test.each<[string, Partial<FlagFacts>, string, string[]]>([
    ['a fresh report in good order has no flag', { status: 'new' }, '2026-07-02T15:00:00Z', []],
    ['a new report past its triage deadline is triage-overdue', { status: 'new' }, '2026-07-08T14:00:01Z', ['triage-overdue']],
    ['a new report exactly at its triage deadline is not overdue yet', { status: 'new' }, '2026-07-08T14:00:00Z', []],
    ['a triaged report is never triage-overdue', { status: 'triaged' }, '2026-07-20T00:00:00Z', []],
    ['a report rejected straight from new is never triage-overdue', { status: 'rejected' }, '2026-07-20T00:00:00Z', []],
    ['an unfixed report past its resolution target is resolution-overdue', { status: 'fix-scheduled' }, '2026-09-28T15:00:00Z', ['resolution-overdue', 'disclosure-due-soon']],
    ['a fixed report is not resolution-overdue, but its disclosure is near', { status: 'fixed' }, '2026-09-28T15:00:00Z', ['disclosure-due-soon']],
    ['disclosure in 7 days is due soon', {}, '2026-09-23T14:00:00Z', ['disclosure-due-soon']],
    ['disclosure in 8 days is not due soon yet', { status: 'fixed' }, '2026-09-22T13:59:59Z', []],
    ['a fixed report whose disclosure passed is flagged', { status: 'fixed' }, '2026-10-01T00:00:00Z', ['disclosure-passed']],
    ['a disclosed report carries no deadline flag', { status: 'disclosed' }, '2026-12-01T00:00:00Z', []],
    ['a resolved report carries no deadline flag', { status: 'resolved' }, '2026-12-01T00:00:00Z', []],
    ['a new report far past every deadline is overdue three ways', { status: 'new' }, '2026-12-01T00:00:00Z', ['triage-overdue', 'resolution-overdue', 'disclosure-passed']],
  ])('deadlines: %s', (_n, over, now, expected) => {
    expect(flags(over, now)).toEqual(expected);
  });

  test.each<[string, Partial<FlagFacts>, string[]]>([
    ['a report against an unsupported version is flagged', { versionSupported: false }, ['unsupported-version']],
    ['an unknown version is not flagged', { versionSupported: null }, []],
    ['unsupported-version stays on a rejected report', { versionSupported: false, status: 'rejected' }, ['unsupported-version']],
    ['a team key expiring within 30 days is flagged', { teamKey: { expiresAt: new Date('2026-08-01T00:00:00Z') } }, ['team-key-expiring']],
    ['a team key expiring in 31 days is not flagged yet', { teamKey: { expiresAt: new Date('2026-08-11T00:00:00Z') } }, []],
    ['an expired team key is flagged as expired, not expiring', { teamKey: { expiresAt: new Date('2026-07-01T00:00:00Z') } }, ['team-key-expired']],
    ['no valid team key at all is flagged as expired', { teamKey: null }, ['team-key-expired']],
    ['a team key that never expires is fine', { teamKey: { expiresAt: null } }, []],
    ['team key flags stop once the report is resolved', { status: 'resolved', teamKey: null }, []],
    ['a report encrypted to a retired key is flagged', { encryptionKeyStatus: 'retired' }, ['encrypted-to-retired-key']],
    ['a report encrypted to an expired key is flagged', { encryptionKeyStatus: 'expired' }, ['encrypted-to-retired-key']],
    ['an unencrypted report is not flagged for its key', { encryptionKeyStatus: null }, []],
    ['a reporter key expiring before disclosure is flagged', { reporterKey: { expiresAt: new Date('2026-09-01T00:00:00Z') } }, ['reporter-key-expiring']],
    ['a reporter key expiring after disclosure is fine', { reporterKey: { expiresAt: new Date('2026-10-01T00:00:00Z') } }, []],
    ['an expired reporter key is flagged as expired', { reporterKey: { expiresAt: new Date('2026-07-01T00:00:00Z') } }, ['reporter-key-expired']],
    ['no reporter key is not a key flag (acks go signed-only)', { reporterKey: null }, []],
    ['a reporter publishing before our resolution target is a conflict', { reporterDisclosure: '2026-09-01' }, ['reporter-deadline-conflict']],
    ['a reporter publishing on the day of our target is a conflict (any hour of that day)', { reporterDisclosure: '2026-09-28' }, ['reporter-deadline-conflict']],
    ['a reporter publishing the day after our target is no conflict', { reporterDisclosure: '2026-09-29' }, []],
    ['a reporter date-time an hour before our target is a conflict', { reporterDisclosure: '2026-09-28T09:00:00-04:00' }, ['reporter-deadline-conflict']],
    ['a reporter date-time after our target is no conflict', { reporterDisclosure: '2026-09-28T11:00:00-04:00' }, []],
    ['a fixed report has no conflict with the reporter date', { status: 'fixed', reporterDisclosure: '2026-09-01' }, []],
  ])('facts: %s', (_n, over, expected) => {
    expect(flags(over, '2026-07-05T00:00:00Z')).toEqual(expected);
  });
});
