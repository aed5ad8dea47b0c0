import { describe, expect, test } from 'vitest';
import { parseConfig } from './load.js';

const minimal = `team: { address: security@example.org }
source: { maildir: { path: mail } }
transport: { outbox_dir: outbox }
keys: { dir: keys, passphrase_file: keys/passphrase }
`;

describe('config', () => {
  test('a minimal config gets every default and absolute paths relative to the file', () => {
    const r = parseConfig(minimal, '/etc/secintake/config.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.database).toBe('/etc/secintake/secintake.db');
    expect(r.config.source[0]?.maildir?.path).toBe('/etc/secintake/mail');
    expect(r.config.timezone).toBe('America/New_York');
    expect(r.config.policy).toMatchObject({ triage_business_days: 3, resolve_business_days: 60, disclosure_days: 90, exploited_days: 7, grace_days: 14, holidays: ['US'] });
    expect(r.config.limits.max_mime_depth).toBe(20);
    expect(r.config.limits.max_mime_parts).toBe(1000);
  });

  test.each([
    ['absent, the built-in words and English', minimal, null, ['en']],
    ['a relative templates.dir is relative to the file', `${minimal}templates: { dir: words }\npolicy: { languages: [fr, en] }\n`, '/etc/secintake/words', ['fr', 'en']],
  ])('templates and languages: %s', (_n, text, dir, languages) => {
    const r = parseConfig(text, '/etc/secintake/config.yaml');
    expect(r.ok && [r.config.templates.dir, r.config.policy.languages]).toEqual([dir, languages]);
  });

  test('config.example.yaml is valid', async () => {
    const { readFileSync } = await import('node:fs');
    const r = parseConfig(readFileSync('config.example.yaml', 'utf8'), '/srv/config.yaml');
    expect(r.ok ? [] : r.problems).toEqual([]);
  });

  test('the production config in deploy/ is valid under systemd credentials', async () => {
    const { readFileSync } = await import('node:fs');
    const r = parseConfig(readFileSync('deploy/config.production.yaml', 'utf8'), '/etc/secintake/config.yaml', { CREDENTIALS_DIRECTORY: '/run/credentials/secintake.service' });
    expect(r.ok ? [] : r.problems).toEqual([]);
    if (r.ok) expect(r.config.source[0]?.imap?.password_file).toBe('/run/credentials/secintake.service/imap-password');
  });

  test.each([
    ['an unknown key names the key and its line', `${minimal}colour: blue\n`, { key: 'colour', line: 5 }],
    ['an unknown nested key names the full path', minimal.replace('{ path: mail }', '{ path: mail, pth: x }'), { key: 'source.maildir.pth', line: 2 }],
    ['a wrong type names the key', `${minimal}timezone: 12\n`, { key: 'timezone', line: 5 }],
    ['a bad time zone is rejected', `${minimal}timezone: Mars/Olympus\n`, { key: 'timezone', line: 5 }],
    ['a missing required key is named', minimal.replace('keys: { dir: keys, passphrase_file: keys/passphrase }\n', ''), { key: 'keys' }],
    ['both sources at once are rejected', minimal.replace('{ maildir: { path: mail } }', '{ maildir: { path: mail }, imap: { host: h, user: u, password_file: p } }'), { key: 'source' }],
    ['a MIME part limit below one is named with its key and line', `${minimal}limits: { max_mime_parts: 0 }\n`, { key: 'limits.max_mime_parts', line: 5 }],
    ['a language that is not a tag is named with its key and line', `${minimal}policy: { languages: [en, Français] }\n`, { key: 'policy.languages.1', line: 5 }],
    ['an empty language list is refused', `${minimal}policy: { languages: [] }\n`, { key: 'policy.languages' }],
    ['an unknown key under templates is named', `${minimal}templates: { folder: words }\n`, { key: 'templates.folder', line: 5 }],
    ['an inline password is an unknown key, not a secret in the config', minimal.replace('{ maildir: { path: mail } }', '{ imap: { host: h, user: u, password: hunter2, password_file: p } }'), { key: 'source.imap.password' }],
  ])('%s', (_name, text, expected) => {
    const r = parseConfig(text, '/x/config.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toContainEqual(expect.objectContaining(expected));
  });

  // The schema is written with zod/mini, which has no words until its English locale is configured: these are the
  // sentences a person fixing the file reads, exactly as zod's classic API wrote them.
  test.each([
    ['a negative grace period says the least it may be', 'policy: { grace_days: -1 }', 'policy.grace_days', 'Too small: expected number to be >=0'],
    ['too deep a MIME limit says the most it may be', 'limits: { max_mime_depth: 101 }', 'limits.max_mime_depth', 'Too big: expected number to be <=100'],
    ['a fraction of a business day asks for a whole number', 'policy: { triage_business_days: 1.5 }', 'policy.triage_business_days', 'Invalid input: expected int, received number'],
    ['a digest recipient that is not an address says so', 'digest: { recipients: [nobody] }', 'digest.recipients.0', 'Invalid email address'],
    ['a word where a yes/no belongs names both types', 'policy: { cra: yes please }', 'policy.cra', 'Invalid input: expected boolean, received string'],
    ['an empty database path asks for at least one character', 'database: ""', 'database', 'Too small: expected string to have >=1 characters'],
    ['a digest time out of the day gives the format', 'digest: { time: "25:00" }', 'digest.time', 'HH:MM, 24-hour'],
  ])('%s', (_name, line, key, message) => {
    const r = parseConfig(`${minimal}${line}\n`, '/x/config.yaml');
    expect(r.ok ? [] : r.problems).toEqual([{ key, line: 5, message }]);
  });

  test.each([
    ['in a flow list', `${minimal}policy: { holidays: [US, XX] }\ncolour: blue\n`, 5],
    ['in a block list', `${minimal}policy:\n  holidays:\n    - US\n    - XX\ncolour: blue\n`, 8],
  ])('an unknown holiday calendar %s is reported with its line together with every other problem', (_n, text, line) => {
    const r = parseConfig(text, '/x/config.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toContainEqual({ key: 'policy.holidays.1', line, message: expect.stringMatching(/unknown holiday calendar "XX"/) });
    expect(r.problems).toContainEqual(expect.objectContaining({ key: 'colour' }));
  });

  test('an enum-valued key with a value outside its list names every valid value', () => {
    const r = parseConfig(`${minimal}log: { level: loud }\n`, '/x/config.yaml');
    expect(r.ok ? [] : r.problems).toEqual([{ key: 'log.level', line: 5, message: expect.stringMatching(/"fatal".*"error".*"warn".*"info".*"debug".*"trace".*"silent"/) }]);
  });

  test('YAML syntax errors are reported with their line', () => {
    const r = parseConfig(`${minimal}policy: [unclosed\n`, '/x/config.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.line).toBeGreaterThanOrEqual(5);
  });

  test('${VAR} in a path is expanded from the environment, and an unset one is a problem', () => {
    const text = minimal.replace('keys/passphrase', '"${CREDENTIALS_DIRECTORY}/passphrase"');
    const ok = parseConfig(text, '/x/config.yaml', { CREDENTIALS_DIRECTORY: '/run/credentials/secintake.service' });
    expect(ok.ok && ok.config.keys.passphrase_file).toBe('/run/credentials/secintake.service/passphrase');
    const missing = parseConfig(text, '/x/config.yaml', {});
    expect(missing.ok).toBe(false);
  });
});

describe('config: several sources', () => {
  const list = minimal.replace('source: { maildir: { path: mail } }', 'source:\n  - maildir: { path: mail }\n  - imap: { host: h, user: u, password_file: p }');

  test('a list under source reads every mailbox, each with its paths resolved', () => {
    const r = parseConfig(list, '/etc/secintake/config.yaml');
    expect(r.ok ? r.config.source : r.problems).toEqual([
      { maildir: { path: '/etc/secintake/mail' } },
      { imap: expect.objectContaining({ host: 'h', port: 993, mailbox: 'INBOX', password_file: '/etc/secintake/p' }) },
    ]);
  });

  test('the single-entry form loads as a list of one', () => {
    const r = parseConfig(minimal, '/etc/secintake/config.yaml');
    expect(r.ok && r.config.source).toEqual([{ maildir: { path: '/etc/secintake/mail' } }]);
  });

  test.each([
    ['an unknown key in a list entry names the entry and its line', list.replace('{ path: mail }', '{ path: mail, pth: x }'), { key: 'source.0.maildir.pth', line: 3 }],
    ['both kinds in one list entry are rejected', list.replace('- maildir: { path: mail }', '- { maildir: { path: mail }, imap: { host: h, user: u, password_file: p } }'), { key: 'source.0' }],
    ['an empty list is rejected', minimal.replace('{ maildir: { path: mail } }', '[]'), { key: 'source' }],
    ['a source that is neither an entry nor a list is rejected', minimal.replace('{ maildir: { path: mail } }', '3'), { key: 'source', message: expect.stringContaining('list') }],
  ])('%s', (_name, text, expected) => {
    const r = parseConfig(text, '/x/config.yaml');
    expect(r.ok ? [] : r.problems).toContainEqual(expect.objectContaining(expected));
  });
});
