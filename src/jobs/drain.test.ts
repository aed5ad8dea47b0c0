import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { SecintakeError } from '../errors.js';
import type { DrainSummary } from '../notify/outbox.js';
import { drainJob } from './drain.js';
import type { JobContext } from './types.js';

const none: DrainSummary = { sent: 0, deferred: 0, dead: 0 };
const daemonCtx = (signal = new AbortController().signal): JobContext => ({ signal, once: false, wake: () => {} });
const log = pino({ level: 'silent' });

describe('drain job', () => {
  test('in the daemon a drain that hangs does not hold the runner, and a second tick starts no second drain', async () => {
    let started = 0;
    const job = drainJob({ drain: () => (started++, new Promise<DrainSummary>(() => {})), requeueAbandoned: () => 0, log, graceMs: 1 });
    await job.run(daemonCtx());
    await job.run(daemonCtx());
    expect(started).toBe(1);
    await job.stop?.();
  });

  test('a stop waits only its grace for a frozen send, then returns', async () => {
    const job = drainJob({ drain: () => new Promise<DrainSummary>(() => {}), requeueAbandoned: () => 0, log, graceMs: 1 });
    await job.run(daemonCtx());
    await expect(job.stop?.()).resolves.toBeUndefined();
  });

  test('a background drain that failed is reported at the next tick, through the runner', async () => {
    let calls = 0;
    const job = drainJob({
      drain: async () => {
        if (++calls === 1) throw new SecintakeError('E_SMTP', 'refused', { transient: true });
        return none;
      },
      requeueAbandoned: () => 0,
      log,
    });
    await job.run(daemonCtx());
    await new Promise((r) => setImmediate(r));
    await expect(job.run(daemonCtx())).rejects.toMatchObject({ code: 'E_SMTP' });
    await job.stop?.();
  });

  test.each([
    ['run --once', true],
    ['the daemon', false],
  ])('%s puts abandoned claims back before it drains', async (_what, once) => {
    const order: string[] = [];
    const job = drainJob({ drain: async () => (order.push('drain'), none), requeueAbandoned: () => (order.push('requeue'), 1), log });
    await job.run({ ...daemonCtx(), once });
    await job.stop?.();
    expect(order).toEqual(['requeue', 'drain']);
  });
});
