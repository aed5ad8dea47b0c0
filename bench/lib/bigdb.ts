/** @module Bench databases of any size: one real report ingested, then cloned by SQL in one transaction (fast, and every row is realistic). */
import Database from 'better-sqlite3';
import { sweep } from '../../src/report/sweep.js';
import { benchWorkspace, encryptedReport, type BenchWorkspace } from './mail.js';

/** A workspace whose DB holds `reports` reports and `messages` messages (each report's first message, then replies). */
export async function bigWorkspace(reports: number, messages: number): Promise<BenchWorkspace> {
  const bw = await benchWorkspace();
  const rt = await bw.ws.open();
  const seed = await encryptedReport(0, bw.teamKeys[0] as never);
  const { id } = rt.capture({ source: 'file', sourceRef: null, raw: seed.raw });
  await rt.pipeline.processSafely(rt.repos.messages.get(id) as never);
  // A desk the daemon has been sweeping: the seed's flags, next_due_at and the policy the sweep checked are settled, and
  // every clone carries them (a fresh clone due at once would make the first timed sweep a full pass).
  await sweep(rt);
  rt.close();
  const db = new Database(bw.ws.config.database);
  const cols = (table: string) => (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((c) => c.name);
  const clone = (table: string, n: number, overrides: Record<string, string>) => {
    const names = cols(table).filter((c) => c !== 'id');
    const values = names.map((c) => overrides[c] ?? `t.${c}`);
    db.prepare(`WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})
      INSERT INTO ${table} (id, ${names.join(', ')}) SELECT n.i, ${values.join(', ')} FROM n, ${table} t WHERE t.id = 1`).run();
  };
  // Messages and reports point at each other, so the keys are checked once after the clone: deferred checks scan every
  // table that references messages for each inserted row (unindexed child columns), quadratic at 300,000 messages.
  db.pragma('foreign_keys = OFF');
  // A bench database: a crash loses nothing worth keeping, and the clone writes hundreds of megabytes.
  db.pragma('synchronous = OFF');
  // Straight into the file: through the WAL, every cloned page is written twice (the log, then the checkpoint).
  db.pragma('journal_mode = OFF');
  db.transaction(() => {
    clone('messages', messages, {
      source_ref: `'bench:' || n.i`,
      message_id: `'bench-' || n.i || '@research.example'`,
      content_sha256: `hex(randomblob(32))`,
      // The bytes once, as a UIDVALIDITY rescan stores them (migration 007; since 011 they sit in message_raw under
      // message 1): 300,000 copies of the seed would be gigabytes.
      raw_of: '1',
      report_id: `CASE WHEN n.i <= ${reports} THEN n.i ELSE 1 + (n.i % ${reports}) END`,
      outcome: `CASE WHEN n.i <= ${reports} THEN 'new-report' ELSE 'reply' END`,
    });
    clone('reports', reports, { ref: `'SEC-' || t.year || '-' || printf('%04d', n.i)`, seq: 'n.i', message_id: 'n.i' });
    // Each clone with the seed's bodies, as reports show reads them (since migration 013 in report_bodies, not the row).
    db.prepare(`INSERT INTO report_bodies (report_id, part, seq, chunk) SELECT r.id, b.part, b.seq, b.chunk FROM reports r, report_bodies b WHERE r.id > 1 AND b.report_id = 1`).run();
    // Two events per report (received, acknowledged), as an intake writes them.
    db.prepare(`INSERT INTO events (report_id, message_id, at, kind, data) SELECT id, message_id, received_at, 'report.created', '{}' FROM reports WHERE id > 1`).run();
  })();
  const broken = db.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`the cloned database breaks ${broken.length} foreign keys`);
  db.pragma('journal_mode = WAL');
  db.close();
  return bw;
}
