/**
 * @module The end-to-end mail stack: a Dovecot with security@ and the given users, a Postfix that relays every
 * message to it, and a secintake runtime on the test's clock that reads security@ over IMAP and sends through Postfix.
 */
import type { Runtime } from '../../../src/runtime.js';
import { untilValue } from '../../helpers/until.js';
import { createWorkspace, type Workspace } from '../../helpers/workspace.js';
import { startDovecot, type DovecotServer } from './dovecot.js';
import { inboxSources } from './imap-inbox.js';
import { postfixUnavailable, startPostfix, type PostfixServer } from './postfix.js';

export const SECURITY = 'security@example.test';

export interface MailStack {
  dovecot: DovecotServer;
  postfix: PostfixServer;
  ws: Workspace;
  rt: Runtime;
  /** The raw messages in `user`'s INBOX, oldest first. */
  mailbox(user: string): Promise<Buffer[]>;
  /** Polls `get` until `ok` accepts it; a timeout names `what` with both servers' logs. */
  until<T>(what: string, get: () => Promise<T>, ok: (value: T) => boolean): Promise<T>;
  /** Closes the runtime and stops both servers; what a failed start left running is stopped by the start itself. */
  cleanup(): Promise<void>;
}

/** `extraYaml` is appended to the workspace config (e.g. the digest's time and recipients). */
export async function startMailStack(opts: { users: string[]; clock: () => Date; extraYaml?: string }): Promise<MailStack> {
  const why = postfixUnavailable();
  // Not a skip: a missing real server is a failure to fix, not a pass.
  if (why) throw new Error(`cannot run the Postfix end-to-end test: ${why}`);
  const undo: (() => unknown)[] = [];
  const cleanup = async () => {
    for (const step of undo.splice(0).reverse()) await step();
  };
  try {
    const dovecot = await startDovecot({ users: [SECURITY, ...opts.users] });
    undo.push(() => dovecot.cleanup());
    const postfix = await startPostfix({ relayLmtp: { host: dovecot.host, port: dovecot.lmtpPort } });
    undo.push(() => postfix.cleanup());
    const account = dovecot.users[SECURITY];
    const ws = await createWorkspace({
      source: `source:
  imap: { host: 127.0.0.1, port: ${dovecot.imapPort}, secure: false, require_tls: false, user: "${account?.user}", password_file: "${account?.passwordFile}" }`,
      transport: `transport: { smtp: { host: 127.0.0.1, port: ${postfix.smtpPort}, secure: false, require_tls: false } }`,
      extraYaml: opts.extraYaml,
    });
    undo.push(() => ws.cleanup());
    const rt = await ws.open(opts.clock);
    undo.push(() => rt.close());
    return {
      dovecot,
      postfix,
      ws,
      rt,
      mailbox: (user) => inboxSources(dovecot, user),
      until: (what, get, ok) =>
        untilValue(what, get, ok, { timeoutMs: 20_000, detail: () => `--- postfix ---\n${postfix.logTail()}\n--- dovecot ---\n${dovecot.logTail()}` }),
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
