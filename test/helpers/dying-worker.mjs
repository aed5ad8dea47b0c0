/** @module A crypto worker stand-in for pool tests: it exits (as an out-of-memory or native crash would) when asked to decrypt "die", names its resource limits for "limits", and answers anything else. */
import { parentPort, resourceLimits } from 'node:worker_threads';

parentPort.on('message', ({ id, req }) => {
  if (req.op === 'decrypt' && req.input === 'die') process.exit(3);
  const message = req.op === 'decrypt' && req.input === 'limits' ? JSON.stringify(resourceLimits) : `answered by thread ${process.pid}`;
  parentPort.postMessage({ id, ok: true, value: { ok: false, issue: { code: 'armor_corrupt', message } } });
});
