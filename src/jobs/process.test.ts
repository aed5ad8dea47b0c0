import { describe, expect, test } from 'vitest';
import { NOT_ENCRYPTED, NOT_SIGNED, type MessageOutcome } from '../intake/outcome.js';
import { processJob } from './process.js';

const outcome: MessageOutcome = { messageId: 'a@x', outcome: 'new-report', reportRef: 'SEC-2026-0001', decryption: NOT_ENCRYPTED, signature: NOT_SIGNED, error: null };

describe('process job', () => {
  test.each([
    ['new outcomes wake the drain, so acknowledgements leave at once', [outcome], ['drain']],
    ['nothing processed wakes nothing', [], []],
  ])('%s', async (_name, outcomes, woken) => {
    const wakes: string[] = [];
    const job = processJob({ processPending: async () => outcomes });
    expect(await job.run({ signal: new AbortController().signal, once: false, wake: (j) => void wakes.push(j) })).toEqual({ messages: outcomes });
    expect(wakes).toEqual(woken);
  });
});
