/** @module IMAP source: IDLE plus a safety poll and a NOOP watchdog; reconnects by building a new client; UID cursor, UIDVALIDITY aware. */
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { Logger } from 'pino';
import type { ImapSourceConfig } from '../config/schema.js';
import { errorMessage, isSecintakeError, SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { decodeCursor, encodeCursor } from './imap-cursor.js';
import { sleep } from './sleep.js';
import type { CaptureSink, CursorStore, Source } from './types.js';

export interface ImapSourceDeps {
  config: ImapSourceConfig;
  password: string;
  cursors: CursorStore;
  log: Logger;
  clock: () => Date;
  /** Builds the client; replaced in tests to inject faults. */
  createClient?: (options: ImapFlowOptions) => ImapFlow;
  /** Timing overrides for tests; production uses LIMITS. */
  timing?: Partial<{ backoffMinMs: number; backoffMaxMs: number; noopTimeoutMs: number; socketTimeoutMs: number }>;
}

export const imapSourceName = (c: ImapSourceConfig) => `imap:${c.user}@${c.host}:${c.port}/${c.mailbox}`;

export function createImapSource(deps: ImapSourceDeps): Source {
  const { config, log } = deps;
  const source = imapSourceName(config);
  const timing = {
    backoffMinMs: LIMITS.imapBackoffMinMs,
    backoffMaxMs: LIMITS.imapBackoffMaxMs,
    noopTimeoutMs: LIMITS.imapNoopTimeoutMs,
    socketTimeoutMs: LIMITS.imapSocketTimeoutMs,
    ...deps.timing,
  };
  const newClient = () =>
    (deps.createClient ?? ((o) => new ImapFlow(o)))({
      host: config.host,
      port: config.port,
      secure: config.secure,
      auth: { user: config.user, pass: deps.password },
      logger: false,
      socketTimeout: timing.socketTimeoutMs,
      disableAutoIdle: !config.idle,
      autoIdleDelay: autoIdleDelayMs(config.poll_seconds),
      tls: { rejectUnauthorized: config.tls_verify },
      // imapflow refuses secure together with doSTARTTLS; implicit TLS needs no upgrade.
      ...(!config.secure && config.require_tls ? { doSTARTTLS: true } : {}),
    });

  function readCursor() {
    const { cursor, valid } = decodeCursor(deps.cursors.get(source));
    if (!valid) log.warn({ source }, 'unreadable IMAP cursor; rescanning the mailbox (known mail is recorded as duplicates)');
    return cursor;
  }

  /** Moves the cursor past UIDs that had nothing to capture (expunged between SEARCH and FETCH). */
  function advance(uidvalidity: string, uid: number) {
    const c = readCursor();
    if (c.uidvalidity !== uidvalidity || c.lastUid < uid) deps.cursors.set(source, encodeCursor({ uidvalidity, lastUid: uid }), deps.clock());
  }

  /** Fetches every UID above the cursor and captures each with its cursor in one transaction. */
  async function sync(client: ImapFlow, mailbox: { uidValidity: bigint }, capture: CaptureSink): Promise<number> {
    const uidvalidity = String(mailbox.uidValidity);
    const cursor = readCursor();
    let lastUid = cursor.lastUid;
    if (cursor.uidvalidity !== null && cursor.uidvalidity !== uidvalidity) {
      // RFC 3501 §2.3.1.1: old UIDs mean nothing now. Re-read all; identical messages are recorded as duplicates.
      log.warn({ source, old: cursor.uidvalidity, new: uidvalidity }, 'UIDVALIDITY changed; rescanning the mailbox');
      lastUid = 0;
    }
    // `N:*` always matches the highest UID even when it is below N, so filter; never trust uidNext (it goes stale).
    const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
    const uids = (found || []).filter((u) => u > lastUid).sort((a, b) => a - b);
    let captured = 0;
    for (let i = 0; i < uids.length; i += LIMITS.imapFetchBatch) {
      const batch = uids.slice(i, i + LIMITS.imapFetchBatch);
      // Collect first, then write: no IMAP command may run inside a fetch iteration.
      const messages = await client.fetchAll(batch.join(','), { uid: true, source: true }, { uid: true });
      for (const m of messages.sort((a, b) => a.uid - b.uid)) {
        if (!m.source) continue;
        const r = capture({ source, sourceRef: `${uidvalidity}:${m.uid}`, raw: m.source, cursor: encodeCursor({ uidvalidity, lastUid: m.uid }) });
        if (r.inserted) captured++;
      }
      advance(uidvalidity, batch.at(-1) as number);
    }
    if (uids.length === 0) advance(uidvalidity, lastUid);
    if (config.processed_mailbox && uids.length > 0) await moveProcessed(client, uids);
    return captured;
  }

  /** MOVE fails into a folder that does not exist; creating an existing one is a harmless NO. */
  async function ensureProcessedMailbox(client: ImapFlow) {
    if (config.processed_mailbox) await client.mailboxCreate(config.processed_mailbox).catch(() => undefined);
  }

  async function moveProcessed(client: ImapFlow, uids: number[]) {
    try {
      await client.messageMove(uids.join(','), config.processed_mailbox as string, { uid: true });
    } catch (e) {
      log.warn({ source, err: errorMessage(e) }, 'could not move captured messages to source.imap.processed_mailbox; they stay in place');
    }
  }

  /** One pass: connect, capture what is new, log out (the caller processes what was captured). */
  async function runOnce(capture: CaptureSink): Promise<number> {
    const client = newClient();
    client.on('error', (e: unknown) => log.warn({ source, err: errorMessage(e) }, 'IMAP error'));
    try {
      await client.connect();
      await ensureProcessedMailbox(client);
      return await sync(client, await client.mailboxOpen(config.mailbox), capture);
    } catch (e) {
      // The one place imapflow's errors become ours (the original stays as the cause); ours and bugs pass through.
      if (isSecintakeError(e) || e instanceof TypeError || e instanceof RangeError) throw e;
      throw new SecintakeError('E_IMAP', `cannot read ${source}: ${errorMessage(e)}`, {
        cause: e,
        transient: true,
        hint: (e as { tlsFailed?: boolean }).tlsFailed
          ? 'the server did not upgrade to TLS with STARTTLS, so the password was not sent: use secure: true (port 993), enable STARTTLS on the server, or for a loopback test server only set source.imap.require_tls: false'
          : 'check source.imap (host, port, secure, user, password_file, mailbox) and that the server answers',
      });
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  /** The long-running loop: a new client per connection, backoff with jitter between attempts. */
  async function run(signal: AbortSignal, capture: CaptureSink): Promise<void> {
    let backoff = timing.backoffMinMs;
    while (!signal.aborted) {
      const client = newClient();
      let closed = false;
      // New mail announced while a sync runs (EXISTS arrives with any response) must not wait for the next poll.
      let announced = false;
      let wake: () => void = () => {};
      client.on('error', (e: unknown) => log.warn({ source, err: errorMessage(e) }, 'IMAP error'));
      client.on('close', () => {
        closed = true;
        wake();
      });
      client.on('exists', () => {
        announced = true;
        wake();
      });
      const onAbort = () => wake();
      signal.addEventListener('abort', onAbort);
      try {
        await client.connect();
        await ensureProcessedMailbox(client);
        const mailbox = await client.mailboxOpen(config.mailbox);
        log.info({ source }, 'IMAP connected');
        backoff = timing.backoffMinMs;
        for (;;) {
          announced = false;
          await sync(client, mailbox, capture);
          if (announced) continue;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, config.poll_seconds * 1000);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
            if (closed || signal.aborted) wake();
          });
          wake = () => {};
          if (closed || signal.aborted) break;
          if (announced) continue;
          // Watchdog: a half-open connection never errors by itself; a NOOP that gets no answer means reconnect.
          await withTimeout(client.noop(), timing.noopTimeoutMs, 'IMAP server did not answer NOOP');
        }
      } catch (e) {
        log.warn({ source, err: errorMessage(e) }, 'IMAP connection lost; reconnecting');
      } finally {
        signal.removeEventListener('abort', onAbort);
        if (closed || signal.aborted) client.close();
        else await withTimeout(client.logout(), timing.noopTimeoutMs, 'logout').catch(() => client.close());
      }
      if (signal.aborted) break;
      const delay = backoff / 2 + Math.random() * (backoff / 2);
      log.info({ source, delayMs: Math.round(delay) }, 'IMAP reconnect scheduled');
      await sleep(delay, signal);
      backoff = Math.min(backoff * 2, timing.backoffMaxMs);
    }
  }

  return { name: source, run, runOnce };
}

/**
 * The poll's NOOP re-arms imapflow's auto-IDLE timer; with its default 15 s delay and `poll_seconds` ≤ 15, IDLE never
 * began. Half the poll interval (capped at the default) lets IDLE start between any two polls.
 */
export function autoIdleDelayMs(pollSeconds: number): number {
  return Math.min(LIMITS.imapAutoIdleDelayMs, Math.floor((pollSeconds * 1000) / 2));
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new SecintakeError('E_IMAP', `${what} within ${ms} ms`, { transient: true })), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
