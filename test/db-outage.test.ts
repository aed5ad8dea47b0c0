/**
 * A database that takes no writes: a real SQLITE_FULL (the file's page count capped on the runtime's own connection)
 * and a real SQLITE_READONLY (query_only). Nothing is marked failed, fetching and processing pause, both resume by themselves.
 */
import * as openpgp from 'openpgp';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createDbHealth } from '../src/jobs/db-health.js';
import { intakeJob } from '../src/jobs/intake.js';
import { processJob } from '../src/jobs/process.js';
import type { JobContext } from '../src/jobs/types.js';
import type { Runtime } from '../src/runtime.js';
import type { CaptureSink, Source } from '../src/sources/index.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

let ws: Workspace;
let rt: Runtime;
beforeEach(async () => {
  ws = await createWorkspace();
  rt = await ws.open();
});
afterEach(() => {
  rt.close();
  ws.cleanup();
});

const ctx = (): JobContext => ({ signal: new AbortController().signal, once: false, wake: () => {} });
/** SQLite refuses to grow the file past this many pages: the next write that needs a page fails with SQLITE_FULL. */
const fillDisk = () => rt.repos.db.pragma(`max_page_count = ${Number(rt.repos.db.pragma('page_count', { simple: true }))}`);
const freeDisk = () => rt.repos.db.pragma('max_page_count = 1073741823');
/** Every write refused (SQLITE_READONLY), the probe's included: page-count capping lets a write that reuses free pages through. */
const refuseWrites = (on: boolean) => rt.repos.db.pragma(`query_only = ${on ? 1 : 0}`);

async function report(n: number) {
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: `XSS in the search box, report ${n}. ${'Steps. '.repeat(500)}` }), encryptionKeys: ws.teamPublicKey, config: { aeadProtect: false } });
  return Buffer.from(`From: Ada <ada@research.example>\r\nTo: security@example.test\r\nSubject: XSS ${n}\r\nMessage-ID: <full-${n}@research.example>\r\n\r\n${armored}\r\n`);
}

describe('a database that takes no writes', () => {
  test('a valid report captured before the disk filled stays captured (never failed), and is processed once space is back', async () => {
    for (let i = 0; i < 3; i++) rt.capture({ source: 'file', sourceRef: null, raw: await report(i) });
    const health = createDbHealth({ probe: rt.repos.probeWrite, clock: rt.clock, log: pino({ level: 'silent' }) });
    const job = processJob({ processPending: () => rt.pipeline.processPending(), health });
    fillDisk();
    expect(await job.run(ctx())).toEqual({ messages: [] });
    expect(await job.run(ctx())).toEqual({ messages: [] });
    expect(rt.repos.messages.all().map((m) => m.state)).toEqual(['captured', 'captured', 'captured']);
    freeDisk();
    const done = await job.run(ctx());
    expect(done && done.messages?.map((o) => o.error)).toEqual([null, null, null]);
    expect(done && done.messages?.map((o) => o.outcome)).toEqual(['new-report', 'new-report', 'new-report']);
    expect(rt.repos.messages.failed()).toEqual([]);
  });

  test('a capture that cannot be written stops the source loops; intake starts them again only once writes succeed', async () => {
    const starts: AbortSignal[] = [];
    const source: Source = {
      name: 'fake',
      runOnce: async () => 0,
      run: (signal: AbortSignal, capture: CaptureSink) => {
        starts.push(signal);
        try {
          capture({ source: 'fake', sourceRef: `r${starts.length}`, raw: Buffer.from(`Message-ID: <r${starts.length}@x>\r\n\r\n${'x'.repeat(50_000)}`) });
        } catch {
          // The real sources log and retry; the pause is what ends this loop.
        }
        return new Promise<void>((done) => (signal.aborted ? done() : signal.addEventListener('abort', () => done(), { once: true })));
      },
    };
    const health = createDbHealth({ probe: rt.repos.probeWrite, clock: rt.clock, log: pino({ level: 'silent' }) });
    const job = intakeJob({ sources: [source], capture: rt.capture, health });
    refuseWrites(true);
    await job.run(ctx());
    expect(starts).toHaveLength(1);
    expect(starts[0]?.aborted).toBe(true);
    await job.stop?.();
    await job.run(ctx());
    expect(starts).toHaveLength(1);
    refuseWrites(false);
    await job.run(ctx());
    expect(starts).toHaveLength(2);
    expect(starts[1]?.aborted).toBe(false);
    expect(rt.repos.messages.all().map((m) => m.sourceRef)).toEqual(['r2']);
  });
});
