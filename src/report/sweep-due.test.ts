/** The sweep looks only at reports whose moment has come (next_due_at), and every write that can change a flag makes a report due. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createWorkspace, type Workspace } from '../../test/helpers/workspace.js';
import type { Runtime } from '../runtime.js';
import { setStatus } from './status.js';
import { sweep } from './sweep.js';

const DAY = 86_400_000;
let ws: Workspace;
let rt: Runtime;
let now: Date;

async function report(n: number): Promise<{ id: number; ref: string }> {
  const raw = `From: r${n}@research.example\r\nSubject: report ${n}\r\nMessage-ID: <due-${n}@research.example>\r\n\r\nSQL injection in the login form ${n}.\r\n`;
  const { id } = rt.capture({ source: 'file', sourceRef: null, raw: Buffer.from(raw) });
  await rt.pipeline.processSafely(rt.repos.messages.get(id) as never);
  const r = rt.repos.reports.list().at(-1);
  if (!r) throw new Error('no report recorded');
  return { id: r.id, ref: r.ref };
}

const dueNow = () => rt.repos.reports.sweepCandidates([], now).map((c) => c.id);
/** A wrong flag written behind the sweep's back: only a sweep that looks at the report clears it. */
const plant = (id: number) => rt.repos.db.prepare(`UPDATE reports SET flags = '["disclosure-passed"]' WHERE id = ?`).run(id);
const flagsOf = (id: number) => rt.repos.reports.byId(id)?.flags;

beforeEach(async () => {
  ws = await createWorkspace();
  now = new Date();
  rt = await ws.open(() => now);
});
afterEach(() => {
  rt?.close();
  ws?.cleanup();
});

describe('the sweep and next_due_at', () => {
  test('a new report is due at once; after a sweep it is due at its first flag threshold or update, whichever is first', async () => {
    const { id } = await report(1);
    expect(dueNow()).toEqual([id]);
    await sweep(rt);
    const r = rt.repos.reports.byId(id);
    const expected = Math.min(Date.parse(r?.deadlines?.triage as string) + 1, Date.parse(r?.deadlines?.nextUpdate as string));
    expect(rt.repos.reports.nextDueAt(id)).toBe(new Date(expected).toISOString());
    expect(dueNow()).toEqual([]);
  });

  test('a report not yet due is not looked at, and is once its moment comes', async () => {
    const { id } = await report(1);
    await sweep(rt);
    plant(id);
    await sweep(rt);
    expect(flagsOf(id)).toEqual(['disclosure-passed']);
    now = new Date(Date.parse(rt.repos.reports.nextDueAt(id) as string));
    await sweep(rt);
    expect(flagsOf(id)).not.toContain('disclosure-passed');
  });

  test.each<[string, (id: number, ref: string) => Promise<unknown> | unknown]>([
    ['a status change', (_id, ref) => setStatus(rt, ref, 'triaged', null)],
    ['a reporter key pinned for the address', () => rt.repos.keys.pin('r1@research.example', 'AB'.repeat(20), 'pinned', null, now)],
  ])('%s makes the report due at once', async (_name, write) => {
    const { id, ref } = await report(1);
    await sweep(rt);
    plant(id);
    rt.repos.db.pragma('foreign_keys = OFF');
    await write(id, ref);
    expect(dueNow()).toEqual([id]);
    await sweep(rt);
    expect(flagsOf(id)).not.toContain('disclosure-passed');
  });

  test('a report closed while due leaves the due index for good', async () => {
    const { id, ref } = await report(1);
    await setStatus(rt, ref, 'rejected', 'out-of-scope');
    await sweep(rt);
    expect(rt.repos.reports.nextDueAt(id)).toBeNull();
  });

  test.each<[string, () => void]>([
    ['a changed policy', () => rt.repos.settings.set('sweep.policy', 'an older policy')],
    ['another team key', () => rt.repos.settings.set('sweep.team-key', 'an older key')],
  ])('%s makes the next sweep look at every open report, once', async (_name, change) => {
    const a = await report(1);
    const b = await report(2);
    await sweep(rt);
    plant(a.id);
    plant(b.id);
    change();
    await sweep(rt);
    expect([flagsOf(a.id), flagsOf(b.id)]).toEqual([[], []]);
    plant(a.id);
    await sweep(rt);
    expect(flagsOf(a.id)).toEqual(['disclosure-passed']);
  });

  test('a report whose due update cannot go out (no reporter address) is looked at again at the next sweep', async () => {
    const { id } = await report(1);
    await sweep(rt);
    now = new Date(now.getTime() + 15 * DAY);
    rt.repos.db.prepare(`UPDATE reports SET reporter_email = NULL WHERE id = ?`).run(id);
    await sweep(rt);
    expect(dueNow()).toEqual([id]);
  });
});
