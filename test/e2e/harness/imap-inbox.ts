/** @module A Dovecot test user's INBOX read over IMAP as their own mail client would, without changing it (read-only). */
import { ImapFlow, type MailboxObject } from 'imapflow';
import { readFileSync } from 'node:fs';
import type { DovecotServer } from './dovecot.js';

/** Logs in as `user` with the password from their password file (the file secintake reads), opens INBOX read-only, runs `read`. */
export async function withInbox<T>(server: DovecotServer, user: string, read: (client: ImapFlow, box: MailboxObject) => Promise<T>): Promise<T> {
  const account = server.users[user];
  if (!account) throw new Error(`${user} is not a user of this test Dovecot`);
  const client = new ImapFlow({
    host: server.host,
    port: server.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: account.user, pass: readFileSync(account.passwordFile, 'utf8') },
    logger: false,
  });
  await client.connect();
  try {
    return await read(client, await client.mailboxOpen('INBOX', { readOnly: true }));
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** The raw bytes of every message in `user`'s INBOX, oldest first. */
export function inboxSources(server: DovecotServer, user: string): Promise<Buffer[]> {
  return withInbox(server, user, async (client, box) => (box.exists === 0 ? [] : (await client.fetchAll('1:*', { source: true })).map((m) => m.source as Buffer)));
}
