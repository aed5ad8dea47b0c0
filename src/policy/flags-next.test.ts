import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { REPORT_STATUSES } from '../report/types.js';
import { computeFlags, nextFlagChange, type FlagFacts } from './flags.js';

const DAY = 86_400_000;
const policy = { key_expiry_warn_days: 30 };
// A report received 2026-07-02 10:00 New York (as in flags.test.ts).
const base: FlagFacts = {
  status: 'new',
  deadlines: { triage: '2026-07-08T10:00:00-04:00', resolve: '2026-09-28T10:00:00-04:00', disclosure: '2026-09-30T10:00:00-04:00' },
  versionSupported: null,
  encryptionKeyStatus: 'current',
  teamKey: { expiresAt: new Date('2028-01-01T00:00:00Z') },
  reporterKey: { expiresAt: new Date('2026-08-15T00:00:00Z') },
  reporterDisclosure: null,
};

describe('the next moment a report\'s flags can change', () => {
  test.each<[string, Partial<FlagFacts>, string, string | null]>([
    ['a fresh report is next looked at just after its triage deadline', {}, '2026-07-02T15:00:00Z', '2026-07-08T14:00:00.001Z'],
    ['after triage, the reporter key expiring comes first', {}, '2026-07-09T00:00:00Z', '2026-08-15T00:00:00.000Z'],
    ['then disclosure becoming due soon, a week before it', {}, '2026-08-16T00:00:00Z', '2026-09-23T14:00:00.000Z'],
    ['then the resolution target passing', {}, '2026-09-24T00:00:00Z', '2026-09-28T14:00:00.001Z'],
    ['then disclosure passing', {}, '2026-09-29T00:00:00Z', '2026-09-30T14:00:00.001Z'],
    ['then the team key entering its warning window', {}, '2026-10-01T00:00:00Z', '2027-12-02T00:00:00.000Z'],
    ['then the team key expiring', {}, '2027-12-03T00:00:00Z', '2028-01-01T00:00:00.000Z'],
    ['after that, time changes nothing', {}, '2028-01-02T00:00:00Z', null],
    ['keys that never expire add no moment', { teamKey: { expiresAt: null }, reporterKey: null }, '2026-10-01T00:00:00Z', null],
  ])('%s', (_name, over, now, expected) => {
    expect(nextFlagChange({ ...base, ...over }, new Date(now), policy)?.toISOString() ?? null).toBe(expected);
  });

  test('no flag changes before that moment, whatever the facts (so the sweep may skip the report until then)', () => {
    const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2029-01-01T00:00:00Z') });
    const iso = instant.map((t) => new Date(t).toISOString());
    fc.assert(
      fc.property(
        fc.record({
          status: fc.constantFrom(...REPORT_STATUSES),
          triage: iso,
          resolve: iso,
          disclosure: iso,
          team: fc.option(fc.option(instant)),
          reporter: fc.option(fc.option(instant)),
        }),
        instant,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (f, now, fraction) => {
          const facts: FlagFacts = {
            ...base,
            status: f.status,
            deadlines: { triage: f.triage, resolve: f.resolve, disclosure: f.disclosure },
            teamKey: f.team === null ? null : { expiresAt: f.team === undefined || f.team === null ? null : new Date(f.team) },
            reporterKey: f.reporter === null ? null : { expiresAt: f.reporter === undefined || f.reporter === null ? null : new Date(f.reporter) },
          };
          const next = nextFlagChange(facts, new Date(now), policy)?.getTime() ?? now + 400 * DAY;
          const before = now + Math.floor(fraction * (next - now - 1));
          expect(computeFlags(facts, new Date(before), policy)).toEqual(computeFlags(facts, new Date(now), policy));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
