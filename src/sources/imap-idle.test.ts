import { describe, expect, test } from 'vitest';
import { LIMITS } from '../limits.js';
import { autoIdleDelayMs } from './imap.js';

describe('IMAP auto-IDLE delay', () => {
  test.each([
    [1, 500],
    [10, LIMITS.imapAutoIdleDelayMs],
    [15, LIMITS.imapAutoIdleDelayMs],
    [60, LIMITS.imapAutoIdleDelayMs],
    [3600, LIMITS.imapAutoIdleDelayMs],
  ])('with poll_seconds %i IDLE starts after %i ms, always before the next poll NOOP resets the timer', (poll, delay) => {
    expect(autoIdleDelayMs(poll)).toBe(delay);
    expect(autoIdleDelayMs(poll)).toBeLessThan(poll * 1000);
  });
});
