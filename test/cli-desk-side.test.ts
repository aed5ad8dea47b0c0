/**
 * The read side (src/desk.ts): commands that read the record open no keys and no holiday tables, so they work while
 * the team key cannot be unlocked, and a holiday code is checked where business days are counted, and by `config check`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

let ws: Workspace;
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/secintake.js', '--config', ws.configFile, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

beforeEach(async () => {
  ws = await createWorkspace();
  const rt = await ws.open();
  const { id } = rt.capture({ source: 'file', sourceRef: null, raw: Buffer.from('From: ada@research.example\r\nSubject: x\r\nMessage-ID: <side-1@research.example>\r\n\r\nSQL injection in the login form.\r\n') });
  await rt.pipeline.processSafely(rt.repos.messages.get(id) as never);
  rt.close();
});
afterEach(() => ws.cleanup());

test.each([
  ['reports list', ['reports', 'list', '--json']],
  ['reports show', ['reports', 'show', 'SEC-2026-0001', '--json']],
  ['messages list', ['messages', 'list', '--json']],
  ['outbox list', ['outbox', 'list', '--json']],
  ['reports timeline', ['reports', 'timeline', 'SEC-2026-0001', '--json']],
])('%s reads the record while the team key cannot be unlocked', (_name, args) => {
  writeFileSync(ws.config.keys.passphrase_file, 'not the passphrase', { mode: 0o600 });
  const ref = (JSON.parse(cli('reports', 'list', '--json').stdout) as { ref: string }[])[0]?.ref ?? 'none';
  const r = cli(...args.map((a) => (a === 'SEC-2026-0001' ? ref : a)));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(() => JSON.parse(r.stdout)).not.toThrow();
  // The full runtime still refuses, so the test above proves the read side, not a working key.
  expect(cli('reports', 'set-status', ref, 'triaged').stderr).toContain('E_KEYS_PASSPHRASE');
});

test('an unknown holiday code is refused by config check and where business days are counted, not by a listing', () => {
  writeFileSync(ws.configFile, `${readFileSync(ws.configFile, 'utf8')}\npolicy: { holidays: [US, XX] }\n`);
  expect(cli('reports', 'list', '--json').code).toBe(0);
  const dueWithin = cli('reports', 'list', '--due-within', '3bd', '--json');
  expect(dueWithin.code).toBe(1);
  expect(dueWithin.stderr).toContain('unknown holiday calendar "XX"');
  const check = cli('config', 'check');
  expect(check.code).toBe(1);
  expect(check.stdout + check.stderr).toMatch(/line \d+: policy\.holidays\.1: unknown holiday calendar "XX"/);
});
