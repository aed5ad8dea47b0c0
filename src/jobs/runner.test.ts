import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { SecintakeError } from '../errors.js';
import { createRunner } from './runner.js';
import type { Job, JobContext } from './types.js';

/** A clock that only moves when the runner sleeps, and a stop after a number of sleeps: no real time passes. */
function fakeTime(sleepsBeforeStop: number) {
  let t = 1_000_000;
  const stop = new AbortController();
  const sleeps: number[] = [];
  return {
    stop,
    sleeps,
    clock: () => new Date(t),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
      if (sleeps.length >= sleepsBeforeStop) stop.abort();
    },
  };
}

function memoryLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

const job = (name: string, every: number, run: (ctx: JobContext) => Promise<void> = async () => {}): Job & { runs: number } => {
  const j = { name, every, runs: 0, run: async (ctx: JobContext) => void (j.runs++, await run(ctx)) };
  return j;
};

describe('job runner', () => {
  test.each([
    ['an expected error (an expired team key)', new SecintakeError('E_KEYS_NONE', 'no valid team key', { hint: 'run keys generate' })],
    ['a bug', new TypeError('cannot read x')],
  ])('a job that throws %s is logged and counted, does not end the runner, and runs again at its next tick', async (_kind, error) => {
    const time = fakeTime(3);
    const { log, lines } = memoryLog();
    let calls = 0;
    const sweep = job('sweep', 1000, async () => {
      if (++calls === 1) throw error;
    });
    const drain = job('drain', 1000);
    const runner = createRunner([sweep, drain], { clock: time.clock, log, sleep: time.sleep });
    await runner.run(time.stop.signal);
    expect(sweep.runs).toBe(3);
    expect(drain.runs).toBe(3);
    expect(runner.failures('sweep')).toBe(1);
    expect(runner.failures('drain')).toBe(0);
    expect(lines.filter((l) => l.msg === 'job failed; it runs again at its next tick')).toEqual([expect.objectContaining({ job: 'sweep', failures: 1 })]);
  });

  test('the log of a failed job never carries a foreign error message, which may quote a report', async () => {
    const time = fakeTime(1);
    const { log, lines } = memoryLog();
    const runner = createRunner([job('process', 1000, async () => void JSON.parse('Steps to reproduce: curl /admin'))], { clock: time.clock, log, sleep: time.sleep });
    await runner.run(time.stop.signal);
    expect(runner.failures('process')).toBe(1);
    expect(JSON.stringify(lines)).not.toMatch(/Steps to reproduce|curl/);
    expect(lines[0]).toMatchObject({ job: 'process', code: null, err: expect.stringMatching(/^SyntaxError/) });
  });

  test('each job waits for its own interval: a short one runs often, a long one once', async () => {
    const time = fakeTime(6);
    const fast = job('drain', 1000);
    const slow = job('sweep', 60_000);
    await createRunner([slow, fast], { clock: time.clock, log: memoryLog().log, sleep: time.sleep }).run(time.stop.signal);
    expect(time.sleeps).toEqual([1000, 1000, 1000, 1000, 1000, 1000]);
    expect(fast.runs).toBe(6);
    expect(slow.runs).toBe(1);
  });

  test('a wake during the wait (new mail) runs that job at once, without waiting for its interval', async () => {
    const stop = new AbortController();
    const process = job('process', 60_000);
    const sweep = job('sweep', 60_000);
    const waits: number[] = [];
    const runner = createRunner([process, sweep], {
      clock: () => new Date(0),
      log: memoryLog().log,
      // The clock never moves: only the wake can make anything due again.
      sleep: async (ms, signal) => {
        waits.push(ms);
        if (waits.length === 1) runner.wake('process');
        expect(signal.aborted).toBe(waits.length === 1);
        if (waits.length === 2) stop.abort();
      },
    });
    await runner.run(stop.signal);
    expect(process.runs).toBe(2);
    expect(sweep.runs).toBe(1);
  });

  test('waking a job that does not exist is a bug', () => {
    expect(() => createRunner([job('process', 1000)], { clock: () => new Date(0), log: memoryLog().log }).wake('digest')).toThrow(RangeError);
  });

  test('run --once runs each job once, in list order, and a failing job does not stop the ones after it', async () => {
    const order: string[] = [];
    const jobs: Job[] = ['intake', 'process', 'sweep', 'drain'].map((name) => ({
      name,
      every: 1000,
      run: async (ctx) => {
        order.push(`${name}${ctx.once ? ' once' : ''}`);
        if (name === 'sweep') throw new SecintakeError('E_KEYS_NONE', 'expired');
        return name === 'drain' ? { outbox: { sent: 2, deferred: 1, dead: 0 } } : {};
      },
    }));
    const { reports, failed } = await createRunner(jobs, { clock: () => new Date(0), log: memoryLog().log }).runOnce();
    expect(order).toEqual(['intake once', 'process once', 'sweep once', 'drain once']);
    expect(failed).toEqual([{ job: 'sweep', error: expect.objectContaining({ code: 'E_KEYS_NONE' }) }]);
    expect(reports).toContainEqual({ outbox: { sent: 2, deferred: 1, dead: 0 } });
  });

  test('stopping waits for the background work of every job', async () => {
    const time = fakeTime(1);
    let stopped = false;
    const j: Job = { name: 'intake', every: 1000, run: async () => {}, stop: async () => void (stopped = true) };
    await createRunner([j], { clock: time.clock, log: memoryLog().log, sleep: time.sleep }).run(time.stop.signal);
    expect(stopped).toBe(true);
  });

  test.each([
    ['no jobs', []],
    ['a job with no interval', [job('x', 0)]],
  ])('a runner with %s is a bug', (_what, jobs) => {
    expect(() => createRunner(jobs, { clock: () => new Date(0), log: memoryLog().log })).toThrow(RangeError);
  });
});
