/** @module Row 3: latency from an IMAP APPEND on a real Dovecot (the daemon in IDLE) to the acknowledgement committed to the outbox. */
import { ImapFlow } from 'imapflow';
import { readFileSync } from 'node:fs';
import { runDaemon } from '../../src/daemon.js';
import { startDovecot } from '../../test/e2e/harness/dovecot.js';
import { benchWorkspace, encryptedReport } from '../lib/mail.js';
import { percentile, round, scaled, type Row } from '../lib/measure.js';

const SECURITY = 'security@example.test';
/** A message whose acknowledgement takes longer than this is a failure of the bench, not a slow sample. */
const GIVE_UP_MS = 60_000;
const SPACING_MS = 250;

export async function imapRows(): Promise<Row[]> {
  const count = scaled(200, 10);
  const dovecot = await startDovecot({ users: [SECURITY] });
  const account = dovecot.users[SECURITY];
  if (!account) throw new Error('the Dovecot harness did not create the security user');
  const bw = await benchWorkspace(undefined, `source:\n  imap: { host: 127.0.0.1, port: ${dovecot.imapPort}, secure: false, require_tls: false, user: "${account.user}", password_file: "${account.passwordFile}", idle: true }`);
  const rt = await bw.ws.open();
  const stop = new AbortController();
  const daemon = runDaemon(rt, stop.signal);
  const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.imapPort, secure: false, auth: { user: account.user, pass: readFileSync(account.passwordFile, 'utf8') }, logger: false });
  // Read-only instrumentation: which reports' first messages have their acknowledgement in the outbox.
  const acked = rt.repos.db.prepare('SELECT m.message_id AS id FROM outbox o JOIN reports r ON r.id = o.report_id JOIN messages m ON m.id = r.message_id');
  try {
    await client.connect();
    const sentAt = new Map<string, number>();
    const latencies = new Map<string, number>();
    const appends: number[] = [];
    const watch = setInterval(() => {
      for (const { id } of acked.all() as { id: string }[]) {
        const t0 = sentAt.get(id);
        if (t0 !== undefined && !latencies.has(id)) latencies.set(id, performance.now() - t0);
      }
    }, 5);
    try {
      const messages = await Promise.all(Array.from({ length: count }, (_, i) => encryptedReport(i, bw.teamKeys[i % 2] as never)));
      // A steady stream, one message every SPACING_MS: the latency of each, not of a backlog.
      for (const m of messages) {
        const id = /^Message-ID: <([^>]+)>/im.exec(m.raw.toString('latin1'))?.[1] as string;
        const t0 = performance.now();
        sentAt.set(id, t0);
        await client.append('INBOX', m.raw);
        appends.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, SPACING_MS));
      }
      const t0 = performance.now();
      while (latencies.size < count) {
        if (performance.now() - t0 > GIVE_UP_MS) throw new Error(`${count - latencies.size} messages unacknowledged after ${GIVE_UP_MS} ms\n${dovecot.logTail()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      clearInterval(watch);
    }
    const values = [...latencies.values()];
    const p50 = percentile(values, 50);
    const p95 = percentile(values, 95);
    const appendP50 = percentile(appends, 50);
    return [
      {
        row: '3 IMAP latency',
        measure: `p50 APPEND→ack queued ÷ p50 APPEND alone (p50 ${round(p50, 0)} ms, p95 ${round(p95, 0)} ms, ${count} messages)`,
        ratio: round(p50 / appendP50),
        goal: 'p50 < 1 s, p95 < 2 s',
        met: p50 < 1_000 && p95 < 2_000,
        detail: { messages: count, p50Ms: round(p50), p95Ms: round(p95), appendP50Ms: round(appendP50) },
      },
    ];
  } finally {
    await client.logout().catch(() => undefined);
    stop.abort();
    await daemon;
    rt.close();
    bw.ws.cleanup();
    await dovecot.cleanup();
  }
}
