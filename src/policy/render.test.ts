import { describe, expect, test } from 'vitest';
import { renderInputProblems, renderSecurityMd, renderSecurityTxt, securityTxtExpires, type RenderInput } from './render.js';

const FPR = '5F2DE5521C63A801AB59CCB603D49DE44B29100F';
const input: RenderInput = {
  team: { name: 'Example Security Team', address: 'security@example.org' },
  timezone: 'America/New_York',
  policy: {
    holidays: ['US', 'FR'],
    triage_business_days: 3,
    resolve_business_days: 60,
    disclosure_days: 90,
    exploited_days: 7,
    grace_days: 14,
    update_interval_days: 14,
    supported_versions: { 'acme-server': ['3.x', '2.2.x'], 'foo|cms': ['>=1.4'] },
  },
  teamKey: { fingerprint: FPR, expiresAt: new Date('2027-03-08T12:00:00Z') },
  now: new Date('2026-07-02T14:00:00Z'),
};

describe('render', () => {
  test('security.txt: every field RFC 9116 asks for, Expires capped by the key expiry', () => {
    expect(renderSecurityTxt({ ...input, languages: ['en', 'fr'], links: { policy: 'https://example.org/security', canonical: 'https://example.org/.well-known/security.txt' } })).toBe(
      [
        '# Example Security Team: how to report a security vulnerability.',
        'Canonical: https://example.org/.well-known/security.txt',
        'Contact: mailto:security@example.org',
        '',
        '# Encrypt your report to this OpenPGP key.',
        'Encryption: openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f',
        '',
        'Policy: https://example.org/security',
        'Preferred-Languages: en, fr',
        'Expires: 2027-03-08T12:00:00Z',
        '',
      ].join('\n'),
    );
  });

  test('security.txt: a key URL comes before the fingerprint, and English is the default language', () => {
    const txt = renderSecurityTxt({ ...input, links: { encryption: 'https://example.org/pgp-key.txt' } });
    expect(txt).toContain('Encryption: https://example.org/pgp-key.txt\nEncryption: openpgp4fpr:');
    expect(txt).toContain('Preferred-Languages: en\n');
    expect(txt).not.toContain('Policy:');
  });

  test('security.txt: Contact, Expires and Preferred-Languages appear exactly once', () => {
    const txt = renderSecurityTxt(input);
    for (const field of ['Contact', 'Expires', 'Preferred-Languages']) expect(txt.split('\n').filter((l) => l.startsWith(`${field}:`))).toHaveLength(1);
  });

  test.each([
    ['a key expiring in 8 months sets Expires', '2027-03-08T12:00:00Z', '2027-03-08T12:00:00.000Z'],
    ['a key valid for 2 more years is capped under a year ahead', '2028-07-02T14:00:00Z', '2027-07-01T14:00:00.000Z'],
    ['a key without expiry is capped under a year ahead', null, '2027-07-01T14:00:00.000Z'],
  ])('Expires: %s', (_n, keyExpiry, expected) => {
    expect(securityTxtExpires(input.now, keyExpiry === null ? null : new Date(keyExpiry)).toISOString()).toBe(expected);
  });

  test.each([
    ['a plain address', 'security@example.org', 'mailto:security@example.org'],
    ['a plus address stays as it is (RFC 6068 qchar)', 'security+reports@example.org', 'mailto:security+reports@example.org'],
    ['a ? or % in the address is percent-encoded', 'sec?x%y@example.org', 'mailto:sec%3Fx%25y@example.org'],
  ])('Contact: %s', (_n, address, expected) => {
    expect(renderSecurityTxt({ ...input, team: { ...input.team, address } })).toContain(`Contact: ${expected}\n`);
  });

  test.each([
    ['https links and language tags are fine', { links: { policy: 'https://example.org/p' }, languages: ['en', 'pt-BR'] }, 0],
    ['an http:// link is refused (RFC 9116 wants https)', { links: { policy: 'http://example.org/p' } }, 1],
    ['a language that is not a tag is refused', { languages: ['English'] }, 1],
    ['an empty language list is refused', { languages: [] }, 1],
  ])('renderInputProblems: %s', (_n, opts, count) => {
    expect(renderInputProblems(opts)).toHaveLength(count);
  });

  test('SECURITY.md: key fingerprint and validity, supported versions, timelines from the policy numbers', () => {
    const md = renderSecurityMd(input);
    expect(md).toContain('Email **security@example.org** (Example Security Team)');
    expect(md).toContain('- Fingerprint: `5F2D E552 1C63 A801 AB59 CCB6 03D4 9DE4 4B29 100F`');
    expect(md).toContain('- Valid until: 2027-03-08 (UTC)');
    expect(md).toContain('| acme-server | 3.x, 2.2.x |');
    expect(md).toContain('| foo\\|cms | >=1.4 |');
    expect(md).toContain('| First response | within 3 business days of receipt |');
    expect(md).toContain('| Fix (resolution target) | within 60 business days of receipt |');
    expect(md).toContain('| Public disclosure | 90 days after receipt; 7 days when the vulnerability is exploited in the wild |');
    expect(md).toContain('| Patch scheduled within 14 days after the disclosure deadline | disclosure waits for the patch |');
    expect(md).toContain('| Status updates | every 14 days until resolved, and on every status change |');
    expect(md).toContain('Monday to Friday in the America/New_York time zone, except the public holidays of US, FR.');
  });

  test.each([
    ['changed numbers show up', { triage_business_days: 1, exploited_days: 1 }, ['within 1 business day of receipt', '1 day when the vulnerability']],
    ['no supported_versions says fixes go to the latest release', { supported_versions: {} }, ['Security fixes go to the latest release.']],
    ['no holiday calendar says so', { holidays: [] }, ['except no public holidays']],
  ])('SECURITY.md: %s', (_n, policy, expected) => {
    const md = renderSecurityMd({ ...input, policy: { ...input.policy, ...policy } });
    for (const text of expected) expect(md).toContain(text);
  });

  test('SECURITY.md: a key without expiry says so', () => {
    expect(renderSecurityMd({ ...input, teamKey: { fingerprint: FPR, expiresAt: null } })).toContain('- Valid until: no expiry date');
  });
});
