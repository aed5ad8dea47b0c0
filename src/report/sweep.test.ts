import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createWorkspace } from '../../test/helpers/workspace.js';
import { generateTeamKey } from '../crypto/keygen.js';
import { sweep } from './sweep.js';

const DAY = 86_400_000;

describe('sweep', () => {
  test('with the team key expired, each due update fails alone: every report is still flagged, the updates stay due, one error names them all', async () => {
    const w = await createWorkspace();
    try {
      const start = new Date();
      const first = await w.open(() => start);
      for (const n of [1, 2]) {
        const { id } = first.capture({ source: 'file', sourceRef: null, raw: Buffer.from(`From: a${n}@b.example\r\nSubject: x\r\nMessage-ID: <sweep-${n}@b.example>\r\n\r\nplain report ${n}\r\n`) });
        await first.pipeline.processSafely(first.repos.messages.get(id) as never);
      }
      first.close();
      // The only team key is replaced by one that expired long ago (made 60 days ago, valid for one day).
      for (const f of readdirSync(w.config.keys.dir).filter((f) => f.endsWith('.asc'))) rmSync(join(w.config.keys.dir, f));
      await generateTeamKey(w.config, { rotate: false, expiresDays: 1, now: new Date(start.getTime() - 60 * DAY) });
      const rt = await w.open(() => new Date(start.getTime() + 15 * DAY));
      try {
        const refs = rt.repos.reports.list().map((r) => r.ref);
        const before = rt.repos.reports.list().map((r) => r.deadlines?.nextUpdate);
        await expect(sweep(rt)).rejects.toMatchObject({ code: 'E_KEYS_NONE', message: expect.stringContaining(`${refs[0]} (E_KEYS_NONE), ${refs[1]} (E_KEYS_NONE)`) });
        const after = rt.repos.reports.list();
        expect(after.map((r) => r.flags.includes('team-key-expired'))).toEqual([true, true]);
        expect(after.map((r) => r.deadlines?.nextUpdate)).toEqual(before);
      } finally {
        rt.close();
      }
    } finally {
      w.cleanup();
    }
  });
});
