/** @module Bench databases of any size: one real report ingested, then cloned by SQL in one transaction (fast, and every row is realistic). */
import Database from 'better-sqlite3';
import { benchWorkspace, encryptedReport, type BenchWorkspace } from './mail.js';

/** A workspace whose DB holds `reports` reports and `messages` messages (each report's first message, then replies). */
export async function bigWorkspace(reports: number, messages: number): Promise<BenchWorkspace> {
  const bw = await benchWorkspace();
  const rt = await bw.ws.open();
  const seed = await encryptedReport(0, bw.teamKeys[0] as never);
  const { id } = rt.capture({ source: 'file', sourceRef: null, raw: seed.raw });
  await rt.pipeline.processSafely(rt.repos.messages.get(id) as never);
  rt.close();
  const db = new Database(bw.ws.config.database);
  const cols = (table: string) => (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((c) => c.name);
  const clone = (table: string, n: number, overrides: Record<string, string>) => {
    const names = cols(table).filter((c) => c !== 'id');
    const values = names.map((c) => overrides[c] ?? `t.${c}`);
    db.prepare(`WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})
      INSERT INTO ${table} (id, ${names.join(', ')}) SELECT n.i, ${values.join(', ')} FROM n, ${table} t WHERE t.id = 1`).run();
  };
  db.transaction(() => {
    // Messages point at reports inserted just after them: checked at the commit.
    db.pragma('defer_foreign_keys = ON');
    clone('messages', messages, {
      source_ref: `'bench:' || n.i`,
      message_id: `'bench-' || n.i || '@research.example'`,
      content_sha256: `hex(randomblob(32))`,
      report_id: `CASE WHEN n.i <= ${reports} THEN n.i ELSE 1 + (n.i % ${reports}) END`,
      outcome: `CASE WHEN n.i <= ${reports} THEN 'new-report' ELSE 'reply' END`,
    });
    clone('reports', reports, { ref: `'SEC-' || t.year || '-' || printf('%04d', n.i)`, seq: 'n.i', message_id: 'n.i' });
    // Two events per report (received, acknowledged), as an intake writes them.
    db.prepare(`INSERT INTO events (report_id, message_id, at, kind, data) SELECT id, message_id, received_at, 'report.created', '{}' FROM reports WHERE id > 1`).run();
  })();
  db.close();
  return bw;
}
