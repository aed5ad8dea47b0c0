/**
 * Crash tests: the real CLI (`run --once`, the daemon's jobs in one pass) exits at each failpoint, then runs again
 * without it. Every message is captured once, every report recorded once, every acknowledgement delivered once to an
 * SMTP sink, or exactly twice with one Message-ID when the crash fell between the 250 and the mark.
 * And a message that kills the process each time it is processed is quarantined after a few restarts.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase } from '../src/db/connection.js';
import { createRepos, type Repos } from '../src/db/index.js';
import { FAILPOINT_EXIT_CODE, type Failpoint } from '../src/failpoint.js';
import { LIMITS } from '../src/limits.js';
import { startSmtpSink, smtpTransport, type SmtpSink } from './helpers/smtp-sink.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

let ws: Workspace;
let repos: Repos;
let sink: SmtpSink;

beforeEach(async () => {
  sink = await startSmtpSink();
  ws = await createWorkspace({ transport: smtpTransport(sink.port) });
  repos = createRepos(openDatabase(ws.config.database));
});
afterEach(async () => {
  repos.db.close();
  await sink.close();
  ws.cleanup();
});

/** Async, so the sink in this process can answer while the child talks to it. */
function runOnce(failpoint?: Failpoint): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['bin/secintake.js', '--config', ws.configFile, 'run', '--once'], {
    env: { ...process.env, SECINTAKE_FAILPOINT: failpoint ?? '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('exit', (code) => done({ code, stderr })));
}

async function deliver(n: number) {
  const dir = join(ws.dir, 'mail');
  for (const sub of ['tmp', 'new', 'cur']) mkdirSync(join(dir, sub), { recursive: true });
  const text = `Stored XSS in the comment form of Foo CMS ${n}.\n\nSteps to reproduce: post <script>alert(${n})</script> as a comment.`;
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: ws.teamPublicKey, config: { aeadProtect: false } });
  writeFileSync(join(dir, 'new', `170000000${n}.M${n}.host`), `From: Ada <ada${n}@research.example>\r\nTo: security@example.test\r\nSubject: XSS ${n}\r\nMessage-ID: <crash-${n}@research.example>\r\n\r\n${armored}\r\n`);
}

describe('crash at each step, then restart', () => {
  test.each([
    ['after-capture', 1],
    ['mid-unwrap', 1],
    ['after-record', 1],
    ['mid-send', 1],
    ['after-send-before-mark', 2],
  ] as const)('a crash %s: each message captured once, each report once, each acknowledgement delivered %i time(s) with one Message-ID', async (point, firstAckCopies) => {
    await deliver(1);
    await deliver(2);
    const crashed = await runOnce(point);
    expect(crashed.code).toBe(FAILPOINT_EXIT_CODE);
    const restarted = await runOnce();
    expect(restarted.stderr).not.toContain('E_DAEMON_RUNNING');
    expect(restarted.code).toBe(0);
    expect(repos.messages.all().map((m) => [m.sourceRef, m.state])).toEqual([
      [expect.stringContaining('1700000001'), 'processed'],
      [expect.stringContaining('1700000002'), 'processed'],
    ]);
    expect(repos.reports.list().map((r) => r.subject).sort()).toEqual(['XSS 1', 'XSS 2']);
    const acks = repos.outbox.all();
    expect(acks.map((m) => m.status)).toEqual(['sent', 'sent']);
    const copies = acks.map((m) => sink.accepted.filter((id) => id === `<${m.messageId}>`).length);
    expect(copies).toEqual([firstAckCopies, 1]);
    expect(sink.accepted).toHaveLength(firstAckCopies + 1);
  }, 120_000);
});

describe('a message that kills the process whenever it is processed', () => {
  test(`is quarantined as failed after ${LIMITS.maxProcessingAttempts} attempts, and the daemon stops crashing on it`, async () => {
    await deliver(1);
    for (let i = 0; i < LIMITS.maxProcessingAttempts; i++) expect((await runOnce('mid-unwrap')).code).toBe(FAILPOINT_EXIT_CODE);
    expect(repos.messages.all().map((m) => m.state)).toEqual(['captured']);
    expect((await runOnce('mid-unwrap')).code).toBe(0);
    expect(repos.messages.all()).toEqual([expect.objectContaining({ state: 'failed', errorCode: 'quarantined', error: expect.stringContaining(`stopped ${LIMITS.maxProcessingAttempts} times`) })]);
  }, 120_000);
});
