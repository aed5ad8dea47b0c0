import { describe, expect, test } from 'vitest';
import { findReporterDisclosure as reporterDisclosure } from './reporter-disclosure.js';

const received = new Date('2026-11-02T09:30:00+09:00');

describe('disclosure', () => {
  test.each([
    ['an ISO date', 'I plan to publish on 2027-02-15.', 'en', '2027-02-15'],
    ['an English date', 'Public disclosure on March 1, 2027.', 'en', '2027-03-01'],
    ['a day-first English date', 'I will publish my write-up on 1st of March 2027.', 'en', '2027-03-01'],
    ['a French date', 'Nous publierons le 15 mars 2027.', 'fr', '2027-03-15'],
    ['a French slashed date, day first', 'Publication prévue le 03/04/2027.', 'fr', '2027-04-03'],
    ['"90 days from today", from the receipt date', 'I will publish 90 days from today.', 'en', '2027-01-31'],
    ['"in 3 months", from the receipt date in UTC', 'I intend to disclose publicly in 3 months.', 'en', '2027-02-02'],
    ['"dans 90 jours"', "Je publierai mon analyse dans 90 jours à compter d'aujourd'hui.", 'fr', '2027-01-31'],
    ['a date not about publishing', 'I found it on 2026-10-01 while testing.', 'en', null],
    ['no date', 'I will not publish anything before a fix.', 'en', null],
  ] as const)('%s', (_name, text, lang, expected) => {
    expect(reporterDisclosure(text, received, lang).value).toBe(expected);
  });

  test('an unknown receipt date leaves relative dates unresolved', () => {
    expect(reporterDisclosure('I will publish 90 days from today.', new Date(Number.NaN), 'en').value).toBeNull();
  });
});
