import { getEventListeners } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { LIMITS } from '../limits.js';
import { createMaildirSource } from './maildir.js';
import type { CaptureRequest } from './types.js';

function maildir(files: Record<string, string>) {
  const path = mkdtempSync(join(tmpdir(), 'secintake-maildir-'));
  mkdirSync(join(path, 'new'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(path, 'new', name), text);
  return path;
}

function recorder(seen = new Set<string>()) {
  const captured: CaptureRequest[] = [];
  const capture = (req: CaptureRequest) => {
    captured.push(req);
    const inserted = !seen.has(req.sourceRef ?? '');
    seen.add(req.sourceRef ?? '');
    return { inserted };
  };
  return { captured, capture };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Maildir source', () => {
  test.each([
    ['one file', { '1700000000.M1.host': 'a' }, ['1700000000.M1.host'], ['1700000000.M1.host:2,S']],
    ['files in name order, the info suffix dropped from the unique name', { '2.b:2,': 'b', '1.a': 'a' }, ['1.a', '2.b'], ['1.a:2,S', '2.b:2,S']],
    ['dot files are not mail', { '.hidden': 'x', '3.c': 'c' }, ['3.c'], ['3.c:2,S']],
  ])('%s: captured under its unique name, then moved to cur/', async (_name, files, refs, cur) => {
    const path = maildir(files);
    const source = createMaildirSource(path);
    const { captured, capture } = recorder();
    expect(await source.runOnce(capture)).toBe(refs.length);
    expect(captured.map((c) => [c.source, c.sourceRef])).toEqual(refs.map((r) => [`maildir:${path}`, r]));
    expect(readdirSync(join(path, 'new')).filter((n) => !n.startsWith('.'))).toEqual([]);
    expect(readdirSync(join(path, 'cur')).sort()).toEqual(cur);
  });

  test('a message the database already has is not counted as new', async () => {
    const { capture } = recorder(new Set(['1.a']));
    expect(await createMaildirSource(maildir({ '1.a': 'a' })).runOnce(capture)).toBe(0);
  });

  test('a Maildir path that is not a directory is an expected error that names the config key', async () => {
    const file = join(maildir({}), 'new', 'a-file');
    writeFileSync(file, 'not a directory');
    await expect(createMaildirSource(file).runOnce(recorder().capture)).rejects.toMatchObject({ code: 'E_MAILDIR', hint: expect.stringContaining('source.maildir.path') });
  });

  test('the poll loop leaves at most one abort listener on the signal however many times it polls', async () => {
    vi.useFakeTimers();
    const path = maildir({});
    const stop = new AbortController();
    const { captured, capture } = recorder();
    const running = createMaildirSource(path).run(stop.signal, capture);
    for (let i = 0; i < 10; i++) {
      writeFileSync(join(path, 'new', `${i}.m`), 'x');
      await vi.advanceTimersByTimeAsync(LIMITS.maildirPollMs);
      expect(getEventListeners(stop.signal, 'abort').length).toBeLessThanOrEqual(1);
    }
    stop.abort();
    await running;
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    expect(captured).toHaveLength(10);
  });
});
