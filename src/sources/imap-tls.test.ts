/** source.imap.require_tls: with secure: false, a server that offers no STARTTLS (or an attacker who strips it) never sees the password. */
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import type { ImapSourceConfig } from '../config/schema.js';
import { createImapSource } from './imap.js';

const PASSWORD = 'correct horse battery staple';

/** A cleartext IMAP server that offers plain LOGIN (no SASL, so the password is on the LOGIN line) but no STARTTLS, refuses every login, and keeps every byte it was sent. */
async function strippedServer(): Promise<{ server: Server; port: number; received: () => string }> {
  let received = '';
  const server = createServer((socket) => {
    socket.write('* OK [CAPABILITY IMAP4rev1] fake server ready\r\n');
    let buffer = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      buffer += chunk.toString('latin1');
      for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const [tag, command = ''] = line.split(' ');
        const verb = command.toUpperCase();
        if (verb === 'CAPABILITY') socket.write(`* CAPABILITY IMAP4rev1\r\n${tag} OK done\r\n`);
        else if (verb === 'LOGOUT') socket.end(`* BYE\r\n${tag} OK bye\r\n`);
        else if (verb === 'LOGIN' || verb === 'AUTHENTICATE') socket.write(`${tag} NO [AUTHENTICATIONFAILED] refused\r\n`);
        else if (tag) socket.write(`${tag} BAD unknown\r\n`);
      }
    });
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, received: () => received };
}

let running: Server | undefined;
afterEach(() => {
  running?.close();
  running = undefined;
});

function source(port: number, requireTls: boolean) {
  const config: ImapSourceConfig = { host: '127.0.0.1', port, secure: false, require_tls: requireTls, user: 'security', password_file: '/unused', mailbox: 'INBOX', idle: false, poll_seconds: 60, tls_verify: true };
  return createImapSource({ config, password: PASSWORD, cursors: { get: () => null, set: () => undefined }, log: pino({ level: 'silent' }), clock: () => new Date(0) });
}

describe('IMAP require_tls', () => {
  test.each([
    ['require_tls: true fails with E_IMAP before any login is sent', true, /STARTTLS.*source\.imap\.require_tls/s, false],
    // The control: the same server does receive the password when the team opted out, so the check above can fail.
    ['require_tls: false (a loopback test server) logs in in cleartext as before', false, /./, true],
  ])('%s', async (_name, requireTls, error, loginSent) => {
    const fake = await strippedServer();
    running = fake.server;
    const failure = (await source(fake.port, requireTls)
      .runOnce(() => ({ inserted: false }))
      .then(
        () => null,
        (e: unknown) => e,
      )) as { code?: string; message?: string; hint?: string } | null;
    expect(failure?.code).toBe('E_IMAP');
    expect(`${failure?.message} ${failure?.hint}`).toMatch(error);
    const sent = fake.received();
    expect(/^\S+ (LOGIN|AUTHENTICATE)\b/im.test(sent)).toBe(loginSent);
    const base64 = Buffer.from(`\0security\0${PASSWORD}`).toString('base64');
    expect(sent.includes(PASSWORD) || sent.includes(base64)).toBe(loginSent);
  });
});
