import { describe, expect, test } from 'vitest';
import { createLogger } from '../log.js';
import { createSources } from './index.js';

const imap = { host: 'imap.example.org', port: 993, secure: true, require_tls: true, user: 'security', password_file: '/run/pw', mailbox: 'INBOX', idle: true, poll_seconds: 60, tls_verify: true };
const deps = { cursors: { get: () => null, set: () => {} }, log: createLogger('silent'), clock: () => new Date(0), readSecret: () => 'pw' };

describe('createSources', () => {
  test.each([
    ['one Maildir', [{ maildir: { path: '/m' } }], ['maildir:/m']],
    ['one IMAP mailbox', [{ imap }], ['imap:security@imap.example.org:993/INBOX']],
    ['two mailboxes on one server, each its own cursor', [{ imap }, { imap: { ...imap, mailbox: 'Reports' } }], ['imap:security@imap.example.org:993/INBOX', 'imap:security@imap.example.org:993/Reports']],
  ])('%s: one source per entry, named for its cursor', (_name, source, names) => {
    expect(createSources({ source }, deps).map((s) => s.name)).toEqual(names);
  });

  test('the same mailbox listed twice is a config error, not two readers racing for one cursor', () => {
    expect(() => createSources({ source: [{ maildir: { path: '/m' } }, { maildir: { path: '/m' } }] }, deps)).toThrowError(expect.objectContaining({ code: 'E_CONFIG_INVALID' }));
  });
});
