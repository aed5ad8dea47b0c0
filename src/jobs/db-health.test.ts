import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { createDbHealth, isDbUnavailable } from './db-health.js';

const full = () => new SecintakeError('E_DB_UNAVAILABLE', 'the disk holding the database is full (SQLITE_FULL)', { transient: true });

function setup() {
  let t = 0;
  let diskFull = true;
  const lines: string[] = [];
  const log = pino({ level: 'info' }, new Writable({ write: (c: Buffer, _e, done) => (lines.push((JSON.parse(c.toString()) as { msg: string }).msg), done()) }));
  const health = createDbHealth({
    probe: () => {
      if (diskFull) throw full();
    },
    clock: () => new Date(t),
    log,
  });
  return { health, lines, advance: (ms: number) => (t += ms), heal: () => (diskFull = false) };
}

describe('database health', () => {
  test('a database that never failed is writable without a probe', () => {
    expect(setup().health.writable()).toBe(true);
  });

  test('after a failure it stays paused while the probe fails, logs once a minute rather than once a tick, and resumes by itself', () => {
    const s = setup();
    s.health.failed(full());
    for (let i = 0; i < 12; i++) {
      s.advance(10_000);
      expect(s.health.writable()).toBe(false);
    }
    expect(s.lines.filter((l) => l.startsWith('the database takes no writes'))).toHaveLength(Math.floor((12 * 10_000) / LIMITS.dbUnavailableLogMs) + 1);
    s.heal();
    expect(s.health.writable()).toBe(true);
    expect(s.lines.at(-1)).toMatch(/resume/);
    expect(s.health.writable()).toBe(true);
  });

  test.each([
    ['a full disk', full(), true],
    ['a held lock', new SecintakeError('E_DB_BUSY', 'busy', { transient: true }), true],
    ['an IMAP outage (not the database)', new SecintakeError('E_IMAP', 'down', { transient: true }), false],
    ['a bug', new TypeError('x'), false],
  ])('%s counts as a database outage: %s', (_what, e, expected) => {
    expect(isDbUnavailable(e)).toBe(expected);
  });
});
