import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startPostfix } from './postfix.js';
it('timing', async () => {
  for (let i = 0; i < 4; i++) {
  const p = await startPostfix({ relayLmtp: { host: '127.0.0.1', port: 24 } });
  const pids = p.pids();
  const t0 = Date.now();
  let done = false;
  const stopping = p.stop().then(() => { done = true; });
  while (!done) {
    const states = pids.map((pid) => { try { const s = readFileSync(`/proc/${pid}/stat`, 'utf8'); return s.slice(0, s.indexOf(')') + 4); } catch { return `${pid} gone`; } });
    console.log(i, Date.now() - t0, states.join(' | '));
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopping;
  await p.cleanup();
  }
});
