import { describe, expect, test } from 'vitest';
import { SecintakeError } from '../errors.js';
import type { CaptureSink, Source } from '../sources/index.js';
import { intakeJob } from './intake.js';
import type { JobContext } from './types.js';

/** A source whose loop captures one message and then waits for the stop signal, or fails when told to. */
function fakeSource(name: string, opts: { failOnce?: boolean; failLoop?: boolean } = {}) {
  const s = {
    name,
    onceCalls: 0,
    loopStarts: 0,
    async runOnce(capture: CaptureSink) {
      s.onceCalls++;
      if (opts.failOnce) throw new SecintakeError('E_IMAP', `cannot read ${name}`, { transient: true });
      return capture({ source: name, sourceRef: '1', raw: Buffer.from('x') }).inserted ? 1 : 0;
    },
    async run(signal: AbortSignal, capture: CaptureSink) {
      s.loopStarts++;
      if (opts.failLoop && s.loopStarts === 1) throw new SecintakeError('E_MAILDIR', `cannot read ${name}`);
      capture({ source: name, sourceRef: '1', raw: Buffer.from('x') });
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    },
  } satisfies Source & Record<string, unknown>;
  return s;
}

const capture: CaptureSink = () => ({ inserted: true });
const ctx = (signal: AbortSignal, once: boolean, woken: string[] = []): JobContext => ({ signal, once, wake: (j) => void woken.push(j) });
const settle = () => new Promise((r) => setImmediate(r));

describe('intake job', () => {
  test('run --once reads every source even when one fails, then reports the failure', async () => {
    const broken = fakeSource('imap:broken', { failOnce: true });
    const fine = fakeSource('maildir:/m');
    const job = intakeJob({ sources: [broken, fine], capture });
    await expect(job.run(ctx(new AbortController().signal, true))).rejects.toMatchObject({ code: 'E_SOURCE', message: expect.stringContaining('imap:broken') });
    expect([broken.onceCalls, fine.onceCalls]).toEqual([1, 1]);
    expect([broken.loopStarts, fine.loopStarts]).toEqual([0, 0]);
  });

  test('in the daemon each source loop starts once, and new mail wakes the process job', async () => {
    const stop = new AbortController();
    const a = fakeSource('a');
    const woken: string[] = [];
    const job = intakeJob({ sources: [a], capture });
    await job.run(ctx(stop.signal, false, woken));
    await job.run(ctx(stop.signal, false, woken));
    expect(a.loopStarts).toBe(1);
    expect(woken).toEqual(['process']);
    stop.abort();
    await job.stop?.();
  });

  test('a source loop that stopped with an error is reported at the next tick and restarted', async () => {
    const stop = new AbortController();
    const flaky = fakeSource('maildir:/flaky', { failLoop: true });
    const job = intakeJob({ sources: [flaky], capture });
    await job.run(ctx(stop.signal, false));
    await settle();
    await expect(job.run(ctx(stop.signal, false))).rejects.toMatchObject({ code: 'E_SOURCE', message: expect.stringMatching(/maildir:\/flaky stopped \(cannot read/) });
    expect(flaky.loopStarts).toBe(2);
    await job.run(ctx(stop.signal, false));
    expect(flaky.loopStarts).toBe(2);
    stop.abort();
    await job.stop?.();
  });
});
