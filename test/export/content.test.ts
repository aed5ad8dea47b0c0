/** What the exports say, beyond schema validity: credit only when wanted, CVSS where each format has room, placeholders, hostile text inert. */
import { describe, expect, test } from 'vitest';
import { toCsaf } from '../../src/export/csaf.js';
import { CVE_PLACEHOLDERS, toCve } from '../../src/export/cve.js';
import { OSV_PLACEHOLDER_ID, toOsv } from '../../src/export/osv.js';
import { SPREAD } from './fixtures.js';

const [none, full, french, cvss30, hostile] = SPREAD.map(([, input]) => input) as [typeof SPREAD[0][1], typeof SPREAD[0][1], typeof SPREAD[0][1], typeof SPREAD[0][1], typeof SPREAD[0][1]];
const FORMATS = [['OSV', toOsv], ['CSAF', toCsaf], ['CVE', toCve]] as const;
const text = (doc: unknown) => JSON.stringify(doc);

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [k, ...strings(x)]);
  return [];
}

describe('export content', () => {
  test.each([
    ['OSV credits the finder', toOsv(full).credits, [{ name: 'Ada Lovelace', type: 'FINDER' }]],
    ['CSAF acknowledges them on the vulnerability', toCsaf(full).vulnerabilities[0]?.acknowledgments, [{ names: ['Ada Lovelace'] }]],
    ['CVE credits the finder', toCve(full).containers.cna.credits, [{ lang: 'en', value: 'Ada Lovelace', type: 'finder' }]],
  ])('credit wanted: %s', (_n, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  test.each(FORMATS.flatMap(([f, make]) => [[f, 'declined', make, french, 'Camille'], [f, 'not stated', make, cvss30, 'Bob']] as const))(
    '%s: credit %s names nobody',
    (_f, _why, make, input, name) => {
      expect(text(make(input))).not.toContain(name);
    },
  );

  test.each([
    ['OSV carries a 4.0 vector as CVSS_V4', text(toOsv(french).severity), '"type":"CVSS_V4"'],
    ['CVE carries it as cvssV4_0', text(toCve(french).containers.cna.metrics), '"cvssV4_0"'],
    ['CSAF 2.0 has no place for it and says so in a note', text(toCsaf(french).vulnerabilities[0]?.notes), 'CSAF 2.0 has no place for CVSS v4.0'],
    ['CSAF carries a 3.0 vector as cvss_v3 version 3.0', text(toCsaf(cvss30).vulnerabilities[0]?.scores), '"version":"3.0"'],
  ])('CVSS: %s', (_n, haystack, needle) => {
    expect(haystack).toContain(needle);
  });

  test('CSAF: a 4.0 vector gives no score at all', () => {
    expect(toCsaf(french).vulnerabilities[0]).not.toHaveProperty('scores');
  });

  test.each([
    ['one CVE named: it is the id everywhere', full, ['CVE-2026-12345', 'CVE-2026-12345', 'CVE-2026-12345']],
    ['several named: placeholders, the ids listed as related', french, [OSV_PLACEHOLDER_ID, CVE_PLACEHOLDERS.cveId, undefined]],
    ['none named: placeholders', none, [OSV_PLACEHOLDER_ID, CVE_PLACEHOLDERS.cveId, undefined]],
  ])('CVE ids: %s', (_n, input, [osv, cve, csaf]) => {
    expect([toOsv(input).id, toCve(input).cveMetadata.cveId, toCsaf(input).vulnerabilities[0]?.cve]).toEqual([osv, cve, csaf]);
  });

  test('several CVE ids named are related, not aliases, and upper-cased', () => {
    expect(toOsv(french)).toMatchObject({ related: ['CVE-2025-1111', 'CVE-2025-2222'] });
    expect(toOsv(french)).not.toHaveProperty('aliases');
  });

  test('CVE: the record lists what the CNA must still fill in', () => {
    expect(toCve(french).containers.cna.x_secintake.placeholders).toEqual([
      'cveMetadata.cveId', 'cveMetadata.assignerOrgId', 'containers.cna.providerMetadata.orgId', 'containers.cna.references[0].url', 'containers.cna.descriptions[1].value',
    ]);
  });

  test.each([
    ['a patch date is a vendor fix from the start of that day in the team zone', full, [{ category: 'vendor_fix', date: '2026-10-29T00:00:00+01:00' }]],
    ['no patch date, no remediation', none, undefined],
  ])('CSAF remediations: %s', (_n, input, expected) => {
    const r = toCsaf(input).vulnerabilities[0]?.remediations;
    if (expected === undefined) expect(r).toBeUndefined();
    else expect(r).toMatchObject(expected);
  });

  test('CSAF revision history follows the report events, in order, in our words', () => {
    expect(toCsaf(full).document.tracking.revision_history.map((r) => [r.number, r.summary])).toEqual([
      ['0.1.0', 'Report received'], ['0.2.0', 'Status new → triaged'], ['0.3.0', 'Status triaged → accepted'], ['0.4.0', 'Fix scheduled for 2026-10-29'],
    ]);
    expect(toCsaf(full).document.tracking.version).toBe('0.4.0');
  });

  test.each(FORMATS)('%s: hostile text stays inert: no control, bidi or lone-surrogate character in any string', (_f, make) => {
    const doc = make(hostile);
    for (const s of strings(doc)) expect(s).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(JSON.parse(text(doc))).toEqual(doc);
    expect(text(doc)).toContain('<script>alert(1)</script>');
  });

  test.each([
    ['OSV', () => Object.keys(toOsv(hostile)), ['schema_version', 'id', 'modified', 'published', 'summary', 'details', 'affected', 'credits', 'database_specific']],
    ['CVE', () => Object.keys(toCve(hostile).containers.cna), ['providerMetadata', 'title', 'descriptions', 'affected', 'problemTypes', 'credits', 'references', 'x_secintake']],
  ])('%s: hostile text adds no structure', (_f, keys, expected) => {
    expect(keys()).toEqual(expected);
  });

  test('hostile CWE and CVE ids that are not well formed are dropped; a lower-case one is normalised', () => {
    expect(toCve(hostile).containers.cna.problemTypes?.[0]?.descriptions.map((d) => d.cweId)).toEqual(['CWE-79']);
    expect(toOsv(hostile)).not.toHaveProperty('related');
  });
});
