import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createWorkspace, type Workspace } from '../../test/helpers/workspace.js';
import type { Runtime } from '../runtime.js';
import { schedulePatch, setStatus } from './status.js';

let ws: Workspace;
let rt: Runtime;
let ref: string;
beforeEach(async () => {
  ws = await createWorkspace();
  rt = await ws.open();
  const { id } = rt.capture({ source: 'file', sourceRef: null, raw: Buffer.from('From: a@b.example\r\nSubject: x\r\nMessage-ID: <st@b.example>\r\n\r\nplain report\r\n') });
  ref = (await rt.pipeline.processSafely(rt.repos.messages.get(id) as never))?.reportRef as string;
});
afterEach(() => {
  rt.close();
  ws.cleanup();
});

/** The runtime, with another process moving the report to `triaged` while this one composes its update. */
function racedBy(competitor: () => void): Runtime {
  return {
    ...rt,
    notifier: {
      ...rt.notifier,
      statusUpdate: async (input) => {
        competitor();
        return rt.notifier.statusUpdate(input);
      },
    },
  };
}

describe('lifecycle changes check the report inside the transaction that writes', () => {
  test.each([
    ['set-status rejected', (d: Runtime) => setStatus(d, ref, 'rejected', 'invalid')],
    ['set-status to the same target', (d: Runtime) => setStatus(d, ref, 'triaged', null)],
  ])('%s refuses when another process changed the status meanwhile, and writes nothing', async (_what, act) => {
    const id = rt.repos.reports.byRef(ref)?.id as number;
    const queued = rt.repos.outbox.all().length;
    const d = racedBy(() => rt.repos.reports.setStatus(id, 'triaged', null, new Date()));
    await expect(act(d)).rejects.toMatchObject({ code: 'E_REPORT_CHANGED', message: expect.stringContaining('it is now triaged') });
    expect(rt.repos.reports.byId(id)?.status).toBe('triaged');
    expect(rt.repos.outbox.all()).toHaveLength(queued);
  });

  test('without a competitor the change goes through', async () => {
    await expect(setStatus(rt, ref, 'triaged', null)).resolves.toMatchObject({ from: 'new', to: 'triaged' });
    await expect(schedulePatch(rt, ref, '2027-01-15')).resolves.toMatchObject({ patchDate: '2027-01-15' });
  });
});
