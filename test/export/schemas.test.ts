/** Every export validates against its vendored official schema, for a spread of reports (test/export/fixtures.ts). */
import { describe, expect, test } from 'vitest';
import { toCsaf } from '../../src/export/csaf.js';
import { toCve } from '../../src/export/cve.js';
import { toOsv } from '../../src/export/osv.js';
import { SPREAD } from './fixtures.js';
import { csafValidator, cveValidator, osvValidator } from './validators.js';

const FORMATS = [
  ['OSV 1.7.4', toOsv, osvValidator()],
  ['CSAF 2.0', toCsaf, csafValidator()],
  ['CVE JSON 5.2', toCve, cveValidator()],
] as const;

const cases = FORMATS.flatMap(([format, make, validate]) => SPREAD.map(([report, input]) => [format, report, make, validate, input] as const));

describe('exports against the official schemas', () => {
  test.each(cases)('%s: %s validates', (_format, _report, make, validate, input) => {
    const doc = JSON.parse(JSON.stringify(make(input))) as unknown;
    const valid = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test.each(FORMATS)('%s: the validator rejects a document that breaks the schema', (_format, make, validate) => {
    const [, input] = SPREAD[1] as (typeof SPREAD)[number];
    const doc = JSON.parse(JSON.stringify(make(input))) as Record<string, unknown>;
    // Every one of the three schemas requires a top-level identity: remove it.
    delete doc[Object.keys(doc).find((k) => ['id', 'document', 'cveMetadata'].includes(k)) as string];
    expect(validate(doc)).toBe(false);
  });

  test.each([
    ['CSAF 2.0: a CVSS severity in lower case breaks the FIRST CVSS 3.1 schema it refers to', toCsaf, csafValidator(), 'vulnerabilities.0.scores.0.cvss_v3.baseSeverity', 'high'],
    ['CVE JSON 5.2: a malformed CVSS 3.1 vector breaks the embedded CVSS schema', toCve, cveValidator(), 'containers.cna.metrics.0.cvssV3_1.vectorString', 'CVSS:3.1/AV:Q'],
    ['OSV 1.7.4: a CVSS_V3 score that is not a vector breaks the schema', toOsv, osvValidator(), 'severity.0.score', '7.5'],
  ])('%s', (_n, make, validate, path, value) => {
    const [, input] = SPREAD[1] as (typeof SPREAD)[number];
    const doc = JSON.parse(JSON.stringify(make(input))) as Record<string, unknown>;
    expect(validate(doc)).toBe(true);
    const keys = path.split('.');
    const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, doc);
    parent[keys.at(-1) as string] = value;
    expect(validate(doc)).toBe(false);
  });
});
