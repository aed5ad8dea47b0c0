import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analysedText, extract, type ExtractInput } from './index.js';

const base: ExtractInput = {
  subject: 'SQL injection in acme-server search',
  text: '',
  html: null,
  from: { name: 'Ada L.', address: 'ada@research.example' },
  attachments: [],
  receivedAt: new Date('2026-03-03T12:00:00Z'),
};
const policy = { supportedVersions: { 'acme-server': ['3.x', '2.2.x'] } };

const REPORT = `Hi security team,

## Summary
The search endpoint of acme-server concatenates the q parameter into SQL.

## Affected versions
acme-server before 3.2.1

## Steps to reproduce
1. Log in as any user
2. Run:
\`\`\`
curl -s 'https://acme.example/search?q=1%27%20OR%201=1--'
\`\`\`

## Impact
An attacker can read every customer record.

CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (9.1)

I have not requested a CVE. I plan to publish 90 days from today. Please credit me.

Regards,
Ada Lovelace

On Mon, 2 Mar 2026 at 10:00, Bob <bob@acme.example> wrote:
> XSS everywhere, actively exploited, CVE-2020-0001
`;

describe('extract', () => {
  const x = extract({ ...base, text: REPORT }, policy);

  test.each([
    ['title', x.title.value, 'SQL injection in acme-server search'],
    ['product', x.product.value, 'acme-server'],
    ['affected versions', x.affectedVersions.value, ['<3.2.1']],
    ['version support from policy', x.versionSupported.value, true],
    ['type', x.vulnerabilityType.value, 'sqli'],
    ['CWE default of the type', x.cwe.value, ['CWE-89']],
    ['CVSS computed from the vector', x.cvss.value, { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8, severity: 'critical' }],
    ['the score the reporter wrote', x.reporterScore.value, 9.1],
    ['no CVE outside the quote', x.cves.value, []],
    ['not reported to MITRE', x.reportedToMitre.value, false],
    ['exploitation claimed only in the quote', x.exploitedInTheWild.value, false],
    ['reporter', x.reporter.value, { name: 'Ada Lovelace', email: 'ada@research.example', contact: null }],
    ['credit wanted', x.creditWanted.value, true],
    ['language', x.language.value, 'en'],
    ['disclosure resolved from the receipt date', x.reporterDisclosure.value, '2026-06-01'],
    ['what the report lacks', x.missing, ['specialConfiguration']],
  ])('a full report gives its %s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  test('a differing stated score is a cvss-score-mismatch issue', () => {
    expect(x.issues).toEqual([expect.objectContaining({ code: 'cvss-score-mismatch', stated: 9.1, computed: 9.8 })]);
  });

  test('spans point at the value in the analysed text', () => {
    const text = analysedText({ text: REPORT });
    for (const f of [x.cvss, x.steps, x.impact, x.affectedVersions, x.reporter]) {
      expect(f.span).toBeTruthy();
      const [a, b] = f.span as [number, number];
      expect(b).toBeGreaterThan(a);
      expect(text.slice(a, b).trim()).not.toBe('');
    }
    expect(text.slice(...(x.cvss.span as [number, number]))).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
  });

  test('every confidence is between 0 and 1', () => {
    for (const [key, value] of Object.entries(x)) {
      if (key === 'missing' || key === 'issues') continue;
      const c = (value as { confidence: number }).confidence;
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
  });

  test('a one-liner lists what the policies ask for and it lacks', () => {
    const y = extract({ ...base, subject: 'bug', text: 'your site has a bug', from: { name: null, address: 'a@b.example' } }, policy);
    expect(y.missing).toEqual(['vulnerabilityType', 'specialConfiguration', 'steps', 'poc', 'impact', 'product', 'affectedVersions', 'reportedToMitre', 'reporter']);
  });

  test('an unsupported version is flagged as unsupported', () => {
    expect(extract({ ...base, text: 'acme-server 1.4.0 is affected.' }, policy).versionSupported.value).toBe(false);
  });

  test('a product without a policy entry has no support verdict', () => {
    expect(extract({ ...base, subject: 'XSS in foo-cms', text: 'foo-cms 3.5.0 is affected.' }, policy).versionSupported.value).toBeNull();
  });

  test('an HTML-only French report is read through its text', () => {
    const y = extract(
      { ...base, subject: 'Injection SQL dans acme-web', text: '', html: '<p>Bonjour,</p><p>Le paramètre <b>q</b> est vulnérable.</p><blockquote>actively exploited</blockquote><p>Un attaquant peut lire la base.</p><p>Cordialement,<br>Jeanne Dupont</p>' },
      policy,
    );
    expect(y).toMatchObject({ language: { value: 'fr' }, vulnerabilityType: { value: 'sqli' }, exploitedInTheWild: { value: false }, reporter: { value: { name: 'Jeanne Dupont' } } });
    expect(y.impact.value).toContain('lire la base');
  });
});

describe('extract on hostile input', () => {
  const pieces = ['-', ' ', '\n', 'CVSS:3.1/', 'CVSS:4.0/AV:N/', 'AV:N/', '1.1.1.1.', 'v1.', '> > >', '[[[', ']]]', '(((', ')))', '**', '## ', '```', 'On ', ' wrote:', 'before ', 'and later ', 'CVE-2026-', 'é', '<blockquote>', '<<<', 'a'.repeat(50), '@', '\t'];
  const hostile = fc
    .tuple(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 2000 }))
    .map(([parts, times]) => parts.join('').repeat(times).slice(0, 300_000));

  // Speed is measured by `npm run bench:extract`, not asserted here. This only has to finish: catastrophic
  // backtracking on 300 KB inputs takes minutes per run, far past the test timeout.
  test('never throws and finishes on long adversarial strings', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(hostile, fc.boolean(), (text, asHtml) => {
        const x = extract({ ...base, text: asHtml ? '' : text, html: asHtml ? text : null, subject: text.slice(0, 200) }, policy);
        expect(Array.isArray(x.missing)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  test.each([
    ['an empty message', { ...base, subject: null, text: '', from: null }],
    ['an invalid receipt date', { ...base, text: 'publish in 90 days', receivedAt: new Date(Number.NaN) }],
    ['a lone surrogate and control characters', { ...base, text: '\ud800\u0000\u0007 CVSS:3.1/AV:N' }],
  ])('handles %s', (_name, input) => {
    expect(() => extract(input, policy)).not.toThrow();
  });
});
