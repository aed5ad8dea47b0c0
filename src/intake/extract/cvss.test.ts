import { describe, expect, test } from 'vitest';
import { findCvss, severityOf } from './cvss.js';

describe('cvss: finding a vector in a report', () => {
  test.each([
    ['a v3.1 vector is found and scored from its metrics', 'Severity: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', { version: '3.1', score: 9.8, severity: 'critical' }],
    ['a v4.0 vector is found and scored from its metrics', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', { version: '4.0', score: 9.3, severity: 'critical' }],
    ['a bare v3 base vector is read as 3.1', 'Vector AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N here', { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', score: 6.1 }],
    ['an invalid vector is skipped for the next valid one', 'CVSS:3.1/AV:Q/AC:L\nCVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', { score: 7.5 }],
  ])('%s', (_name, text, expected) => {
    expect(findCvss(text).cvss.value).toMatchObject(expected);
  });

  test.each([
    ['a score in brackets after the vector', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (9.1)', 9.1],
    ['a score after "CVSS score:"', 'CVSS score: 7.5 (High)\nCVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 7.5],
    ['a French score with a decimal comma', 'Score CVSS 3.1 : 6,5 (moyen) CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', 6.5],
    ['"9.8/10" is a score', 'Score: 9.8/10', 9.8],
    ['the version in "CVSS:3.1/" is not a score', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', null],
  ])('the reporter score is read from %s', (_name, text, score) => {
    expect(findCvss(text).reporterScore.value).toBe(score);
  });

  test('a stated score that differs from the computed one is a cvss-score-mismatch issue', () => {
    const r = findCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N (7.5)');
    expect(r.cvss.value?.score).toBe(5.8);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'cvss-score-mismatch', stated: 7.5, computed: 5.8 })]);
  });

  test('a matching stated score raises no issue', () => {
    expect(findCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8 Critical').issues).toEqual([]);
  });

  test('an invalid vector alone is reported as an issue, not a score', () => {
    const r = findCvss('CVSS:3.1/AV:N/AC:L/PR:N');
    expect(r.cvss.value).toBeNull();
    expect(r.issues[0]?.code).toBe('cvss-invalid-vector');
  });

  test.each([
    [0, 'none'], [0.1, 'low'], [3.9, 'low'], [4, 'medium'], [6.9, 'medium'], [7, 'high'], [8.9, 'high'], [9, 'critical'], [10, 'critical'],
  ] as const)('a score of %s is %s', (score, severity) => {
    expect(severityOf(score)).toBe(severity);
  });
});
