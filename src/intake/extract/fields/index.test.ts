import { describe, expect, test } from 'vitest';
import { ASKED_FIELDS, askLabel, FIELDS } from './index.js';

describe('fields: the one list', () => {
  test('every key appears once', () => {
    const keys = FIELDS.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('the asked fields, in the order the acknowledgement asks for them', () => {
    expect(ASKED_FIELDS).toEqual(['vulnerabilityType', 'specialConfiguration', 'steps', 'poc', 'impact', 'product', 'affectedVersions', 'reportedToMitre', 'reporter']);
  });

  test.each([
    ['vulnerabilityType', 'the type of issue (XSS, SQL injection, RCE, ...)'],
    ['specialConfiguration', 'any special configuration needed to reproduce'],
    ['steps', 'step-by-step instructions to reproduce'],
    ['poc', 'a proof of concept (code, request or screenshot)'],
    ['impact', 'the impact: what an attacker gains'],
    ['product', 'the affected product'],
    ['affectedVersions', 'the affected version(s)'],
    ['reportedToMitre', 'whether you reported it to MITRE or requested a CVE'],
    ['reporter', 'the name or alias to credit, and how to reach you'],
    ['title', null],
    ['cvss', null],
    ['no-such-field', null],
  ])('the acknowledgement asks for %s as %j', (key, label) => {
    expect(askLabel(key)).toBe(label);
  });

  test.each([
    ['a report stored before extraction is titled by its subject', 'title', null, 'Old subject'],
    ['a stored title wins over the subject', 'title', 'XSS in search', 'XSS in search'],
    ['a report stored before extraction has the reporter on record', 'reporter', null, { name: 'On Record', email: 'rec@x.example', contact: null }],
    ['the address on record wins over an extracted one', 'reporter', { name: 'Ada', email: 'other@x.example', contact: '@ada' }, { name: 'Ada', email: 'rec@x.example', contact: '@ada' }],
    ['a value is shown as extracted', 'cves', ['CVE-2026-0001'], ['CVE-2026-0001']],
    ['false stays false', 'exploitedInTheWild', false, false],
  ] as const)('toJson: %s', (_name, key, value, expected) => {
    const f = FIELDS.find((x) => x.key === key) as { toJson(v: unknown, r: unknown): unknown };
    expect(f.toJson(value, { subject: 'Old subject', reporterName: 'On Record', reporterEmail: 'rec@x.example' })).toEqual(expected);
  });
});
